package blocks

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/session"
)

// Limits of a schedule-changes message: a section takes up to eight lines
// and up to 2900 characters (under Slack's 3000, counted as sent: escaped,
// with date tokens); sections are capped so the message stays under 50
// blocks.
const (
	changeLinesPerSection = 8
	changeSectionRunes    = 2900
	maxChangeSections     = 40
	maxChangeRoom         = 150
)

// Changes renders one "schedule changes" message for sessions that moved (a
// new time or room) or were cancelled. A Change whose New has no ID is a
// cancellation. Lines beyond what fits end in "…and N more".
func Changes(changes []session.Change, loc *time.Location) Message {
	lines := make([]string, 0, len(changes))
	for _, c := range changes {
		lines = append(lines, changeLine(c, loc))
	}
	out := []slack.Block{header(changeTitle(len(changes)))}
	shown := 0
	for shown < len(lines) && len(out) <= maxChangeSections {
		text, n := changeSection(lines[shown:])
		out = append(out, section(text))
		shown += n
	}
	if shown < len(lines) {
		out = append(out, contextBlock(fmt.Sprintf("…and %d more", len(lines)-shown)))
	}
	return Message{Text: changeTitle(len(changes)), Blocks: out}
}

// changeSection joins the first lines that fit in a section and says how
// many it took: at least one, which changeLine keeps well under the budget.
func changeSection(lines []string) (string, int) {
	size, n := 0, 0
	for _, l := range lines[:min(len(lines), changeLinesPerSection)] {
		grown := size + utf8.RuneCountInString(l)
		if n > 0 {
			grown++ // the newline
		}
		if n > 0 && grown > changeSectionRunes {
			break
		}
		size, n = grown, n+1
	}
	return strings.Join(lines[:n], "\n"), n
}

func changeTitle(n int) string {
	if n == 1 {
		return "1 schedule change"
	}
	return fmt.Sprintf("%d schedule changes", n)
}

// changeLine is "• *Title* — moved to <date>, Room (was …)" or "… cancelled".
func changeLine(c session.Change, loc *time.Location) string {
	if c.New.ID == "" {
		return "• " + titleLine(c.Old.Title, nil) + " — cancelled"
	}
	now := where(c.New, loc)
	if now == "" {
		now = "time to be announced"
	}
	line := "• " + titleLine(c.New.Title, nil) + " — now " + now
	if was := where(c.Old, loc); was != "" {
		line += " (was " + was + ")"
	}
	return line
}

// where is "<time range>, Room" with the parts that are known.
func where(s session.Session, loc *time.Location) string {
	var parts []string
	if t := TimeRange(s.Start, s.End, loc); t != "" {
		parts = append(parts, t)
	}
	if s.Room != "" {
		parts = append(parts, mrkdwn(s.Room, maxChangeRoom))
	}
	return strings.Join(parts, ", ")
}
