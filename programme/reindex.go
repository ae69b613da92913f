package programme

import (
	"fmt"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/store"
)

// Reindex makes the index hold the stored catalogue, as at start-up: the
// store is the truth. Before the first sync ever it does nothing, so an empty
// store never empties an index.
func (s *Syncer) Reindex() (index.SyncStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	meta, err := s.Store.Meta()
	if err != nil {
		return index.SyncStats{}, fmt.Errorf("reindex: %w", err)
	}
	return s.reindex(meta)
}

// healIndex refills the index when the last write to it failed.
func (s *Syncer) healIndex(meta store.Meta) error {
	if !s.indexStale {
		return nil
	}
	if _, err := s.reindex(meta); err != nil {
		return writeFailed("refill the search index", err)
	}
	return nil
}

func (s *Syncer) reindex(meta store.Meta) (index.SyncStats, error) {
	if !meta.Synced {
		return index.SyncStats{}, nil
	}
	if v, err := s.Index.Version(); err == nil && v != "" && v == meta.CatalogueVersion && !s.indexStale {
		return index.SyncStats{Unchanged: true}, nil // the index holds this very catalogue: nothing to read
	}
	cat, err := s.Store.Catalogue()
	if err != nil {
		return index.SyncStats{}, fmt.Errorf("reindex: %w", err)
	}
	stats, err := s.Index.SyncVersion(cat, meta.CatalogueVersion)
	if err != nil {
		s.indexStale = true
		return stats, fmt.Errorf("reindex: %w", err)
	}
	s.indexStale = false
	return stats, nil
}
