package blocks_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
)

func TestDigest(t *testing.T) {
	loc := brussels(t)
	for _, tc := range []struct {
		n              int
		header, tail   string
		wantCards      int
		wantFallbackIn string
	}{
		{1, "1 new session", "", 1, "1 new session"},
		{3, "3 new sessions", "", 3, "3 new sessions"},
		{17, "17 new sessions", "…and 7 more: `/session new`", 10, "17 new sessions"},
	} {
		m := blocks.Digest(manySessions(t, tc.n), loc)
		checkMessage(t, m)
		if h := m.Blocks[0].(*slack.HeaderBlock).Text.Text; h != tc.header {
			t.Errorf("n=%d: header %q, want %q", tc.n, h, tc.header)
		}
		if cards := countActions(m); cards != tc.wantCards {
			t.Errorf("n=%d: %d cards, want %d", tc.n, cards, tc.wantCards)
		}
		last, _ := m.Blocks[len(m.Blocks)-1].(*slack.ContextBlock)
		var tail string
		if last != nil {
			tail = last.ContextElements.Elements[0].(*slack.TextBlockObject).Text
		}
		if tail != tc.tail {
			t.Errorf("n=%d: tail %q, want %q", tc.n, tail, tc.tail)
		}
		if !strings.Contains(m.Text, tc.wantFallbackIn) {
			t.Errorf("n=%d: text %q", tc.n, m.Text)
		}
	}
}

func TestChanges(t *testing.T) {
	loc := brussels(t)
	start := time.Date(2026, 11, 28, 10, 0, 0, 0, loc)
	old := session.Session{ID: "a", Title: "Rust <!channel> & you", Room: "H.1301", Start: start, End: start.Add(30 * time.Minute)}
	moved := old
	moved.Start, moved.End, moved.Room = start.Add(2*time.Hour), start.Add(150*time.Minute), "K.1.105"
	m := blocks.Changes([]session.Change{
		{Old: old, New: moved, Fields: []string{"room", "start", "end"}},
		{Old: old},
	}, loc)
	checkMessage(t, m)
	text := m.Blocks[1].(*slack.SectionBlock).Text.Text
	for _, want := range []string{
		"*Rust &lt;!channel&gt; &amp; you* — now <!date^" + strconv.FormatInt(moved.Start.Unix(), 10),
		"K.1.105 (was <!date^" + strconv.FormatInt(start.Unix(), 10),
		"H.1301)",
		"you* — cancelled",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("changes text lacks %q:\n%s", want, text)
		}
	}
	if m.Text != "2 schedule changes" {
		t.Errorf("Text = %q", m.Text)
	}

	var many []session.Change
	for _, s := range manySessions(t, 400) {
		many = append(many, session.Change{Old: s, New: s})
	}
	m = blocks.Changes(many, loc)
	checkMessage(t, m)
	last := m.Blocks[len(m.Blocks)-1].(*slack.ContextBlock).ContextElements.Elements[0].(*slack.TextBlockObject).Text
	if !strings.HasPrefix(last, "…and ") {
		t.Errorf("400 changes: tail %q, want …and N more", last)
	}
}

// TestChangesLongLines: long titles and rooms fill fewer lines a section, so
// every section stays within Slack's 3000 characters, and the count of
// "…and N more" still adds up.
func TestChangesLongLines(t *testing.T) {
	loc := brussels(t)
	start := time.Date(2026, 11, 28, 10, 0, 0, 0, loc)
	for _, n := range []int{8, 30, 400} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var changes []session.Change
			for i := range n {
				old := session.Session{
					ID:    strconv.Itoa(i),
					Title: strings.Repeat("Очень длинное название доклада & ", 5),
					Room:  "Auditorium Janson (building J, ground floor) & overflow room",
					Start: start, End: start.Add(30 * time.Minute),
				}
				moved := old
				moved.Start, moved.End, moved.Room = start.Add(2*time.Hour), start.Add(150*time.Minute), old.Room+" B"
				changes = append(changes, session.Change{Old: old, New: moved})
			}
			m := blocks.Changes(changes, loc)
			checkMessage(t, m)
			shown, more := 0, 0
			for _, b := range m.Blocks {
				switch b := b.(type) {
				case *slack.SectionBlock:
					shown += strings.Count(b.Text.Text, "• ")
				case *slack.ContextBlock:
					text := b.ContextElements.Elements[0].(*slack.TextBlockObject).Text
					if _, err := fmt.Sscanf(text, "…and %d more", &more); err != nil {
						t.Errorf("tail %q: %v", text, err)
					}
				}
			}
			if shown+more != n || len(m.Blocks) > 50 {
				t.Errorf("%d shown + %d more in %d blocks, want %d in at most 50", shown, more, len(m.Blocks), n)
			}
		})
	}
}
