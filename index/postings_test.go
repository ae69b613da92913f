package index

import (
	"testing"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// TestPostingsCacheFollowsReader: the cached postings are a reader's
// document numbers. Re-indexing a session unchanged leaves the catalogue
// hash, and so the search snapshot, as they were, but moves the session to
// another document number: a search on the new reader must read the
// postings afresh, and one on another snapshot too (its lengths differ).
func TestPostingsCacheFollowsReader(t *testing.T) {
	ix := openTest(t, t.TempDir())
	ss := testSessions(t)
	syncTest(t, ix, ss)
	title := plainFieldIndex(fieldTitle)
	read := func() (bleveindex.IndexReader, *snapshot, *postingsCache, *postingList) {
		t.Helper()
		r, err := ix.reader()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		snap, err := ix.snapshotFor(r)
		if err != nil {
			t.Fatal(err)
		}
		pc := ix.postingsFor(r, snap)
		pl, err := pc.list(t.Context(), "kubernetes", title)
		if err != nil {
			t.Fatal(err)
		}
		id, err := r.InternalID(ss[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pl.docs) != 1 || pl.docs[0] != docNum(id) {
			t.Fatalf("kubernetes in titles: documents %v, want [%d] (%s)", pl.docs, docNum(id), ss[0].ID)
		}
		return r, snap, pc, pl
	}
	r1, snap1, pc1, pl1 := read()
	if again := ix.postingsFor(r1, snap1); again != pc1 {
		t.Error("the same reader and snapshot got another cache")
	}
	if err := ix.Upsert(ss[0]); err != nil {
		t.Fatal(err)
	}
	r2, snap2, pc2, pl2 := read()
	if snap2 != snap1 {
		t.Fatal("the snapshot changed: the test no longer tests a new reader alone")
	}
	if r2 == r1 || pc2 == pc1 || pl2.docs[0] == pl1.docs[0] {
		t.Errorf("after re-indexing: same reader %v, same cache %v, same document %v; want none the same", r2 == r1, pc2 == pc1, pl2.docs[0] == pl1.docs[0])
	}
	other := *snap2
	if pc := ix.postingsFor(r2, &other); pc == pc2 {
		t.Error("another snapshot got the same cache")
	}
}
