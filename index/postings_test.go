package index

import (
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	gocmp "github.com/google/go-cmp/cmp"
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
	other := &snapshot{key: snap2.key, avgLen: snap2.avgLen}
	if pc := ix.postingsFor(r2, other); pc == pc2 {
		t.Error("another snapshot got the same cache")
	}
}

// TestSegmentDocs: a hit read straight from its segment by document number
// is the session bleve finds under its ID, in an index of several segments
// (in memory, scorch neither persists nor merges them), one holding a
// replaced document.
func TestSegmentDocs(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	ss := testSessions(t)
	write := func(fill func(b *bleve.Batch)) {
		t.Helper()
		b := bi.NewBatch()
		fill(b)
		if err := bi.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	// A batch is a segment: [0 (then replaced), 1], [2], [3], [0 again].
	write(func(b *bleve.Batch) { indexInto(b, ss[0], "en"); indexInto(b, ss[1], "en") })
	for _, s := range ss[2:] {
		write(func(b *bleve.Batch) { indexInto(b, s, "en") })
	}
	ss[0].Abstract += " Updated."
	write(func(b *bleve.Batch) { indexInto(b, ss[0], "en") })
	adv, err := bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	segs := newSegmentDocs(r)
	if segs == nil || !slices.Equal(segs.offsets, []uint64{0, 2, 3, 4}) {
		t.Fatalf("segments %+v: want a scorch reader of four, the first of two", segs)
	}
	for _, s := range ss {
		id, err := r.InternalID(s.ID)
		if err != nil || id == nil {
			t.Fatalf("%s: %v %v", s.ID, id, err)
		}
		got, err := segs.session(docNum(id))
		if err != nil {
			t.Fatalf("%s: %v", s.ID, err)
		}
		if diff := gocmp.Diff(s, got, cmpEmpty); diff != "" {
			t.Errorf("document %d (-want +got):\n%s", docNum(id), diff)
		}
	}
	if _, err := segs.session(1 << 40); err == nil {
		t.Error("a document number past the last: no error")
	}
}

// TestHighlightsFromCache: the second time a word's highlights are asked
// for, they come from its cached term vectors, the same as the index's.
func TestHighlightsFromCache(t *testing.T) {
	ix := openTest(t, t.TempDir())
	syncTest(t, ix, testSessions(t))
	for _, q := range []string{"kubernetes secrets", "cafe universite", "serverless"} {
		first := searchTest(t, ix, q, 0, 0)
		for range 2 {
			if diff := gocmp.Diff(first, searchTest(t, ix, q, 0, 0)); diff != "" {
				t.Errorf("%q again (-first +again):\n%s", q, diff)
			}
		}
		if len(first.Hits) == 0 || len(first.Hits[0].Snippet.Marks) == 0 {
			t.Errorf("%q: no highlights to compare: %+v", q, first.Hits)
		}
	}
	pl := ix.post.lists[postingsKey{plainFieldIndex(fieldAbstract), "kubernetes"}]
	if pl == nil || pl.vecAt == nil {
		t.Error("kubernetes in abstracts: no cached term vectors after three searches")
	}
}

// TestWordCache: a word is understood once per snapshot and its answer
// shared, but the strict understanding of follows (no typo corrections) is
// kept apart from the loose one of searches.
func TestWordCache(t *testing.T) {
	ix := openTest(t, t.TempDir())
	syncTest(t, ix, testSessions(t))
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	snap, err := ix.snapshotFor(r)
	if err != nil {
		t.Fatal(err)
	}
	q := ParseQuery("kuberentes", fosdemMorning(t), nil)
	hasTypo := func(p *plan) bool {
		return slices.ContainsFunc(p.words[0].variants, func(v variant) bool { return v.kind == vTypo })
	}
	loose := ix.understand(q, snap, false)
	if again := ix.understand(q, snap, false); again.words[0] != loose.words[0] {
		t.Error("the same word understood twice")
	}
	strict := ix.understand(q, snap, true)
	if !hasTypo(loose) || hasTypo(strict) {
		t.Errorf("typo corrections: loose %v, strict %v; want only loose", hasTypo(loose), hasTypo(strict))
	}
}

// TestFilterCache: a set of filters is computed once per reader, and sets
// that differ never share an answer, however their values are written.
func TestFilterCache(t *testing.T) {
	pc := &postingsCache{}
	day := Day{From: fosdemMorning(t), To: fosdemMorning(t).Add(24 * time.Hour)}
	tests := []struct {
		name string
		q    Query
		days []Day
	}{
		{"two speakers", Query{Speakers: []string{"a", "b"}}, nil},
		{"one speaker with a separator", Query{Speakers: []string{"a\x00b"}}, nil},
		{"speaker and company", Query{Speakers: []string{"a"}, Companies: []string{"b"}}, nil},
		{"track", Query{Tracks: []string{"a"}}, nil},
		{"track and a day", Query{Tracks: []string{"a"}}, []Day{day}},
		{"a day", Query{}, []Day{day}},
		{"the next day", Query{}, []Day{{From: day.To, To: day.To.Add(24 * time.Hour)}}},
	}
	for i, tt := range tests {
		want := map[uint64]bool{uint64(i): true}
		for range 2 {
			got, err := pc.filter(tt.q, tt.days, func() (map[uint64]bool, error) { return map[uint64]bool{uint64(i): true}, nil })
			if err != nil || !maps.Equal(got, want) {
				t.Errorf("%s: %v, %v; want %v", tt.name, got, err, want)
			}
		}
	}
	calls := 0
	got, _ := pc.filter(Query{}, nil, func() (map[uint64]bool, error) { calls++; return nil, nil })
	got, _ = pc.filter(Query{}, nil, func() (map[uint64]bool, error) { calls++; return got, nil })
	if got != nil || calls != 2 {
		t.Errorf("no filters: %v after %d calls; want nil, computed each time", got, calls)
	}
	if len(pc.filters) != len(tests) {
		t.Errorf("%d filter sets cached, want %d", len(pc.filters), len(tests))
	}
}

// TestConcurrentSearches: searches running at once share the caches (run
// with -race) and answer as one search alone does.
func TestConcurrentSearches(t *testing.T) {
	ix := fixtures.get(t, "fosdem")
	now := time.Date(2025, 2, 1, 8, 0, 0, 0, time.UTC)
	want := map[string]Result{}
	for _, q := range benchQueries {
		res, err := ix.Search(t.Context(), ParseQuery(q, now, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		want[q] = res
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range benchQueries {
				q := benchQueries[(i+g*5)%len(benchQueries)]
				res, err := ix.Search(t.Context(), ParseQuery(q, now, time.UTC))
				if err != nil {
					t.Error(err)
					return
				}
				if diff := gocmp.Diff(want[q], res); diff != "" {
					t.Errorf("%q at once (-alone +at once):\n%s", q, diff)
				}
			}
		})
	}
	wg.Wait()
}
