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
	Refused      Refusal   `json:"refused,omitzero"`
}

// Refusal is a snapshot refused by the max_drop guard; zero when none.
type Refusal struct {
	Hash      string    `json:"hash,omitempty"`
	Count     int       `json:"count,omitempty"`    // sessions in the refused snapshot
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

// UpdateMeta reads the metadata, lets fn change it and writes it back, in one
// transaction.
func (s *Store) UpdateMeta(fn func(*Meta)) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		var m Meta
		if _, err := getJSON(b, keySource, &m); err != nil {
			return err
		}
		fn(&m)
		return putJSON(b, keySource, m)
	})
	if err != nil {
		return fmt.Errorf("store: update meta: %w", err)
	}
	return nil
}
