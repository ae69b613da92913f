package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/sessionbot/sessionbot/session"
)

// Paging limits: a page is at most maxSize hits, and paging stops at maxFrom,
// so no request makes a search collect an unbounded heap.
const (
	defaultSize = 10
	maxSize     = 100
	maxFrom     = 1000
)

// Result is one page of a search.
type Result struct {
	Total   uint64   // all matching sessions, not just this page
	Hits    []Hit    // this page, best first
	Notices []string // the query's notices, for the user
	// NoCloseMatch is true when no session matches the free text well
	// (its words are not in the programme, or only a few of them): Hits
	// are then the closest few at most, and Total counts only those.
	NoCloseMatch bool
}

// Hit is one matching session.
type Hit struct {
	Session session.Session
	Score   float64
	// Quality is the share of the query's meaning the session has, from 0
	// to 1: its words as typed count fully, other forms, synonyms,
	// expansions and typo corrections less. Filter-only hits have 1.
	Quality float64
	// TitleMarks are the byte ranges of matched words in Session.Title.
	TitleMarks [][2]int
	// Snippet is a piece of the abstract around the matches.
	Snippet Snippet
}

// Snippet is plain text, at most about 240 characters, cut on rune boundaries
// with "…" where it was cut. Marks are byte ranges in Text of matched words:
// renderers emphasise them and escape everything else themselves.
type Snippet struct {
	Text  string
	Marks [][2]int
}

// Search runs q and returns one page of hits: ranked by relevance when q has
// free text or phrases, otherwise (filters only) by start time. An empty
// query finds nothing; a day: filter the programme has no such day for
// finds nothing either, with a notice listing the programme's days. An
// error from damaged index files is ErrCorrupt (IsCorrupt), never a panic.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	return guardSearch(q, func() (Result, error) { return ix.search(ctx, q) })
}

// search is Search without guardSearch.
func (ix *Index) search(ctx context.Context, q Query) (Result, error) {
	res := Result{Notices: q.Notices}
	if q.Empty() {
		return res, nil
	}
	if err := ix.acquire(); err != nil {
		return res, err
	}
	defer ix.release()
	r, err := ix.reader()
	if err != nil {
		return res, fmt.Errorf("index: search %q: %w", q.Raw, err)
	}
	defer r.Close()
	snap, err := ix.snapshotFor(r)
	if err != nil {
		return res, fmt.Errorf("index: search %q: %w", q.Raw, err)
	}
	days, notices := resolveDays(q.Days, q.Now, ix.loc, snap.starts)
	res.Notices = append(res.Notices, notices...)
	if len(notices) > 0 {
		return res, nil
	}
	if len(q.Terms)+len(q.Phrases) == 0 {
		return ix.filterSearch(ctx, q, days, snap, res)
	}
	return ix.textSearch(ctx, r, snap, q, days, res)
}

// reader opens a reader on the index as it is now.
func (ix *Index) reader() (bleveindex.IndexReader, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// filterSearch lists the sessions passing q's filters by start time.
func (ix *Index) filterSearch(ctx context.Context, q Query, days []Day, snap *snapshot, res Result) (Result, error) {
	req := bleve.NewSearchRequestOptions(ix.filterQuery(q, days, snap), pageSize(q.Size), min(max(q.From, 0), maxFrom), false)
	req.Fields = storedFields
	req.SortBy([]string{fieldStartOrder, "_id"})
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return res, fmt.Errorf("index: search %q: %w", q.Raw, err)
	}
	res.Total = sr.Total
	for _, dm := range sr.Hits {
		s, err := storedSession(dm.ID, dm.Fields)
		if err != nil {
			return res, fmt.Errorf("index: search %q: hit %s: %w", q.Raw, dm.ID, err)
		}
		res.Hits = append(res.Hits, Hit{Session: s, Score: dm.Score, Quality: 1, Snippet: snippet(s.Abstract, nil, snippetRunes)})
	}
	return res, nil
}

// textSearch scores the sessions against q's words and phrases, keeps those
// passing its filters, and returns the page asked for.
func (ix *Index) textSearch(ctx context.Context, r bleveindex.IndexReader, snap *snapshot, q Query, days []Day, res Result) (Result, error) {
	p := ix.understand(q, snap, false)
	pc := ix.postingsFor(r, snap)
	allowed, err := pc.filter(q, days, func() (map[uint64]bool, error) { return ix.allowed(ctx, r, q, days, snap) })
	if err != nil {
		return res, fmt.Errorf("index: search %q: %w", q.Raw, err)
	}
	sc, _ := ix.scorers.Get().(*scorer)
	if sc == nil {
		sc = &scorer{}
	}
	defer func() {
		sc.reset()
		ix.scorers.Put(sc)
	}()
	sc.ctx, sc.r, sc.snap, sc.cache = ctx, r, snap, pc
	m := ix.bi.Mapping()
	runPhrase := func(v variant, f textField, fn func(uint64)) error { return phraseSearch(ctx, r, m, v, f, fn) }
	if err := sc.run(p, runPhrase); err != nil {
		return res, fmt.Errorf("index: search %q: %w", q.Raw, err)
	}
	rk := rankHits(sc, p, allowed, max(q.From, 0), pageSize(q.Size))
	res.Total, res.NoCloseMatch = rk.total, rk.weak
	if err := sc.proximity(p, rk.best); err != nil {
		return res, fmt.Errorf("index: search %q: %w", q.Raw, err)
	}
	if res.Hits, err = ix.hits(ctx, r, snap, p, sc, rk.page()); err != nil {
		return res, fmt.Errorf("index: search %q: %w", q.Raw, err)
	}
	return res, nil
}

// allowed returns the document numbers passing q's filters, or nil when q
// has none.
func (ix *Index) allowed(ctx context.Context, r bleveindex.IndexReader, q Query, days []Day, snap *snapshot) (map[uint64]bool, error) {
	fq := ix.filterQuery(q, days, snap)
	if fq == nil {
		return nil, nil
	}
	s, err := fq.Searcher(ctx, r, ix.bi.Mapping(), search.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	out := map[uint64]bool{}
	for {
		dm, err := s.Next(sctx)
		if err != nil || dm == nil {
			return out, err
		}
		out[docNum(dm.IndexInternalID)] = true
		sctx.DocumentMatchPool.Put(dm)
	}
}

func pageSize(n int) int {
	switch {
	case n <= 0:
		return defaultSize
	case n > maxSize:
		return maxSize
	}
	return n
}
