package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// DMChannel returns the direct-message channel cached for userID, so that
// conversations.open is called once per user; false when none is cached.
func (s *Store) DMChannel(userID string) (string, bool, error) {
	var ch string
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		ok, err = getJSON(tx.Bucket(bucketDMChannels), []byte(userID), &ch)
		return err
	})
	if err != nil {
		return "", false, fmt.Errorf("store: dm channel %s: %w", userID, err)
	}
	return ch, ok, nil
}

// SetDMChannel caches channelID as the direct-message channel of userID.
func (s *Store) SetDMChannel(userID, channelID string) error {
	err := s.update(func(tx *bolt.Tx) error {
		if userID == "" {
			return fmt.Errorf("empty user ID")
		}
		return putJSON(tx.Bucket(bucketDMChannels), []byte(userID), channelID)
	})
	if err != nil {
		return fmt.Errorf("store: set dm channel %s: %w", userID, err)
	}
	return nil
}
