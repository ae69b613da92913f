package blocks

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/session"
)

// ActionCalendar is the "Add to calendar" link button of reminders and
// schedule notices. Like ActionDetails, Slack opens its URL and still sends
// an interaction, which needs only an ack.
const ActionCalendar = "session.calendar"

// Kinds of schedule notice, as ScheduleNoticeDM takes them.
const (
	NoticeScheduled = "scheduled" // a session without a time got one
	NoticeMoved     = "moved"     // a reminded session moved (time or room)
	NoticeCancelled = "cancelled" // a reminded session left the programme
)

// ReminderDM renders the reminder a user asked for, as of now: "⏰ *Title*
// starts <date> (in 10 minutes)", or "has started <date>" once now is at or
// past the start; then room, speakers and companies; then a "Details" link
// button for an http(s) URL and an "Add to calendar" one.
func ReminderDM(s session.Session, now time.Time, loc *time.Location) Message {
	title := titleLine(s.Title, nil)
	when, verb := "starts soon", "starts"
	switch {
	case s.Start.IsZero():
	case now.Before(s.Start):
		when = "starts " + Date(s.Start, loc) + " (" + until(s.Start.Sub(now)) + ")"
	default:
		when, verb = "has started "+Date(s.Start, loc), "started"
	}
	lines := []string{"⏰ " + title + " " + when}
	if l := placeLine(s); l != "" {
		lines = append(lines, l)
	}
	fallback := "Reminder: " + oneLine(s.Title) + " " + verb + " " + plainWhen(s.Start, loc)
	return dm(fallback, strings.Join(lines, "\n"), s)
}

// until says how far away d is: "in 10 minutes", "in 1 hour 5 minutes",
// "in less than a minute".
func until(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m < 1:
		return "in less than a minute"
	case m < 60:
		return "in " + plural(m, "minute")
	case m%60 == 0:
		return "in " + plural(m/60, "hour")
	}
	return "in " + plural(m/60, "hour") + " " + plural(m%60, "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// placeLine is "Room · Speaker, Speaker · Company" with the parts known.
func placeLine(s session.Session) string {
	var parts []string
	if r := oneLine(s.Room); r != "" {
		parts = append(parts, "📍 "+mrkdwn(r, placeRunes))
	}
	if l := speakerLine(s); l != "" {
		parts = append(parts, l)
	}
	return strings.Join(parts, " · ")
}

// plainWhen is t in loc for fallback text, which shows no date tokens.
func plainWhen(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return inZone(t, loc).Format("Mon 2 Jan 15:04 MST")
}

// ScheduleNoticeDM renders what changed for a session a user has a reminder
// for: kind NoticeScheduled ("now scheduled for …; I'll remind you"),
// NoticeMoved ("moved to <time>, <room>; your reminder follows it") or
// NoticeCancelled ("was removed from the programme; your reminder is
// cancelled"). Another kind renders as a plain "was updated".
func ScheduleNoticeDM(kind string, s session.Session, loc *time.Location) Message {
	title := titleLine(s.Title, nil)
	place := where(s, loc)
	if place == "" {
		place = "a time to be announced"
	}
	var text, fallback string
	switch kind {
	case NoticeScheduled:
		text = "🗓 " + title + " is now scheduled for " + place + ". I'll remind you before it starts."
		fallback = "Now scheduled: "
	case NoticeMoved:
		text = "🔀 " + title + " moved to " + place + ". Your reminder follows it."
		fallback = "Moved: "
	case NoticeCancelled:
		return dm("Cancelled: "+oneLine(s.Title), "❌ "+title+" was removed from the programme. Your reminder is cancelled.", session.Session{})
	default:
		text = "ℹ️ " + title + " was updated: now " + place + "."
		fallback = "Updated: "
	}
	return dm(fallback+oneLine(s.Title)+" "+plainWhen(s.Start, loc), text, s)
}

// ScheduleNoticesDM renders one notice about several sessions of the same
// kind: ScheduleNoticeDM's blocks for each of the first ten, with dividers
// between, then "…and N more". One session renders as ScheduleNoticeDM.
func ScheduleNoticesDM(kind string, sessions []session.Session, loc *time.Location) Message {
	sessions = unique(sessions, func(s session.Session) string { return s.ID })
	if len(sessions) == 1 {
		return ScheduleNoticeDM(kind, sessions[0], loc)
	}
	var out []slack.Block
	for i, s := range sessions[:min(len(sessions), maxListCards)] {
		if i > 0 {
			out = append(out, slack.NewDividerBlock())
		}
		out = append(out, ScheduleNoticeDM(kind, s, loc).Blocks...)
	}
	if more := len(sessions) - maxListCards; more > 0 {
		out = append(out, contextBlock(fmt.Sprintf("…and %d more: `/session agenda`", more)))
	}
	return Message{Text: fmt.Sprintf("%d sessions you have reminders for changed", len(sessions)), Blocks: out}
}

// dm is a message of one section of mrkdwn text followed by the link
// buttons of s (none for a zero s).
func dm(fallback, text string, s session.Session) Message {
	out := []slack.Block{section(text)}
	if a := linkActions(s); a != nil {
		out = append(out, a)
	}
	if fallback = mrkdwn(fallback, maxFallbackText); fallback == "" {
		fallback = ellipsis
	}
	return Message{Text: fallback, Blocks: out}
}

// linkActions is an actions block with the "Details" and "Add to calendar"
// link buttons of s, or nil when it has neither.
func linkActions(s session.Session) *slack.ActionBlock {
	var els []slack.BlockElement
	if u, ok := linkURL(s.URL); ok && fitsURL(u) {
		b := button(ActionDetails, "", "Details")
		b.URL = u
		els = append(els, b)
	}
	if u := CalendarURL(s); fitsURL(u) {
		b := button(ActionCalendar, "", "Add to calendar")
		b.URL = u
		els = append(els, b)
	}
	if len(els) == 0 {
		return nil
	}
	return slack.NewActionBlock(blockID("l:", s.ID), els...)
}

// Limits of a follow alert's intro: the queries it names.
const (
	maxFollowQueries = 5
	followQueryRunes = 100
)

// FollowDM renders the news for a user's followed queries: "New sessions
// matching *rust*, *go*:" and a card (with its "Remind me" button) for each
// of the first ten sessions, then "…and N more". A session listed twice is
// shown once.
func FollowDM(queries []string, sessions []session.Session, loc *time.Location) Message {
	sessions = unique(sessions, func(s session.Session) string { return s.ID })
	intro, plain := followIntro(queries)
	out := []slack.Block{section(intro)}
	for i, s := range sessions[:min(len(sessions), maxListCards)] {
		if i > 0 {
			out = append(out, slack.NewDividerBlock())
		}
		out = append(out, Card(s, Highlight{}, loc)...)
	}
	if more := len(sessions) - maxListCards; more > 0 {
		out = append(out, contextBlock(fmt.Sprintf("…and %d more: `/session new`", more)))
	}
	fallback := fmt.Sprintf("%s %d sessions", plain, len(sessions))
	if len(sessions) == 1 {
		fallback = plain + " 1 session"
	}
	return Message{Text: mrkdwn(fallback, maxFallbackText), Blocks: out}
}

// followIntro is the first line of a FollowDM, in mrkdwn and in plain text.
func followIntro(queries []string) (string, string) {
	var marked, plain []string
	for _, q := range queries {
		if q = oneLine(q); q != "" {
			marked = append(marked, emphasize(q, [][2]int{{0, len(q)}}, followQueryRunes))
			plain = append(plain, q)
		}
	}
	if len(marked) == 0 {
		return "🔔 New sessions you follow:", "New sessions you follow:"
	}
	return "🔔 New sessions matching " + listMore(marked, maxFollowQueries) + ":",
		"New sessions matching " + listMore(plain, maxFollowQueries) + ":"
}
