package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"github.com/sessionbot/sessionbot/session"
)

// Get returns the indexed session with this ID; the bool is false when there
// is none.
func (ix *Index) Get(id string) (session.Session, bool, error) {
	if err := ix.acquire(); err != nil {
		return session.Session{}, false, err
	}
	defer ix.release()
	doc, err := ix.bi.Document(id)
	if err != nil {
		return session.Session{}, false, fmt.Errorf("index: get %s: %w", id, err)
	}
	if doc == nil {
		return session.Session{}, false, nil
	}
	s, err := documentSession(doc)
	if err != nil {
		return session.Session{}, false, fmt.Errorf("index: get %s: %w", id, err)
	}
	return s, true, nil
}

// Sessions returns every indexed session, sorted by ID.
func (ix *Index) Sessions() ([]session.Session, error) {
	if err := ix.acquire(); err != nil {
		return nil, err
	}
	defer ix.release()
	n, err := ix.bi.DocCount()
	if err != nil {
		return nil, fmt.Errorf("index: list sessions: %w", err)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), int(n), 0, false)
	req.Fields = storedFields
	req.SortBy([]string{"_id"})
	res, err := ix.bi.Search(req)
	if err != nil {
		return nil, fmt.Errorf("index: list sessions: %w", err)
	}
	out := make([]session.Session, 0, len(res.Hits))
	for _, h := range res.Hits {
		s, err := storedSession(h.ID, h.Fields)
		if err != nil {
			return nil, fmt.Errorf("index: list sessions: %s: %w", h.ID, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// Count returns the number of indexed sessions.
func (ix *Index) Count() (uint64, error) {
	if err := ix.acquire(); err != nil {
		return 0, err
	}
	defer ix.release()
	n, err := ix.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("index: count: %w", err)
	}
	return n, nil
}
