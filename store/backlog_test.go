package store

import (
	"path/filepath"
	"testing"
	"time"
)

func TestBacklog(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	check := func(want Backlog) {
		t.Helper()
		got, err := s.Backlog()
		if err != nil || got != want {
			t.Errorf("Backlog() = %+v, %v; want %+v", got, err, want)
		}
	}
	check(Backlog{})
	mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0})
	mustApply(t, s, Commit{Sessions: sessions("a", "b"), Now: t0, Announce: true,
		Notices: []Notice{{UserID: "U0ADMIN001", Kind: NoticeAdmin, Text: "hello", Created: t0}}})
	for _, u := range []string{"U0USER0001", "U0USER0002"} {
		if _, _, err := s.SetReminder(Reminder{UserID: u, SessionID: "a", Created: t0, Start: t0.Add(time.Hour), Due: t0.Add(50 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	check(Backlog{Outbox: 1, Notices: 1, Reminders: 2})
	if _, err := s.CancelReminder("U0USER0001", "a"); err != nil {
		t.Fatal(err)
	}
	check(Backlog{Outbox: 1, Notices: 1, Reminders: 1})
}
