package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sessionbot/sessionbot/session"
)

// Outbox kinds.
const (
	KindNew     = "new"     // sessions never announced before
	KindChanges = "changes" // moved or cancelled sessions
)

// Outbox is one announcement waiting to be posted. It carries session IDs,
// not rendered text: the poster renders from Known at post time, so a session
// edited before the post goes out is shown as it is now.
type Outbox struct {
	ID         uint64           `json:"-"` // the bbolt key
	Kind       string           `json:"kind"`
	Created    time.Time        `json:"created"`
	SessionIDs []string         `json:"session_ids,omitempty"`
	Changes    []session.Change `json:"changes,omitempty"`
	Claimed    time.Time        `json:"claimed,omitzero"` // a post began (see ClaimOutbox)
	Shown      []string         `json:"shown,omitempty"`  // the new sessions that post showed
	Attempts   int              `json:"attempts,omitempty"`
	NextTry    time.Time        `json:"next_try,omitzero"`
	LastError  string           `json:"last_error,omitempty"`
}

// Pending returns the entries waiting to be posted, oldest first. It includes
// entries whose NextTry is still in the future; the poster decides.
func (s *Store) Pending() ([]Outbox, error) {
	var out []Outbox
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			o, err := decodeOutbox(k, v)
			if err != nil {
				return err
			}
			out = append(out, o)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: pending: %w", err)
	}
	return out, nil
}

// ClaimOutbox records, before the post, that posting entry id began and
// which of its new sessions the message shows; the claim stays until the
// entry is posted, so that after a crash the poster looks for the message
// in the channel first. An unknown id gives ErrNotFound.
func (s *Store) ClaimOutbox(id uint64, now time.Time, shown []string) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		var o Outbox
		ok, err := getJSON(b, outboxKey(id), &o)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		o.Claimed, o.Shown = now, slices.Clone(shown)
		return putJSON(b, outboxKey(id), o)
	})
	if err != nil {
		return fmt.Errorf("store: claim outbox entry %d: %w", id, err)
	}
	return nil
}

// Posted records that entry id went out: it deletes the entry and, for a
// "new" entry, marks its sessions Announced at now (keeping an earlier mark),
// in one transaction. An unknown or already posted id is not an error, so a
// repeated call is harmless. A poster that leaves some sessions out of the
// message uses PostedShown instead.
func (s *Store) Posted(id uint64, now time.Time) error {
	return s.posted(id, now, func(o Outbox) []string { return o.SessionIDs })
}

// PostedShown is Posted for a message that showed only the sessions in
// shown: of a "new" entry's sessions, only those are marked Announced, so
// one removed before the post (and so not in the message) is not recorded
// as announced. IDs in shown that are not in the entry are ignored.
func (s *Store) PostedShown(id uint64, shown []string, now time.Time) error {
	return s.posted(id, now, func(o Outbox) []string {
		return slices.DeleteFunc(slices.Clone(o.SessionIDs), func(id string) bool { return !slices.Contains(shown, id) })
	})
}

// posted deletes entry id and, for a "new" entry, marks the sessions
// announced(entry) returns.
func (s *Store) posted(id uint64, now time.Time, announced func(Outbox) []string) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		v := b.Get(outboxKey(id))
		if v == nil {
			return nil
		}
		o, err := decodeOutbox(outboxKey(id), v)
		if err != nil {
			return err
		}
		if o.Kind == KindNew {
			if err := markAnnounced(tx.Bucket(bucketSessions), announced(o), now); err != nil {
				return err
			}
		}
		return b.Delete(outboxKey(id))
	})
	if err != nil {
		return fmt.Errorf("store: posted %d: %w", id, err)
	}
	return nil
}

// Retry records a failed attempt at posting entry id: Attempts goes up by
// one and the entry waits until nextTry. A claim stays (the post may have
// reached Slack). An unknown id gives ErrNotFound.
func (s *Store) Retry(id uint64, nextTry time.Time, errText string) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		var o Outbox
		ok, err := getJSON(b, outboxKey(id), &o)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		o.Attempts++
		o.NextTry, o.LastError = nextTry, errText
		return putJSON(b, outboxKey(id), o)
	})
	if err != nil {
		return fmt.Errorf("store: retry %d: %w", id, err)
	}
	return nil
}

// enqueue appends o to the outbox and returns its ID.
func enqueue(tx *bolt.Tx, o Outbox) (uint64, error) {
	b := tx.Bucket(bucketOutbox)
	id, err := b.NextSequence()
	if err != nil {
		return 0, fmt.Errorf("outbox sequence: %w", err)
	}
	if err := putJSON(b, outboxKey(id), o); err != nil {
		return 0, err
	}
	return id, nil
}

// markAnnounced sets Announced on the given sessions unless already set.
func markAnnounced(b *bolt.Bucket, ids []string, now time.Time) error {
	for _, id := range ids {
		var e Entry
		ok, err := getJSON(b, []byte(id), &e)
		if err != nil {
			return err
		}
		if !ok || !e.Announced.IsZero() {
			continue
		}
		e.Announced = now
		if err := putJSON(b, []byte(id), e); err != nil {
			return err
		}
	}
	return nil
}

// outboxKey encodes an outbox ID so that keys sort in ID order.
func outboxKey(id uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, id)
}

// decodeOutbox decodes the entry stored under key k.
func decodeOutbox(k, v []byte) (Outbox, error) {
	var o Outbox
	if len(k) != 8 {
		return o, fmt.Errorf("outbox key %x is not 8 bytes", k)
	}
	if err := json.Unmarshal(v, &o); err != nil {
		return o, fmt.Errorf("decode outbox entry %x: %w", k, err)
	}
	o.ID = binary.BigEndian.Uint64(k)
	return o, nil
}
