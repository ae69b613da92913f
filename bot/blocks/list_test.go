package blocks_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
)

func TestSessionList(t *testing.T) {
	loc := brussels(t)
	tests := []struct {
		name      string
		title     string
		n         int
		wantCards int
		wantMore  string
	}{
		{"empty", "Happening now", 0, 0, ""},
		{"a few", "Up next", 3, 3, ""},
		{"ten", "Up next", 10, 10, ""},
		{"25", "Happening now", 25, 10, "…and 15 more"},
		{"no title", " ", 1, 1, ""},
		{"long title", strings.Repeat("Très long ", 30), 1, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := blocks.SessionList(tt.title, manySessions(t, tt.n), loc)
			checkMessage(t, m)
			if cards := countActions(m); cards != tt.wantCards {
				t.Errorf("%d cards, want %d", cards, tt.wantCards)
			}
			last, _ := m.Blocks[len(m.Blocks)-1].(*slack.ContextBlock)
			var more string
			if last != nil {
				more = last.ContextElements.Elements[0].(*slack.TextBlockObject).Text
			}
			if more != tt.wantMore {
				t.Errorf("tail %q, want %q", more, tt.wantMore)
			}
		})
	}
}

func TestSessionListDropsDuplicates(t *testing.T) {
	ss := manySessions(t, 2)
	ss = append(ss, ss[1], session.Session{Title: "no ID"}, session.Session{Title: "no ID either"})
	m := blocks.SessionList("Now", ss, nil)
	checkMessage(t, m)
	if want := "Now: 4 sessions"; m.Text != want {
		t.Errorf("Text = %q, want %q", m.Text, want)
	}
}

func TestHelp(t *testing.T) {
	var many []string
	for i := range 15 {
		many = append(many, fmt.Sprintf("speaker:name%d", i))
	}
	tests := []struct {
		name     string
		examples []string
		wantTry  int
	}{
		{"none", nil, 0},
		{"blank ones skipped", []string{" ", "track:Security"}, 1},
		{"hostile", []string{"`<!channel>` & *x*", strings.Repeat("long ", 100)}, 2},
		{"at most ten", many, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := blocks.Help(tt.examples)
			checkMessage(t, m)
			var try int
			if tt.wantTry > 0 {
				try = strings.Count(sectionText(t, m.Blocks[len(m.Blocks)-1]), "• `/session ")
			}
			if try != tt.wantTry || len(m.Blocks) != 3+boolInt(tt.wantTry > 0) {
				t.Errorf("%d examples in %d blocks, want %d", try, len(m.Blocks), tt.wantTry)
			}
		})
	}
}

func TestNotice(t *testing.T) {
	for _, text := range []string{"", " \x00 ", "Reminder set.", "Run `/session help`.\nThanks.", strings.Repeat("<!channel> & ", 500)} {
		m := blocks.Notice(text)
		checkMessage(t, m)
		if strings.Contains(sectionText(t, m.Blocks[0]), "<!channel>") {
			t.Errorf("Notice(%.20q) is not escaped", text)
		}
	}
}

func TestNoticef(t *testing.T) {
	m := blocks.Noticef("Unknown command `%s`: try *help*, %v.", "*x*\n<!here>", 3)
	checkMessage(t, m)
	want := "Unknown command `∗x∗ &lt;!here&gt;`: try *help*, 3."
	if got := sectionText(t, m.Blocks[0]); got != want {
		t.Errorf("Noticef = %q, want %q", got, want)
	}
}
