package blocks

import (
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/session"
)

// maxListCards is how many cards SessionList shows before "…and N more".
const maxListCards = 10

// SessionList renders a titled list of sessions, as for "/session now" and
// "next": a header, a card for each of the first ten sessions with dividers
// between, and "…and N more" when there are more. A session listed twice is
// shown once.
func SessionList(title string, sessions []session.Session, loc *time.Location) Message {
	return sessionList(title, sessions, loc, "", CardOptions{})
}

// SessionListWith is SessionList with every card adapted by opts: with
// opts.Now, a running session's card offers "Watch live" (/session now).
func SessionListWith(title string, sessions []session.Session, loc *time.Location, opts CardOptions) Message {
	return sessionList(title, sessions, loc, "", opts)
}

// Digest renders one announcement of new sessions: "3 new sessions", a card
// (with its "Remind me" button) for each of the first ten, and "…and 7 more:
// /session new" beyond.
func Digest(sessions []session.Session, loc *time.Location) Message {
	title := fmt.Sprintf("%d new sessions", len(sessions))
	if len(sessions) == 1 {
		title = "1 new session"
	}
	return sessionList(title, sessions, loc, ": `/session new`", CardOptions{})
}

func sessionList(title string, sessions []session.Session, loc *time.Location, moreHint string, opts CardOptions) Message {
	if oneLine(title) == "" {
		title = "Sessions"
	}
	sessions = unique(sessions, func(s session.Session) string { return s.ID })
	out := []slack.Block{header(title)}
	if len(sessions) == 0 {
		out = append(out, section("No sessions to show."))
	}
	for i, s := range sessions[:min(len(sessions), maxListCards)] {
		if i > 0 {
			out = append(out, slack.NewDividerBlock())
		}
		out = append(out, PersonalCard(s, Highlight{}, loc, opts)...)
	}
	if more := len(sessions) - maxListCards; more > 0 {
		out = append(out, contextBlock(fmt.Sprintf("…and %d more", more)+moreHint))
	}
	text := fmt.Sprintf("%s: %d sessions", oneLine(title), len(sessions))
	if len(sessions) == 1 {
		text = oneLine(title) + ": 1 session"
	}
	return Message{Text: mrkdwn(text, maxFallbackText), Blocks: out}
}

// unique drops an item whose ID was seen before: its block_id would repeat.
// Items without an ID get no block_id, so all of them stay.
func unique[T any](items []T, id func(T) string) []T {
	seen := map[string]bool{}
	var out []T
	for _, it := range items {
		if k := id(it); k == "" || !seen[k] {
			seen[k] = true
			out = append(out, it)
		}
	}
	return out
}
