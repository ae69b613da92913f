package index

import (
	"cmp"
	"encoding/json"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sessionbot/sessionbot/session"
)

func sortedByID(ss []session.Session) []session.Session {
	ss = slices.Clone(ss)
	slices.SortFunc(ss, func(a, b session.Session) int { return cmp.Compare(a.ID, b.ID) })
	return ss
}

func reversed(ss []session.Session) []session.Session {
	ss = slices.Clone(ss)
	slices.Reverse(ss)
	return ss
}

var cmpEmpty = cmpopts.EquateEmpty()

func TestSync(t *testing.T) {
	base := testSessions(t)
	changed := slices.Clone(base)
	changed[1].Title = "Isolates, not containers"
	changed = slices.Delete(changed, 2, 3) // cafe is gone
	changed = append(changed, session.Session{ID: "new", Title: "A new session"})
	steps := []struct {
		name     string
		sessions []session.Session
		want     SyncStats
	}{
		{"first", base, SyncStats{Upserted: 4}},
		{"same again", base, SyncStats{Unchanged: true}},
		{"same in another order", reversed(base), SyncStats{Unchanged: true}},
		{"changed, removed, new", changed, SyncStats{Upserted: 2, Deleted: 1}},
		{"everything gone", nil, SyncStats{Deleted: 4}},
		{"back", base, SyncStats{Upserted: 4}},
	}
	ix := openTest(t, t.TempDir())
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			got := syncTest(t, ix, step.sessions)
			if diff := gocmp.Diff(step.want, got); diff != "" {
				t.Fatalf("SyncStats mismatch (-want +got):\n%s", diff)
			}
			all, err := ix.Sessions()
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(sortedByID(step.sessions), all, cmpEmpty); diff != "" {
				t.Errorf("index holds (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSyncFindsChanges(t *testing.T) {
	ix := openTest(t, t.TempDir())
	syncTest(t, ix, testSessions(t))
	changed := testSessions(t)
	changed[0].Title = "Kubernetes Secrets, encrypted"
	syncTest(t, ix, changed)
	for query, want := range map[string]uint64{"base64": 0, "encrypted": 1} {
		res, err := ix.Search(t.Context(), ParseQuery(query, fosdemMorning(t), nil))
		if err != nil || res.Total != want {
			t.Errorf("%q: total %d, %v; want %d", query, res.Total, err, want)
		}
	}
}

func TestUpsertKeepsSyncCheap(t *testing.T) {
	ix := openTest(t, t.TempDir())
	ss := testSessions(t)
	if err := ix.Upsert(ss[:2]...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Upsert(ss[2:]...); err != nil {
		t.Fatal(err)
	}
	if st := syncTest(t, ix, ss); !st.Unchanged {
		t.Errorf("Sync after Upsert of the same sessions = %+v, want unchanged", st)
	}
	if err := ix.Delete("tba"); err != nil {
		t.Fatal(err)
	}
	if st := syncTest(t, ix, ss); st != (SyncStats{Upserted: 1}) {
		t.Errorf("Sync after Delete = %+v, want the one session back", st)
	}
}

func TestSyncDuplicatesAndErrors(t *testing.T) {
	ix := openTest(t, t.TempDir())
	first, second := session.Session{ID: "a", Title: "First"}, session.Session{ID: "a", Title: "Second"}
	if st := syncTest(t, ix, []session.Session{first, second}); st.Upserted != 1 {
		t.Errorf("duplicate IDs: %+v", st)
	}
	if got, _, _ := ix.Get("a"); got.Title != "Second" {
		t.Errorf("duplicate ID kept %q, want the later one", got.Title)
	}
	if _, err := ix.Sync([]session.Session{{Title: "No ID"}}); err == nil {
		t.Error("Sync of a session without ID succeeded")
	}
	if err := ix.Upsert(session.Session{Title: "No ID"}); err == nil {
		t.Error("Upsert of a session without ID succeeded")
	}
	if n, _ := ix.Count(); n != 1 {
		t.Errorf("failed writes changed the index: %d sessions", n)
	}
}

// TestSearchDuringSync runs searches while the catalogue changes under them;
// the race detector and bleve's snapshots do the checking.
func TestSearchDuringSync(t *testing.T) {
	ix := openTest(t, t.TempDir())
	a := testSessions(t)
	b := slices.Clone(a[:2])
	b[0].Title = "Kubernetes secrets, again"
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			if _, err := ix.Sync([][]session.Session{a, b}[i%2]); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for searching := true; searching; {
		select {
		case <-done:
			searching = false
		default:
		}
		res, err := ix.Search(t.Context(), ParseQuery("kubernetes secrets", fosdemMorning(t), nil))
		if err != nil {
			t.Fatal(err)
		}
		if res.Total > 1 {
			t.Fatalf("%d hits for one session", res.Total)
		}
	}
}

// TestSyncInBatches: a programme larger than a batch is written in several
// and ends complete.
func TestSyncInBatches(t *testing.T) {
	ix := openTest(t, t.TempDir())
	ss := synthetic(loadSessions(t, fosdemFile, session.FormatFrabXML), 2*batchSize+7)
	st := syncTest(t, ix, ss)
	if st.Upserted != len(ss) {
		t.Fatalf("upserted %d, want %d", st.Upserted, len(ss))
	}
	if n, err := ix.Count(); err != nil || n != uint64(len(ss)) {
		t.Fatalf("count %d, %v; want %d", n, err, len(ss))
	}
	if st := syncTest(t, ix, ss); !st.Unchanged {
		t.Errorf("second sync %+v, want unchanged", st)
	}
}

// TestSyncRepairsInterruptedWrite: a crash after the first batches of a
// sync leaves sessions marked unknown and no catalogue hash; the next Sync
// (even of the old programme) deletes what it does not want and is not
// taken for unchanged.
func TestSyncRepairsInterruptedWrite(t *testing.T) {
	ix := openTest(t, t.TempDir())
	old := testSessions(t)
	syncTest(t, ix, old)
	extra := session.Session{ID: "half-written", Title: "Written before the crash"}
	pending := hashes{}
	for _, s := range old {
		h, err := hashOf(s, defaultLanguage)
		if err != nil {
			t.Fatal(err)
		}
		pending[s.ID] = h
	}
	pending[extra.ID] = ""
	table, err := json.Marshal(pending)
	if err != nil {
		t.Fatal(err)
	}
	b := ix.bi.NewBatch() // what writeChunked's first batch does
	b.SetInternal(keyHashes, table)
	b.DeleteInternal(keyCatalogue)
	if err := indexInto(b, extra, defaultLanguage); err != nil {
		t.Fatal(err)
	}
	if err := ix.bi.Batch(b); err != nil {
		t.Fatal(err)
	}
	st := syncTest(t, ix, old)
	if st.Unchanged || st.Deleted != 1 {
		t.Errorf("sync after the crash: %+v, want the half-written session deleted", st)
	}
	if _, ok, err := ix.Get(extra.ID); err != nil || ok {
		t.Errorf("Get(%s) = %v, %v; want gone", extra.ID, ok, err)
	}
}

// TestSyncVersion: the version recorded with a catalogue survives a reopen
// and is forgotten as soon as the index changes otherwise.
func TestSyncVersion(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir)
	ss := testSessions(t)
	if _, err := ix.SyncVersion(ss, "v1"); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix = openTest(t, dir)
	if v, err := ix.Version(); err != nil || v != "v1" {
		t.Fatalf("Version after reopen = %q, %v; want v1", v, err)
	}
	if st, err := ix.SyncVersion(ss, "v2"); err != nil || !st.Unchanged {
		t.Fatalf("SyncVersion(same sessions, v2) = %+v, %v", st, err)
	}
	if v, _ := ix.Version(); v != "v2" {
		t.Errorf("Version = %q, want v2 (same catalogue, new name)", v)
	}
	if err := ix.Delete(ss[0].ID); err != nil {
		t.Fatal(err)
	}
	if v, _ := ix.Version(); v != "" {
		t.Errorf("Version after Delete = %q, want none", v)
	}
}
