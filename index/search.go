package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/sessionbot/sessionbot/session"
)

// Paging limits: a page is at most maxSize hits, and paging stops at maxFrom,
// so no request makes bleve collect an unbounded heap.
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
}

// Hit is one matching session.
type Hit struct {
	Session session.Session
	Score   float64
	// Matched names the fields the free text or phrases matched, in the order
	// title, speaker, company, abstract, track, tags.
	Matched []string
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
// query finds nothing.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	res := Result{Notices: q.Notices}
	if q.Empty() {
		return res, nil
	}
	if err := ix.acquire(); err != nil {
		return res, err
	}
	defer ix.release()
	bq, err := ix.buildQuery(ctx, q)
	if err != nil {
		return res, fmt.Errorf("index: search %q: %w", q.Raw, err)
	}
	req := bleve.NewSearchRequestOptions(bq, pageSize(q.Size), min(max(q.From, 0), maxFrom), false)
	req.Fields = []string{fieldJSON}
	req.IncludeLocations = true
	if len(q.Terms)+len(q.Phrases) == 0 {
		req.SortBy([]string{fieldStartOrder, "_id"})
	}
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return res, fmt.Errorf("index: search %q: %w", q.Raw, err)
	}
	res.Total = sr.Total
	for _, dm := range sr.Hits {
		h, err := newHit(dm)
		if err != nil {
			return res, fmt.Errorf("index: search %q: hit %s: %w", q.Raw, dm.ID, err)
		}
		res.Hits = append(res.Hits, h)
	}
	return res, nil
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

func newHit(dm *search.DocumentMatch) (Hit, error) {
	s, err := storedSession(dm.Fields)
	if err != nil {
		return Hit{}, err
	}
	return Hit{
		Session:    s,
		Score:      dm.Score,
		Matched:    matchedFields(dm.Locations),
		TitleMarks: marks(dm.Locations, fieldTitle, fieldTitleExact, fieldTitleStem),
		Snippet:    snippet(s.Abstract, marks(dm.Locations, fieldAbstract, fieldAbstractExact), snippetRunes),
	}, nil
}
