package followup

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

var (
	utc = time.UTC
	t0  = time.Date(2026, 11, 1, 9, 0, 0, 0, utc)
)

func talk(id, title string, start time.Time) session.Session {
	return session.Session{ID: id, Title: title, Start: start, End: start.Add(30 * time.Minute), Room: "Main Hall",
		Speakers: []session.Speaker{{Name: "Speaker " + id}}}
}

// TestRunQueues: after a sync that moved a reminded session and added one
// matching a follow, Run queues a "moved" notice and a follow alert, and
// says so; run again, it queues nothing.
func TestRunQueues(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "sessionbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := index.Open(filepath.Join(dir, "index"), index.Options{Location: utc})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	start := time.Date(2026, 11, 28, 10, 0, 0, 0, utc)
	before := []session.Session{talk("keynote", "Opening keynote", start)}
	if _, err := st.Apply(store.Commit{Sessions: before, Now: t0}); err != nil {
		t.Fatal(err)
	}
	r := store.Reminder{UserID: "U1", SessionID: "keynote", Created: t0, Start: start, Room: "Main Hall", Due: start.Add(-10 * time.Minute)}
	if _, _, err := st.SetReminder(r); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddFollow("U2", "penguins", t0); err != nil {
		t.Fatal(err)
	}
	after := []session.Session{talk("keynote", "Opening keynote", start.Add(time.Hour)), talk("birds", "Penguins of the Antarctic", start)}
	if _, err := st.Apply(store.Commit{Sessions: after, Now: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(after); err != nil {
		t.Fatal(err)
	}
	f := &Followups{Store: st, Index: ix, Lead: 10 * time.Minute, Location: utc}
	if n, err := f.Run(t.Context(), t0.Add(time.Hour)); err != nil || n != 2 {
		t.Fatalf("Run = %d, %v; want 2 notices (moved, follow alert)", n, err)
	}
	ns, err := st.PendingNotices(0)
	if err != nil || len(ns) != 2 || ns[0].Kind != store.NoticeMoved || ns[1].Kind != store.NoticeFollow {
		t.Fatalf("notices = %+v, %v; want moved, then follow", ns, err)
	}
	if n, err := f.Run(t.Context(), t0.Add(2*time.Hour)); err != nil || n != 0 {
		t.Errorf("second Run = %d, %v; want nothing new", n, err)
	}
}

// countingIndex counts the searches among changed sessions.
type countingIndex struct {
	*index.Index
	among int
}

func (c *countingIndex) Among(ss []session.Session) (*index.Among, error) {
	c.among++
	return c.Index.Among(ss)
}

// TestUnchangedSyncCostsNothing: follow-ups after a sync that changed
// nothing search nothing; after one that added a session, they search once.
func TestUnchangedSyncCostsNothing(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "sessionbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := index.Open(filepath.Join(dir, "index"), index.Options{Location: utc})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, _, err := st.AddFollow("U2", "penguins", t0); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 28, 10, 0, 0, 0, utc)
	sessions := []session.Session{talk("keynote", "Opening keynote", start)}
	apply := func(now time.Time) {
		t.Helper()
		if _, err := st.Apply(store.Commit{Sessions: sessions, Now: now}); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Sync(sessions); err != nil {
			t.Fatal(err)
		}
	}
	ci := &countingIndex{Index: ix}
	f := &Followups{Store: st, Index: ci, Lead: 10 * time.Minute, Location: utc}
	apply(t0.Add(time.Hour))
	if _, err := f.Run(t.Context(), t0.Add(time.Hour)); err != nil || ci.among != 1 {
		t.Fatalf("after the first sync: %d searches, %v; want 1", ci.among, err)
	}
	for i := range 3 {
		apply(t0.Add(time.Duration(2+i) * time.Hour))
		if _, err := f.Run(t.Context(), t0.Add(time.Duration(2+i)*time.Hour)); err != nil || ci.among != 1 {
			t.Fatalf("after unchanged sync %d: %d searches, %v; want still 1", i+1, ci.among, err)
		}
	}
	sessions = append(sessions, talk("birds", "Penguins of the Antarctic", start))
	apply(t0.Add(6 * time.Hour))
	if n, err := f.Run(t.Context(), t0.Add(6*time.Hour)); err != nil || ci.among != 2 || n != 1 {
		t.Errorf("after adding a session: %d searches, %d notices, %v; want 2 and 1", ci.among, n, err)
	}
}
