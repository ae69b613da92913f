package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

// TestSearchAnswers: what /session says when nothing matches well, and
// when a day: is not one of the programme's days.
func TestSearchAnswers(t *testing.T) {
	confirmed := startBot(t, testIndex(t, confirmed), time.Date(2026, 11, 28, 9, 0, 0, 0, brussels(t)))
	fosdem := startBot(t, testIndex(t, fosdem), duringFOSDEM(t))
	tests := []struct {
		name    string
		h       *harness
		text    string
		want    []string // in the payload
		wantNot []string
	}{
		{"the closest", confirmed, "kubernetes zorbl quux",
			[]string{"No close matches for *kubernetes zorbl quux*. The closest:", "Base64 is not encryption", blocks.ActionRemind},
			[]string{"session matches", "sessions match", blocks.ActionMore, "/session help"}},
		{"nothing close", confirmed, "zorbl",
			[]string{"No close matches for *zorbl*.", "/session help"},
			[]string{"The closest", blocks.ActionRemind}},
		{"a day the programme lacks", fosdem, "day:mon rust",
			[]string{"No sessions match *day:mon rust*.", "/session help", "day:mon — the programme has no Monday.",
				"The programme's days: Sat 1 Feb 2025 (day:1), Sun 2 Feb 2025 (day:2)."},
			[]string{blocks.ActionRemind}},
		{"a day of the programme", fosdem, "day:sun rust",
			[]string{"sessions match *day:sun rust*", blocks.ActionMore},
			[]string{"The programme's days"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.h.slash(t, tt.text)
			for _, w := range tt.want {
				if !strings.Contains(m.raw, w) {
					t.Errorf("payload lacks %q: %s", w, m.raw)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(m.raw, w) {
					t.Errorf("payload has %q: %s", w, m.raw)
				}
			}
		})
	}
}
