package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Notice kinds.
const (
	NoticeMoved     = "moved"     // a reminded session changed time or room
	NoticeScheduled = "scheduled" // a reminded session without a time got one
	NoticeCancelled = "cancelled" // a reminded session left the programme
	NoticeFollow    = "follow"    // sessions matching the user's follows
	NoticeAdmin     = "admin"     // Text for an admin: a source problem, a held snapshot
)

// ActorMention in an admin notice's Text is where the renderer mentions
// the notice's Actor (the admin who accepted a held snapshot): Text is
// plain text, escaped when rendered, so it cannot carry a mention itself.
const ActorMention = "{actor}"

// Notice is a direct message waiting to be sent: schedule changes for
// reminded sessions, follow alerts, or a message for an admin. Like Outbox
// it carries session IDs, not text, so it is rendered from the catalogue at
// send time; only an admin's notice carries its Text.
type Notice struct {
	ID         uint64    `json:"-"` // the bbolt key
	UserID     string    `json:"user_id"`
	Kind       string    `json:"kind"`
	SessionIDs []string  `json:"session_ids,omitempty"`
	Queries    []string  `json:"queries,omitempty"` // the follows that matched (follow notices)
	Text       string    `json:"text,omitempty"`    // plain text (admin notices)
	Hold       string    `json:"hold,omitempty"`    // the held snapshot's hash it offers to accept (admin notices)
	Actor      string    `json:"actor,omitempty"`   // the user ID ActorMention in Text stands for (admin notices)
	Created    time.Time `json:"created"`
	Claimed    time.Time `json:"claimed,omitzero"` // a send attempt began
	Attempts   int       `json:"attempts,omitempty"`
	NextTry    time.Time `json:"next_try,omitzero"`
	LastError  string    `json:"last_error,omitempty"`
}

// PendingNotices returns the notices waiting to be sent in ID order, at
// most limit of them (0 or less: all). It includes notices whose NextTry is
// still in the future and claimed ones; the sender decides.
func (s *Store) PendingNotices(limit int) ([]Notice, error) {
	var out []Notice
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketNotices).Cursor()
		for k, v := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
			n, err := decodeNotice(k, v)
			if err != nil {
				return err
			}
			out = append(out, n)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: pending notices: %w", err)
	}
	return out, nil
}

// ClaimNotice records, before the post, that sending notice id began. An
// unknown id gives ErrNotFound.
func (s *Store) ClaimNotice(id uint64, now time.Time) error {
	err := s.changeNotice(id, func(n *Notice) { n.Claimed = now })
	if err != nil {
		return fmt.Errorf("store: claim notice %d: %w", id, err)
	}
	return nil
}

// NoticeSent records, after the post, that notice id went out by deleting
// it. An unknown or already sent id is not an error.
func (s *Store) NoticeSent(id uint64) error {
	err := s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketNotices).Delete(outboxKey(id))
	})
	if err != nil {
		return fmt.Errorf("store: notice sent %d: %w", id, err)
	}
	return nil
}

// RetryNotice records a failed attempt at sending notice id: Attempts goes
// up by one and the notice waits until nextTry. The claim is cleared unless
// keepClaim, which a sender uses after a post that may have reached Slack,
// so that the next try looks for it first: kept in the same transaction, no
// crash can lose it. An unknown id gives ErrNotFound.
func (s *Store) RetryNotice(id uint64, nextTry time.Time, errText string, keepClaim bool) error {
	err := s.changeNotice(id, func(n *Notice) {
		n.Attempts++
		if !keepClaim {
			n.Claimed = time.Time{}
		}
		n.NextTry, n.LastError = nextTry, errText
	})
	if err != nil {
		return fmt.Errorf("store: retry notice %d: %w", id, err)
	}
	return nil
}

// changeNotice applies fn to notice id in one transaction.
func (s *Store) changeNotice(id uint64, fn func(*Notice)) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketNotices)
		var n Notice
		ok, err := getJSON(b, outboxKey(id), &n)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		fn(&n)
		return putJSON(b, outboxKey(id), n)
	})
}

// queueNotice appends n to the notices and returns it with its ID.
func queueNotice(tx *bolt.Tx, n Notice) (Notice, error) {
	b := tx.Bucket(bucketNotices)
	id, err := b.NextSequence()
	if err != nil {
		return Notice{}, fmt.Errorf("notice sequence: %w", err)
	}
	if err := putJSON(b, outboxKey(id), n); err != nil {
		return Notice{}, err
	}
	n.ID = id
	return n, nil
}

// queueNotices appends ns to the notices, each with Created as given.
func queueNotices(tx *bolt.Tx, ns []Notice) error {
	for _, n := range ns {
		if n.UserID == "" || n.Kind == "" {
			return fmt.Errorf("notice without a user or kind: %+v", n)
		}
		if _, err := queueNotice(tx, n); err != nil {
			return err
		}
	}
	return nil
}

// decodeNotice decodes the notice stored under key k.
func decodeNotice(k, v []byte) (Notice, error) {
	var n Notice
	if len(k) != 8 {
		return n, fmt.Errorf("notice key %x is not 8 bytes", k)
	}
	if err := json.Unmarshal(v, &n); err != nil {
		return n, fmt.Errorf("decode notice %x: %w", k, err)
	}
	n.ID = binary.BigEndian.Uint64(k)
	return n, nil
}
