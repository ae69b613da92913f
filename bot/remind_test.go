package bot

import (
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// knownStore is a reminderStore that knows one session; the other methods
// are not called by remindable.
type knownStore struct {
	reminderStore
	s session.Session
}

func (k knownStore) Known(id string) (store.Entry, bool, error) {
	return store.Entry{Session: k.s}, id == k.s.ID, nil
}

// TestRemindOverSaysWhenItEnded checks that the "already over" answer gives
// the time the session became over by session.Session.Over's rule: for a
// session without an end, its start plus session.AssumedLength.
func TestRemindOverSaysWhenItEnded(t *testing.T) {
	start := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		end  time.Time
		want string
	}{
		{"with an end", start.Add(45 * time.Minute), "Sat 28 Nov 10:45 UTC"},
		{"without an end", time.Time{}, "Sat 28 Nov 11:00 UTC"},
		{"end before start", start.Add(-time.Minute), "Sat 28 Nov 11:00 UTC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := session.Session{ID: "a", Title: "Talk", Start: start, End: tc.end}
			b := &Bot{opts: Options{Reminders: knownStore{s: s}, Location: time.UTC}}
			now := start.Add(3 * time.Hour)
			if !s.Over(now) {
				t.Fatal("test session not over")
			}
			_, refusal := b.remindable(slog.New(slog.DiscardHandler), "a", now)
			if refusal == nil {
				t.Fatal("reminder for a session that is over was accepted")
			}
			if text := refusal.Text; !strings.Contains(text, "ended") || !strings.Contains(text, tc.want) {
				t.Errorf("answer %q, want it to say %q", text, tc.want)
			}
			var buf strings.Builder
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.Encode(refusal.Blocks)
			if raw := buf.String(); !strings.Contains(raw, "<!date^") || strings.Contains(raw, "&lt;!date") {
				t.Errorf("the end time is not a Slack date token: %s", raw)
			}
			if end := overAt(s); !s.Over(end) || s.Over(end.Add(-time.Nanosecond)) {
				t.Errorf("overAt = %v, not the moment Over turns true", end)
			}
		})
	}
}
