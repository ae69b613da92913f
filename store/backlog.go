package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Backlog is what waits in the store to be sent, counted without decoding
// a value, so that a metrics scrape costs a few key walks.
type Backlog struct {
	Outbox    int // announcements not yet posted
	Notices   int // direct-message notices not yet sent
	Reminders int // reminders waiting for their due time, or due and not yet sent
}

// Backlog counts what waits to be sent.
func (s *Store) Backlog() (Backlog, error) {
	var b Backlog
	err := s.view(func(tx *bolt.Tx) error {
		b.Outbox = countKeys(tx.Bucket(bucketOutbox))
		b.Notices = countKeys(tx.Bucket(bucketNotices))
		b.Reminders = countKeys(tx.Bucket(bucketRemindersDue))
		return nil
	})
	if err != nil {
		return Backlog{}, fmt.Errorf("store: backlog: %w", err)
	}
	return b, nil
}

// countKeys counts the keys of b.
func countKeys(b *bolt.Bucket) int {
	return countPrefix(b, nil)
}
