package store

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/session"
)

func TestDMChannel(t *testing.T) {
	s := newStore(t)
	if _, ok, err := s.DMChannel("U1"); err != nil || ok {
		t.Fatalf("DMChannel before caching: %v, %v", ok, err)
	}
	for _, ch := range []string{"D1", "D2"} {
		if err := s.SetDMChannel("U1", ch); err != nil {
			t.Fatal(err)
		}
		if got, ok, err := s.DMChannel("U1"); err != nil || !ok || got != ch {
			t.Errorf("DMChannel = %q, %v, %v; want %q", got, ok, err, ch)
		}
	}
	if err := s.SetDMChannel("", "D3"); err == nil {
		t.Error("SetDMChannel with no user succeeded")
	}
}

// TestRemindersFollowsNoticesSurviveReopen closes and reopens the store, as
// a restart does, and finds everything as it was.
func TestRemindersFollowsNoticesSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	s := openT(t, path)
	mustApply(t, s, Commit{Sessions: []session.Session{timed("a", t0, "Main Hall")}, Now: t0.Add(-time.Hour)})
	mustSet(t, s, rem("U1", "a", t0), rem("U1", "none", time.Time{}))
	if _, _, err := s.AddFollow("U1", "Rust", t0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.NotifyFollows("U1", map[string][]string{"rust": {"a"}}, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDMChannel("U1", "D1"); err != nil {
		t.Fatal(err)
	}
	before := persisted(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	after := persisted(t, openT(t, path))
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("after reopening (-before +after):\n%s", diff)
	}
	if len(before.Due) != 1 || len(before.User) != 2 || len(before.Follows) != 1 || len(before.Notices) != 1 || before.DM != "D1" {
		t.Errorf("the state checked is incomplete: %+v", before)
	}
}

// persistedState is what TestRemindersFollowsNoticesSurviveReopen compares.
type persistedState struct {
	User, Due []Reminder
	Follows   []Follow
	Notices   []Notice
	DM        string
}

// persisted reads the state through the public API.
func persisted(t *testing.T, s *Store) persistedState {
	t.Helper()
	var p persistedState
	var err error
	if p.User, err = s.UserReminders("U1"); err != nil {
		t.Fatal(err)
	}
	if p.Due, err = s.DueReminders(t0, 0); err != nil {
		t.Fatal(err)
	}
	if p.Follows, err = s.AllFollows(); err != nil {
		t.Fatal(err)
	}
	if p.Notices, err = s.PendingNotices(0); err != nil {
		t.Fatal(err)
	}
	if p.DM, _, err = s.DMChannel("U1"); err != nil {
		t.Fatal(err)
	}
	return p
}
