package store

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sessionbot/sessionbot/session"
)

// Entry is everything the store knows about one session ID ever seen. A
// session that left the source stays as a tombstone (Removed set) so that it
// is never mistaken for a new one when it comes back.
type Entry struct {
	Session   session.Session `json:"session"`
	FirstSeen time.Time       `json:"first_seen"`
	Removed   time.Time       `json:"removed,omitzero"`   // zero while current
	Announced time.Time       `json:"announced,omitzero"` // zero if never announced as new
	// Baseline marks a session found by a quiet first sync: it was in the
	// programme before sessionbot was, so it is not "new" for /session new.
	Baseline bool `json:"baseline,omitempty"`
}

// Current reports whether the session is in the last good snapshot.
func (e Entry) Current() bool { return e.Removed.IsZero() }

// Catalogue returns the current sessions (no tombstones) sorted by ID: the
// last good snapshot, from which the index can always be rebuilt.
func (s *Store) Catalogue() ([]session.Session, error) {
	var out []session.Session
	err := s.view(func(tx *bolt.Tx) error {
		return eachEntry(tx, func(e Entry) {
			if e.Current() {
				out = append(out, e.Session)
			}
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: catalogue: %w", err)
	}
	return out, nil
}

// Known returns the entry for any session ID ever seen, tombstones included.
func (s *Store) Known(id string) (Entry, bool, error) {
	var e Entry
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		ok, err = getJSON(tx.Bucket(bucketSessions), []byte(id), &e)
		return err
	})
	if err != nil {
		return Entry{}, false, fmt.Errorf("store: known %s: %w", id, err)
	}
	return e, ok, nil
}

// AddedSince returns the current sessions first seen at or after t, newest
// first (ties by ID), for "/session new". Sessions of a quiet first sync
// (Baseline) are not "added": they were there before the bot.
func (s *Store) AddedSince(t time.Time) ([]Entry, error) {
	var out []Entry
	err := s.view(func(tx *bolt.Tx) error {
		return eachEntry(tx, func(e Entry) {
			if e.Current() && !e.Baseline && !e.FirstSeen.Before(t) {
				out = append(out, e)
			}
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: added since: %w", err)
	}
	slices.SortStableFunc(out, func(a, b Entry) int {
		return cmp.Or(b.FirstSeen.Compare(a.FirstSeen), cmp.Compare(a.Session.ID, b.Session.ID))
	})
	return out, nil
}

// eachEntry calls fn for every entry in ID order.
func eachEntry(tx *bolt.Tx, fn func(Entry)) error {
	return tx.Bucket(bucketSessions).ForEach(func(k, v []byte) error {
		var e Entry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("decode session %q: %w", k, err)
		}
		fn(e)
		return nil
	})
}
