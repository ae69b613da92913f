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
