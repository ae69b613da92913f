package programme

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// pendingIDs returns, for each outbox entry, its kind and session IDs.
func pendingIDs(t *testing.T, e *env) []string {
	t.Helper()
	pending, err := e.st.Pending()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, o := range pending {
		out = append(out, o.Kind+": "+strings.Join(o.SessionIDs, " "))
	}
	return out
}

// TestQueuesNewOnce walks one data directory through the ways a session
// could be queued for announcement twice: each new session is queued
// exactly once, in one entry per sync.
func TestQueuesNewOnce(t *testing.T) {
	e := newEnv(t, nil)
	e.write(talks(1, 5)...)
	if rep := e.sync(t0, SyncOptions{}); len(rep.Diff.Added) != 5 || rep.Queued != 0 {
		t.Fatalf("first sync: %d added, %d queued; want 5 added, 0 queued", len(rep.Diff.Added), rep.Queued)
	}
	if got := search(t, e, "dolphin"); !slicesEqual(got, []string{"talk-03"}) {
		t.Fatalf("search after first sync = %v", got)
	}
	e.write(talks(1, 8)...)
	if rep := e.sync(t0.Add(time.Minute), SyncOptions{}); rep.Queued != 1 {
		t.Fatalf("three added: queued %d entries, want 1", rep.Queued)
	}
	e.write(talks(1, 8)...) // rewritten: new mtime, same content
	syncs := e.ix.count()
	if rep := e.sync(t0.Add(2*time.Minute), SyncOptions{}); !rep.Unchanged {
		t.Fatalf("same source again: Unchanged = false, report %+v", rep)
	}
	if e.ix.count() != syncs {
		t.Errorf("same source again: the index was synced")
	}
	if rep := e.sync(t0.Add(3*time.Minute), SyncOptions{}); !rep.NotModified {
		t.Errorf("untouched source: NotModified = false")
	}
	e.write(append(talks(1, 5), talk(8))...)
	e.sync(t0.Add(4*time.Minute), SyncOptions{})
	e.write(talks(1, 8)...) // and back
	e.sync(t0.Add(5*time.Minute), SyncOptions{})
	if diff := cmp.Diff([]string{"new: talk-06 talk-07 talk-08"}, pendingIDs(t, e)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
}

// TestFirstSyncAnnounces checks announce.on_first_sync.
func TestFirstSyncAnnounces(t *testing.T) {
	for _, tc := range []struct {
		name      string
		configure func(*Syncer)
		want      []string
	}{
		{"quiet", nil, nil},
		{"on_first_sync", func(s *Syncer) { s.Announce.OnFirstSync = true }, []string{"new: talk-01 talk-02 talk-03"}},
		{"channel off", func(s *Syncer) { s.Announce.OnFirstSync, s.Announce.Channel = true, "" }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.configure)
			e.write(talks(1, 3)...)
			e.sync(t0, SyncOptions{})
			if diff := cmp.Diff(tc.want, pendingIDs(t, e)); diff != "" {
				t.Errorf("outbox (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBrokenSourceChangesNothing feeds sources that cannot be read: the
// catalogue and the index stay, search still works, and the admins hear
// about each distinct problem once.
func TestBrokenSourceChangesNothing(t *testing.T) {
	fosdem, err := os.ReadFile("../session/testdata/fosdem-2025_schedule.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"binary junk", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")},
		{"truncated XML", fosdem[:len(fosdem)/3]},
		{"empty", nil},
		{"not a programme", []byte("sessions: 42\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.write(talks(1, 5)...)
			e.sync(t0, SyncOptions{})
			syncs := e.ix.count()

			e.writeRaw(tc.data)
			for i := range 2 {
				if _, err := e.syncer.Sync(t.Context(), t0.Add(time.Duration(i+1)*time.Minute), SyncOptions{}); err == nil {
					t.Fatalf("sync %d of a broken source: no error", i+1)
				}
			}
			if diff := cmp.Diff(ids(talks(1, 5)...), catalogueIDs(t, e)); diff != "" {
				t.Errorf("catalogue changed (-want +got):\n%s", diff)
			}
			if e.ix.count() != syncs {
				t.Errorf("the index was synced")
			}
			if got := search(t, e, "elephant"); !slicesEqual(got, []string{"talk-04"}) {
				t.Errorf("search elephant = %v, want talk-04", got)
			}
			if texts := e.texts(); len(texts) != 1 {
				t.Errorf("admins got %d notices for one problem, want 1: %q", len(texts), texts)
			}
			if m, _ := e.st.Meta(); m.LastError == "" {
				t.Errorf("meta.LastError is empty")
			}

			e.write(talks(1, 5)...) // repaired: the old content again
			if rep := e.sync(t0.Add(time.Hour), SyncOptions{}); !rep.Unchanged {
				t.Errorf("repaired source: Unchanged = false")
			}
			if m, _ := e.st.Meta(); m.LastError != "" {
				t.Errorf("meta.LastError after repair = %q", m.LastError)
			}
		})
	}
}

// TestDryRun reports the diff and changes nothing.
func TestDryRun(t *testing.T) {
	e := newEnv(t, func(s *Syncer) { s.Announce.OnFirstSync = true })
	e.write(talks(1, 3)...)
	rep := e.sync(t0, SyncOptions{DryRun: true})
	if got := ids(rep.Diff.Added...); !slicesEqual(got, ids(talks(1, 3)...)) {
		t.Errorf("dry run added = %v", got)
	}
	if m, _ := e.st.Meta(); m.Synced || m.ETag != "" {
		t.Errorf("dry run wrote meta: %+v", m)
	}
	if e.ix.count() != 0 || len(catalogueIDs(t, e)) != 0 || len(pendingIDs(t, e)) != 0 {
		t.Errorf("dry run changed the index, catalogue or outbox")
	}
}

// TestScheduleChanges moves an announced session, moves a never-announced
// one and cancels an announced one: one "changes" entry names the
// announced two.
func TestScheduleChanges(t *testing.T) {
	e := newEnv(t, func(s *Syncer) { s.Announce.Changes = true })
	e.write(talks(1, 4)...)
	e.sync(t0, SyncOptions{})
	e.write(talks(1, 8)...)
	e.sync(t0.Add(time.Minute), SyncOptions{})
	announceAll(t, e)
	moved, quiet, retitled := talk(6), talk(2), talk(8)
	moved.Room = "Main Hall"
	quiet.Start = quiet.Start.Add(time.Hour)
	retitled.Title = "Talk 8, renamed"
	e.write(talk(1), quiet, talk(3), talk(4), talk(5), moved, retitled) // talk 7 cancelled
	if rep := e.sync(t0.Add(2*time.Minute), SyncOptions{}); rep.Queued != 1 {
		t.Fatalf("queued %d entries, want 1", rep.Queued)
	}
	pending, err := e.st.Pending()
	if err != nil || len(pending) != 1 || pending[0].Kind != store.KindChanges {
		t.Fatalf("outbox = %+v, %v; want one changes entry", pending, err)
	}
	var got []string
	for _, c := range pending[0].Changes {
		got = append(got, c.Old.ID+" → "+c.New.ID)
	}
	if diff := cmp.Diff([]string{"talk-06 → talk-06", "talk-07 → "}, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// announceAll records every outbox entry posted, as the announcer does.
func announceAll(t *testing.T, e *env) {
	t.Helper()
	pending, err := e.st.Pending()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range pending {
		if err := e.st.PostedShown(o.ID, o.SessionIDs, t0); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIndexFailureHeals checks that a failed index write leaves the store
// as the truth and the next sync refills the index from it.
func TestIndexFailureHeals(t *testing.T) {
	e := newEnv(t, nil)
	e.write(talks(1, 3)...)
	e.sync(t0, SyncOptions{})
	real := e.syncer.Index
	e.syncer.Index = failingIndex{os.ErrInvalid}
	e.write(talks(1, 4)...)
	if _, err := e.syncer.Sync(t.Context(), t0.Add(time.Minute), SyncOptions{}); err == nil {
		t.Fatal("index failure: no error")
	}
	if got := catalogueIDs(t, e); len(got) != 4 {
		t.Fatalf("catalogue = %v, want the four sessions applied", got)
	}
	e.syncer.Index = real
	if rep := e.sync(t0.Add(2*time.Minute), SyncOptions{}); !rep.NotModified {
		t.Errorf("next sync: NotModified = false")
	}
	if got := search(t, e, "elephant"); !slicesEqual(got, []string{"talk-04"}) {
		t.Errorf("search elephant = %v: index not refilled from the store", got)
	}
}

// failingIndex fails every Sync with err.
type failingIndex struct{ err error }

func (f failingIndex) SyncVersion([]session.Session, string) (index.SyncStats, error) {
	return index.SyncStats{}, f.err
}

func (f failingIndex) Version() (string, error) { return "", nil }
