package blocks

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/session"
)

// RoomPost renders s for its room's channel a little before it starts, as
// of now: "Starting in 5 min · *Title*", then room, speakers and companies,
// the start of the abstract; with "Watch live" (the stream, from s or the
// template, when known) and "Details" link buttons. No "Remind me": it is
// about to begin.
func RoomPost(s session.Session, now time.Time, loc *time.Location, template string) Message {
	when := startingIn(s.Start, now)
	lines := []string{when + " · " + titleLine(s.Title, nil)}
	if l := placeLine(s); l != "" {
		lines = append(lines, l)
	}
	if a := snippetLine(s, Highlight{}); a != "" {
		lines = append(lines, a)
	}
	out := []slack.Block{section(strings.Join(lines, "\n"))}
	var els []slack.BlockElement
	if u := StreamURL(s, template); fitsURL(u) {
		els = append(els, linkButton(ActionWatch, "Watch live", u))
	}
	if u, ok := linkURL(s.URL); ok && fitsURL(u) {
		els = append(els, linkButton(ActionDetails, "Details", u))
	}
	if len(els) > 0 {
		out = append(out, slack.NewActionBlock(blockID("r:", s.ID), els...))
	}
	fallback := when + ": " + oneLine(s.Title)
	if r := oneLine(s.Room); r != "" {
		fallback += " (" + r + ")"
	}
	return Message{Text: mrkdwn(fallback, maxFallbackText), Blocks: out}
}

// startingIn says when start is, from now: "Starting in 5 min", "Starting
// now", "Started 3 min ago".
func startingIn(start, now time.Time) string {
	m := int(start.Sub(now).Round(time.Minute) / time.Minute)
	switch {
	case m > 0:
		return fmt.Sprintf("Starting in %d min", m)
	case m == 0:
		return "Starting now"
	}
	return fmt.Sprintf("Started %d min ago", -m)
}
