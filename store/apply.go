package store

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sessionbot/sessionbot/session"
)

// Commit is one accepted sync, applied as a whole by Apply.
type Commit struct {
	Sessions []session.Session // the new snapshot; IDs must be unique and non-empty
	Meta     Meta              // saved as is, with Synced set
	Now      time.Time
	Announce bool             // queue announcements (off for a quiet first sync)
	Changes  []session.Change // moved/cancelled notices to queue; empty = none
	Notices  []Notice         // direct messages to queue (for the admins); empty = none
}

// Applied is what Apply did. Each ID list is sorted.
type Applied struct {
	New        []string // never seen before
	Reappeared []string // tombstones that came back: not new
	Changed    []string // stored before and rewritten: changed or back
	Removed    []string // current sessions that became tombstones
	Queued     []uint64 // outbox IDs, in order
	Version    string   // Meta.CatalogueVersion after the commit
}

// Apply commits a sync in one transaction: the catalogue becomes c.Sessions
// (sessions missing from it become tombstones keeping FirstSeen and
// Announced; tombstones that reappear are revived, not new), IDs never seen
// before get FirstSeen = c.Now, c.Meta is saved, and when c.Announce is set
// one "new" outbox entry is queued with the never-seen IDs (if any) and one
// "changes" entry with c.Changes (if any), and c.Notices are queued. Because "new" means never seen at
// all, a session is queued at most once across restarts, flaps and repeated
// syncs.
func (s *Store) Apply(c Commit) (Applied, error) {
	if err := checkIDs(c.Sessions); err != nil {
		return Applied{}, fmt.Errorf("store: apply: %w", err)
	}
	var a Applied
	err := s.update(func(tx *bolt.Tx) error {
		a = Applied{}
		var prev Meta
		if _, err := getJSON(tx.Bucket(bucketMeta), keySource, &prev); err != nil {
			return err
		}
		baseline := !prev.Synced && !c.Announce
		if err := applySessions(tx.Bucket(bucketSessions), c, baseline, &a); err != nil {
			return err
		}
		m := c.Meta
		m.Synced = true
		m.CatalogueVersion = prev.CatalogueVersion
		if m.CatalogueVersion == "" || len(a.New)+len(a.Changed)+len(a.Removed) > 0 {
			m.CatalogueVersion = newVersion()
		}
		a.Version = m.CatalogueVersion
		if err := putJSON(tx.Bucket(bucketMeta), keySource, m); err != nil {
			return err
		}
		if err := queue(tx, c, &a); err != nil {
			return err
		}
		if err := markPending(tx, a); err != nil {
			return err
		}
		return queueNotices(tx, c.Notices)
	})
	if err != nil {
		return Applied{}, fmt.Errorf("store: apply: %w", err)
	}
	return a, nil
}

// checkIDs rejects a snapshot with an empty or repeated ID, which would
// otherwise silently lose a session.
func checkIDs(sessions []session.Session) error {
	seen := make(map[string]bool, len(sessions))
	for i, s := range sessions {
		if s.ID == "" {
			return fmt.Errorf("session %d (%q) has no ID", i, s.Title)
		}
		if seen[s.ID] {
			return fmt.Errorf("session ID %q appears twice", s.ID)
		}
		seen[s.ID] = true
	}
	return nil
}

// applySessions upserts the snapshot and tombstones what left it.
// Sessions new in a quiet first sync are marked Baseline.
func applySessions(b *bolt.Bucket, c Commit, baseline bool, a *Applied) error {
	in := make(map[string]bool, len(c.Sessions))
	for _, sess := range c.Sessions {
		in[sess.ID] = true
		if err := upsert(b, sess, c.Now, baseline, a); err != nil {
			return err
		}
	}
	slices.Sort(a.New)
	slices.Sort(a.Reappeared)
	slices.Sort(a.Changed)
	return tombstone(b, in, c.Now, a)
}

// upsert stores one current session, recording whether it is new or back.
// An unchanged entry is not rewritten, so a quiet sync dirties no pages.
func upsert(b *bolt.Bucket, sess session.Session, now time.Time, baseline bool, a *Applied) error {
	key := []byte(sess.ID)
	old := b.Get(key)
	e := Entry{Session: sess, FirstSeen: now, Baseline: baseline}
	if old == nil {
		a.New = append(a.New, sess.ID)
	} else {
		var prev entryHistory
		if err := json.Unmarshal(old, &prev); err != nil {
			return fmt.Errorf("decode session %q: %w", key, err)
		}
		if !prev.Removed.IsZero() {
			a.Reappeared = append(a.Reappeared, sess.ID)
		}
		e.FirstSeen, e.Announced, e.Baseline = prev.FirstSeen, prev.Announced, prev.Baseline
	}
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode session %q: %w", key, err)
	}
	if bytes.Equal(data, old) {
		return nil
	}
	if old != nil {
		a.Changed = append(a.Changed, sess.ID)
	}
	return b.Put(key, data)
}

// entryHistory is the part of an Entry that Apply carries over; decoding
// only this skips the session, which is being replaced anyway.
type entryHistory struct {
	FirstSeen time.Time `json:"first_seen"`
	Removed   time.Time `json:"removed,omitzero"`
	Announced time.Time `json:"announced,omitzero"`
	Baseline  bool      `json:"baseline,omitempty"`
}

// tombstone marks every current session not in the snapshot as removed.
func tombstone(b *bolt.Bucket, in map[string]bool, now time.Time, a *Applied) error {
	var gone []Entry
	err := b.ForEach(func(k, v []byte) error {
		if in[string(k)] {
			return nil
		}
		var e Entry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("decode session %q: %w", k, err)
		}
		if e.Current() {
			gone = append(gone, e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Written after the walk: bbolt cursors are not safe across Puts.
	for _, e := range gone {
		e.Removed = now
		if err := putJSON(b, []byte(e.Session.ID), e); err != nil {
			return err
		}
		a.Removed = append(a.Removed, e.Session.ID)
	}
	return nil
}

// queue adds the outbox entries the commit asks for.
func queue(tx *bolt.Tx, c Commit, a *Applied) error {
	if !c.Announce {
		return nil
	}
	var entries []Outbox
	if len(a.New) > 0 {
		entries = append(entries, Outbox{Kind: KindNew, Created: c.Now, SessionIDs: slices.Clone(a.New)})
	}
	if len(c.Changes) > 0 {
		entries = append(entries, Outbox{Kind: KindChanges, Created: c.Now, SessionIDs: changeIDs(c.Changes), Changes: c.Changes})
	}
	for _, o := range entries {
		id, err := enqueue(tx, o)
		if err != nil {
			return err
		}
		a.Queued = append(a.Queued, id)
	}
	return nil
}

// changeIDs lists the session IDs a set of changes concerns.
func changeIDs(changes []session.Change) []string {
	ids := make([]string, 0, len(changes))
	for _, ch := range changes {
		ids = append(ids, cmp.Or(ch.New.ID, ch.Old.ID))
	}
	return ids
}

// newVersion is a fresh, unique catalogue version.
func newVersion() string {
	return rand.Text()
}
