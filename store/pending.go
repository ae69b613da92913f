package store

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The follow-ups' work list. Apply adds every session a sync added,
// changed or removed, in its own transaction; the follow-ups (re-arming
// reminders, matching follows) take the list and clear what they handled.
// A sync that changed nothing adds nothing, so it costs the follow-ups
// nothing, and a crash between a sync and its follow-ups loses nothing.

// markPending adds what a commit changed to the work list.
func markPending(tx *bolt.Tx, a Applied) error {
	b := tx.Bucket(bucketPending)
	for _, list := range [][]string{a.New, a.Changed, a.Removed} {
		for _, id := range list {
			if err := b.Put([]byte(id), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// PendingFollowups returns the sessions syncs changed since the follow-ups last
// cleared them, sorted.
func (s *Store) PendingFollowups() ([]string, error) {
	var out []string
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPending).ForEach(func(k, _ []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: pending follow-ups: %w", err)
	}
	return out, nil
}

// ClearFollowups removes ids from the work list.
func (s *Store) ClearFollowups(ids []string) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPending)
		for _, id := range ids {
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: clear pending follow-ups: %w", err)
	}
	return nil
}

// RearmSessions is Rearm for the reminders of the sessions ids only: what a
// sync changed. A full Rearm still runs at start (a new reminders.lead
// changes every due time).
func (s *Store) RearmSessions(ids []string, lead time.Duration, now time.Time) ([]Notice, error) {
	var out []Notice
	err := s.update(func(tx *bolt.Tx) error {
		out = nil
		changes, err := rearmSessionChanges(tx, ids, lead, now)
		if err != nil {
			return err
		}
		for _, c := range changes {
			if err := putReminder(tx, c.old, true, c.new); err != nil {
				return err
			}
		}
		sortRearmed(changes)
		out, err = queueRearmNotices(tx, changes, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: rearm: %w", err)
	}
	return out, nil
}

// rearmSessionChanges works out what changes for the reminders of ids,
// found through the by-session index.
func rearmSessionChanges(tx *bolt.Tx, ids []string, lead time.Duration, now time.Time) ([]rearmed, error) {
	var out []rearmed
	entries := map[string]*Entry{}
	for _, id := range ids {
		c := tx.Bucket(bucketRemindersBySession).Cursor()
		prefix := pairKey(id, "")
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			r, ok, err := getReminder(tx, string(k[len(prefix):]), id)
			if err != nil {
				return nil, err
			}
			if !ok || !(r.Pending() || revivable(r)) {
				continue
			}
			e, err := cachedEntry(tx, entries, id)
			if err != nil {
				return nil, err
			}
			if ch, changed := rearmOne(r, e, lead, now); changed {
				out = append(out, ch)
			}
		}
	}
	return out, nil
}

// sortRearmed puts changes in reminder-key order (user, then session), as
// queueRearmNotices wants them.
func sortRearmed(changes []rearmed) {
	slices.SortFunc(changes, func(a, b rearmed) int {
		return cmp.Or(cmp.Compare(a.new.UserID, b.new.UserID), cmp.Compare(a.new.SessionID, b.new.SessionID))
	})
}
