// Package calendar renders sessions as an iCalendar file (RFC 5545),
// written by a maintained library (github.com/arran4/golang-ical) rather
// than by hand: one VEVENT per session with a time, a UID stable across
// exports, times in UTC, the room as LOCATION, the session's page as URL
// and its speakers and abstract as DESCRIPTION.
package calendar

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/sessionbot/sessionbot/session"
)

// ProductID names sessionbot in the calendar's PRODID.
const ProductID = "-//sessionbot//agenda//EN"

// UID is the stable UID of s's event: the same in every export, so that a
// calendar app imports a newer file as an update, not a copy.
func UID(s session.Session) string { return url.PathEscape(s.ID) + "@sessionbot" }

// ICS returns the iCalendar file of sessions, those without a time left
// out (an event needs a start); now is its DTSTAMP.
func ICS(sessions []session.Session, now time.Time) ([]byte, error) {
	cal := ics.NewCalendarFor("sessionbot")
	cal.SetProductId(ProductID)
	cal.SetMethod(ics.MethodPublish)
	cal.SetName("Your agenda")
	for _, s := range sessions {
		if !s.Start.IsZero() {
			addEvent(cal, s, now)
		}
	}
	var b strings.Builder
	if err := cal.SerializeTo(&b, ics.WithNewLine("\r\n")); err != nil { // RFC 5545 lines end in CRLF
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return []byte(b.String()), nil
}

// addEvent adds s as an event; a session without an end lasts
// session.AssumedLength.
func addEvent(cal *ics.Calendar, s session.Session, now time.Time) {
	ev := cal.AddEvent(UID(s))
	ev.SetDtStampTime(now)
	ev.SetStartAt(s.Start)
	end := s.End
	if !end.After(s.Start) {
		end = s.Start.Add(session.AssumedLength)
	}
	ev.SetEndAt(end)
	ev.SetSummary(s.Title)
	if s.Room != "" {
		ev.SetLocation(s.Room)
	}
	if s.URL != "" {
		ev.SetURL(s.URL)
	}
	if d := description(s); d != "" {
		ev.SetDescription(d)
	}
}

// description is the speakers (with their companies) and the abstract.
func description(s session.Session) string {
	var speakers []string
	for _, sp := range s.Speakers {
		if sp.Company != "" {
			speakers = append(speakers, sp.Name+" ("+sp.Company+")")
		} else {
			speakers = append(speakers, sp.Name)
		}
	}
	parts := []string{strings.Join(speakers, ", "), s.Abstract}
	if s.StreamURL != "" {
		parts = append(parts, "Live stream: "+s.StreamURL)
	}
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}
