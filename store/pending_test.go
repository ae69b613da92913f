package store

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestFollowupsWorkList: a sync's new, changed and removed sessions wait
// for the follow-ups; a sync that changes nothing adds nothing.
func TestFollowupsWorkList(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	mustApply(t, s, Commit{Sessions: sessions("a", "b", "c"), Now: t0, Announce: true})
	pending := func() []string {
		t.Helper()
		ids, err := s.PendingFollowups()
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if diff := cmp.Diff([]string{"a", "b", "c"}, pending()); diff != "" {
		t.Errorf("after the first sync (-want +got):\n%s", diff)
	}
	if err := s.ClearFollowups([]string{"a", "b", "c"}); err != nil {
		t.Fatal(err)
	}
	mustApply(t, s, Commit{Sessions: sessions("a", "b", "c"), Now: t0.Add(time.Hour), Announce: true})
	if got := pending(); len(got) != 0 {
		t.Errorf("an unchanged sync left %v pending", got)
	}
	next := sessions("a", "b", "d")
	next[0].Room = "Room 9"
	mustApply(t, s, Commit{Sessions: next, Now: t0.Add(2 * time.Hour), Announce: true})
	if diff := cmp.Diff([]string{"a", "c", "d"}, pending()); diff != "" {
		t.Errorf("changed a, removed c, added d (-want +got):\n%s", diff)
	}
}

// TestRearmSessionsTouchesOnlyThose: re-arming the changed sessions moves
// their reminders and leaves the others alone.
func TestRearmSessionsTouchesOnlyThose(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	ss := sessions("a", "b")
	ss[0].Start, ss[1].Start = t0.Add(24*time.Hour), t0.Add(24*time.Hour)
	mustApply(t, s, Commit{Sessions: ss, Now: t0, Announce: true})
	for _, sess := range ss {
		r := Reminder{UserID: "U1", SessionID: sess.ID, Created: t0, Start: sess.Start, Due: sess.Start.Add(-10 * time.Minute)}
		if _, _, err := s.SetReminder(r); err != nil {
			t.Fatal(err)
		}
	}
	ss[0].Start, ss[1].Start = ss[0].Start.Add(time.Hour), ss[1].Start.Add(time.Hour)
	mustApply(t, s, Commit{Sessions: ss, Now: t0.Add(time.Minute), Announce: true})
	ns, err := s.RearmSessions([]string{"a"}, 10*time.Minute, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 || ns[0].Kind != NoticeMoved || !cmp.Equal(ns[0].SessionIDs, []string{"a"}) {
		t.Errorf("notices %+v, want one moved notice for a", ns)
	}
	rb, err := s.SessionReminders("b")
	if err != nil {
		t.Fatal(err)
	}
	if len(rb) != 1 || !rb[0].Start.Equal(t0.Add(24*time.Hour)) {
		t.Errorf("b's reminder %+v was touched", rb)
	}
}
