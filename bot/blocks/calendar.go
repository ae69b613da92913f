package blocks

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sessionbot/sessionbot/session"
)

// Budgets of the Google Calendar link, in runes of each parameter, so a
// Latin URL stays well under Slack's 3000; CalendarURL cuts further when
// percent-encoding makes it longer.
const (
	calendarTitleRunes   = 200
	calendarDetailsRunes = 600
	calendarPlaceRunes   = 100
)

// CalendarURL returns a Google Calendar link that adds s as an event:
// title, start to end (an hour when the end is unknown) in UTC, the start
// of the abstract and the session's URL as details, and the room. The link
// fits in a Slack button (fitsURL): a non-Latin abstract percent-encodes to
// six or nine characters a letter, so the session's URL is left out of the
// details when it alone is too long, then the abstract is cut shorter,
// then the title and the room. It returns "" for a session without a start
// time.
func CalendarURL(s session.Session) string {
	if s.Start.IsZero() {
		return ""
	}
	end := s.End
	if !end.After(s.Start) {
		end = s.Start.Add(time.Hour)
	}
	const stamp = "20060102T150405Z"
	ev := calendarEvent{
		dates:    s.Start.UTC().Format(stamp) + "/" + end.UTC().Format(stamp),
		title:    Truncate(oneLine(s.Title), calendarTitleRunes),
		abstract: Truncate(oneLine(s.Abstract), calendarDetailsRunes),
		room:     Truncate(oneLine(s.Room), calendarPlaceRunes),
	}
	if u, ok := linkURL(s.URL); ok {
		ev.link = u
	}
	bare := ev
	bare.abstract = ""
	if !fitsURL(bare.url()) {
		ev.link = "" // half a URL is no use; the abstract then has the room
	}
	for _, field := range []*string{&ev.abstract, &ev.title, &ev.room} {
		if fitsURL(ev.url()) {
			break
		}
		*field = longestFit(*field, func(v string) bool {
			was := *field
			*field = v
			defer func() { *field = was }()
			return fitsURL(ev.url())
		})
	}
	if u := ev.url(); fitsURL(u) {
		return u
	}
	return ""
}

// calendarEvent is the text of a CalendarURL, each part cut to its budget.
type calendarEvent struct{ dates, title, abstract, link, room string }

func (ev calendarEvent) url() string {
	q := url.Values{
		"action": {"TEMPLATE"},
		"text":   {ev.title},
		"dates":  {ev.dates},
	}
	if d := strings.TrimSpace(ev.abstract + "\n\n" + ev.link); d != "" {
		q.Set("details", d)
	}
	if ev.room != "" {
		q.Set("location", ev.room)
	}
	return "https://calendar.google.com/calendar/render?" + q.Encode()
}

// longestFit is s, or the longest Truncate of it (down to "") that fits.
func longestFit(s string, fits func(string) bool) string {
	if fits(s) {
		return s
	}
	lo, hi := 0, utf8.RuneCountInString(s)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(Truncate(s, mid)) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return Truncate(s, lo)
}

// fitsURL reports whether u is a URL Slack takes in a link button: not
// empty, and at most 3000 characters.
func fitsURL(u string) bool {
	return u != "" && utf8.RuneCountInString(u) <= maxURL
}
