package blocks

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/session"
)

// Limits of a schedule-changes message: lines per section keep each section
// well under 3000 characters; sections are capped so the message stays under
// 50 blocks.
const (
	changeLinesPerSection = 8
	maxChangeSections     = 40
	maxChangeTitle        = 150
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
	for i := 0; i < len(lines) && len(out) <= maxChangeSections; i += changeLinesPerSection {
		out = append(out, section(strings.Join(lines[i:min(i+changeLinesPerSection, len(lines))], "\n")))
	}
	if shown := (len(out) - 1) * changeLinesPerSection; shown < len(lines) {
		out = append(out, contextBlock(fmt.Sprintf("…and %d more", len(lines)-shown)))
	}
	return Message{Text: changeTitle(len(changes)), Blocks: out}
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
		return "• *" + mrkdwn(c.Old.Title, maxChangeTitle) + "* — cancelled"
	}
	now := where(c.New, loc)
	if now == "" {
		now = "time to be announced"
	}
	line := "• *" + mrkdwn(c.New.Title, maxChangeTitle) + "* — now " + now
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
		parts = append(parts, mrkdwn(s.Room, maxChangeTitle))
	}
	return strings.Join(parts, ", ")
}
