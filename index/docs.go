package index

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"

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
	var stored []byte
	doc.VisitFields(func(f bleveindex.Field) {
		if f.Name() == fieldJSON {
			stored = f.Value()
		}
	})
	s, err := decodeSession(stored)
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
	req.Fields = []string{fieldJSON}
	req.SortBy([]string{"_id"})
	res, err := ix.bi.Search(req)
	if err != nil {
		return nil, fmt.Errorf("index: list sessions: %w", err)
	}
	out := make([]session.Session, 0, len(res.Hits))
	for _, h := range res.Hits {
		s, err := storedSession(h.Fields)
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

// storedSession decodes the stored JSON field of a search hit.
func storedSession(fields map[string]any) (session.Session, error) {
	s, _ := fields[fieldJSON].(string)
	return decodeSession([]byte(s))
}

func decodeSession(data []byte) (session.Session, error) {
	var s session.Session
	if len(data) == 0 {
		return s, errors.New("no stored session")
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("decode stored session: %w", err)
	}
	return s, nil
}
