package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Post records a message that is posted once per key (a session's card in
// its room's channel for one start time, the digest of one day): claimed
// before the post, sent after, as delivery.Record asks.
type Post struct {
	Claimed time.Time `json:"claimed,omitzero"`
	Sent    time.Time `json:"sent,omitzero"`
}

// Done reports whether the post went out.
func (p Post) Done() bool { return !p.Sent.IsZero() }

// Post returns the record for key, and whether there is one.
func (s *Store) Post(key string) (Post, bool, error) {
	var p Post
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		ok, err = getJSON(tx.Bucket(bucketPosts), []byte(key), &p)
		return err
	})
	if err != nil {
		return Post{}, false, fmt.Errorf("store: post %s: %w", key, err)
	}
	return p, ok, nil
}

// ClaimPost records that posting key began at.
func (s *Store) ClaimPost(key string, at time.Time) error {
	return s.changePost(key, func(p *Post) { p.Claimed = at })
}

// PostSent records that key was posted.
func (s *Store) PostSent(key string, at time.Time) error {
	return s.changePost(key, func(p *Post) { p.Sent = at })
}

func (s *Store) changePost(key string, fn func(*Post)) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPosts)
		var p Post
		if _, err := getJSON(b, []byte(key), &p); err != nil {
			return err
		}
		fn(&p)
		return putJSON(b, []byte(key), p)
	})
	if err != nil {
		return fmt.Errorf("store: post %s: %w", key, err)
	}
	return nil
}
