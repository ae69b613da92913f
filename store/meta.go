package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Meta is what the store remembers about the source between syncs.
type Meta struct {
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Hash         string    `json:"hash,omitempty"` // content hash of the last good snapshot
	LastAttempt  time.Time `json:"last_attempt,omitzero"`
	LastSuccess  time.Time `json:"last_success,omitzero"`
	LastError    string    `json:"last_error,omitempty"`
	Synced       bool      `json:"synced,omitempty"` // a snapshot was ever applied
	// CatalogueVersion names the catalogue's content: Apply gives it a new,
	// unique value whenever the catalogue changes. The index records the
	// version it holds, so a restart with the same catalogue reads nothing.
	CatalogueVersion string `json:"catalogue_version,omitempty"`
	// Held is the snapshot the max_drop guard holds back; zero when none.
	// (Its JSON name is from when such a snapshot was called refused.)
	Held Hold `json:"refused,omitzero"`
}

// Hold is a snapshot that lost more than max_drop of the catalogue, held
// until an admin accepts it (or, with source.drop_hold, until it has stayed
// the same that long).
type Hold struct {
	Hash      string    `json:"hash,omitempty"`
	Count     int       `json:"count,omitempty"`    // sessions in the held snapshot
	Previous  int       `json:"previous,omitempty"` // sessions in the catalogue kept instead
	FirstSeen time.Time `json:"first_seen,omitzero"`
}

// Meta returns the source metadata; zero before the first write.
func (s *Store) Meta() (Meta, error) {
	var m Meta
	err := s.view(func(tx *bolt.Tx) error {
		_, err := getJSON(tx.Bucket(bucketMeta), keySource, &m)
		return err
	})
	if err != nil {
		return Meta{}, fmt.Errorf("store: meta: %w", err)
	}
	return m, nil
}

// UpdateMeta reads the metadata, lets fn change it and writes it back, and
// queues notices (for the admins, about what changed), in one transaction:
// a crash cannot record a problem without the notice about it, or the
// other way round.
func (s *Store) UpdateMeta(fn func(*Meta), notices ...Notice) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		var m Meta
		if _, err := getJSON(b, keySource, &m); err != nil {
			return err
		}
		fn(&m)
		if err := putJSON(b, keySource, m); err != nil {
			return err
		}
		return queueNotices(tx, notices)
	})
	if err != nil {
		return fmt.Errorf("store: update meta: %w", err)
	}
	return nil
}
