package blocks

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/session"
)

// Limits of the day's digest.
const (
	digestFirst  = 5 // sessions listed
	digestTracks = 8 // tracks counted before "…"
)

// DayDigest renders the morning message about day (a time in it):
// "Today at <conference>", how many sessions and how many per track, the
// first few by start time (time, title, room), and a pointer to `/session
// now`. sessions are that day's.
func DayDigest(conference string, day time.Time, sessions []session.Session, loc *time.Location) Message {
	if conference = oneLine(conference); conference == "" {
		conference = "the conference"
	}
	sessions = unique(sessions, func(s session.Session) string { return s.ID })
	slices.SortStableFunc(sessions, session.ByStart)
	title := "Today at " + conference
	lines := []string{"*" + plural(len(sessions), "session") + "* today, " + inZone(day, loc).Format("Monday 2 January")}
	if t := trackCounts(sessions); t != "" {
		lines = append(lines, t)
	}
	out := []slack.Block{header(title), section(strings.Join(lines, "\n"))}
	var first []string
	for _, s := range sessions[:min(len(sessions), digestFirst)] {
		line := inZone(s.Start, loc).Format("15:04") + " · " + titleLine(s.Title, nil)
		if r := oneLine(s.Room); r != "" {
			line += " · " + mrkdwn(r, placeRunes)
		}
		first = append(first, line)
	}
	if len(first) > 0 {
		out = append(out, section(strings.Join(first, "\n")))
	}
	out = append(out, contextBlock("What runs now: `/session now` · what starts within the hour: `/session next`"))
	fallback := fmt.Sprintf("%s: %s", title, plural(len(sessions), "session"))
	return Message{Text: mrkdwn(fallback, maxFallbackText), Blocks: out}
}

// trackCounts is "Security 3 · Cloud 2 · …", most sessions first.
func trackCounts(sessions []session.Session) string {
	counts := map[string]int{}
	for _, s := range sessions {
		if t := oneLine(s.Track); t != "" {
			counts[t]++
		}
	}
	tracks := make([]string, 0, len(counts))
	for t := range counts {
		tracks = append(tracks, t)
	}
	slices.SortFunc(tracks, func(a, b string) int { return cmp.Or(counts[b]-counts[a], strings.Compare(a, b)) })
	var parts []string
	for _, t := range tracks[:min(len(tracks), digestTracks)] {
		parts = append(parts, fmt.Sprintf("%s %d", mrkdwn(t, placeRunes), counts[t]))
	}
	if len(tracks) > digestTracks {
		parts = append(parts, "…")
	}
	return strings.Join(parts, " · ")
}
