package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DueReminders returns the pending reminders whose Due is set and not after
// now, oldest Due first (ties by user, then session), at most limit of them
// (0 or less: all). It walks the due index from its start, so its cost
// grows with the reminders returned, not with all reminders stored.
// Reminders already Claimed are included: the delivery loop decides.
func (s *Store) DueReminders(now time.Time, limit int) ([]Reminder, error) {
	var out []Reminder
	err := s.view(func(tx *bolt.Tx) (err error) {
		out, err = dueRange(tx, bucketRemindersDue, time.Time{}, now, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: due reminders: %w", err)
	}
	return out, nil
}

// dueRange walks index, a bucket keyed by dueKey, from the due time from
// (zero: its start) to to, both included, and returns the reminders it
// names, at most limit (0 or less: all).
func dueRange(tx *bolt.Tx, index []byte, from, to time.Time, limit int) ([]Reminder, error) {
	var out []Reminder
	last := dueKey(Reminder{Due: to})[:8]
	c := tx.Bucket(index).Cursor()
	k, _ := c.First()
	if !from.IsZero() {
		k, _ = c.Seek(dueKey(Reminder{Due: from})[:8])
	}
	for ; k != nil && bytes.Compare(k[:min(8, len(k))], last) <= 0; k, _ = c.Next() {
		if limit > 0 && len(out) >= limit {
			break
		}
		if len(k) < 8 {
			return nil, fmt.Errorf("due index key %x is too short", k)
		}
		r, err := reminderFromIndex(tx, k[8:])
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// NextDue returns the earliest Due among pending scheduled reminders, past
// or future; false when there is none.
func (s *Store) NextDue() (time.Time, bool, error) {
	due, ok, err := s.firstDueFrom(nil)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: next due: %w", err)
	}
	return due, ok, nil
}

// NextDueAfter returns the earliest Due after t among pending scheduled
// reminders; false when there is none. Unlike NextDue it passes over the
// reminders already due, which may be waiting out a retry, so a delivery
// loop can sleep exactly until the next one falls due.
func (s *Store) NextDueAfter(t time.Time) (time.Time, bool, error) {
	// The due index sorts by its first 8 bytes, the time; the first key
	// after t's starts at t's plus one.
	after := binary.BigEndian.Uint64(dueKey(Reminder{Due: t})) + 1
	if after == 0 {
		return time.Time{}, false, nil // t is at the end of time
	}
	due, ok, err := s.firstDueFrom(binary.BigEndian.AppendUint64(nil, after))
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: next due after %v: %w", t, err)
	}
	return due, ok, nil
}

// firstDueFrom returns the due time of the first index key at or after
// from (the first key of all when from is nil).
func (s *Store) firstDueFrom(from []byte) (due time.Time, ok bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRemindersDue).Cursor()
		k, _ := c.First()
		if from != nil {
			k, _ = c.Seek(from)
		}
		if k == nil {
			return nil
		}
		if len(k) < 8 {
			return fmt.Errorf("due index key %x is too short", k)
		}
		due, ok = dueTime(k), true
		return nil
	})
	return due, ok, err
}

// reminderFromIndex loads the reminder a due-index key suffix points to. A
// dangling index entry means the indexes are out of step: an error, not a
// silent skip, because it would otherwise hide a lost reminder.
func reminderFromIndex(tx *bolt.Tx, pair []byte) (Reminder, error) {
	v := tx.Bucket(bucketReminders).Get(pair)
	if v == nil {
		return Reminder{}, fmt.Errorf("due index points to missing reminder %q", pair)
	}
	return decodeReminder(pair, v)
}

// getReminder loads one reminder and reports whether it exists.
func getReminder(tx *bolt.Tx, userID, sessionID string) (Reminder, bool, error) {
	key := pairKey(userID, sessionID)
	v := tx.Bucket(bucketReminders).Get(key)
	if v == nil {
		return Reminder{}, false, nil
	}
	r, err := decodeReminder(key, v)
	return r, err == nil, err
}

// decodeReminder decodes the reminder stored under key k.
func decodeReminder(k, v []byte) (Reminder, error) {
	var r Reminder
	if err := json.Unmarshal(v, &r); err != nil {
		return Reminder{}, fmt.Errorf("decode reminder %q: %w", k, err)
	}
	return r, nil
}

// putReminder writes r, replacing old (when hadOld) in the due and session
// indexes, so that the three buckets always change together.
func putReminder(tx *bolt.Tx, old Reminder, hadOld bool, r Reminder) error {
	due := tx.Bucket(bucketRemindersDue)
	if hadOld && old.scheduled() {
		if err := due.Delete(dueKey(old)); err != nil {
			return err
		}
	}
	if r.scheduled() {
		if err := due.Put(dueKey(r), nil); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bucketRemindersBySession).Put(pairKey(r.SessionID, r.UserID), nil); err != nil {
		return err
	}
	if err := updateToSchedule(tx, old, hadOld, &r); err != nil {
		return err
	}
	if hadOld {
		if err := queueUnschedule(tx, old, &r); err != nil {
			return err
		}
	}
	return putJSON(tx.Bucket(bucketReminders), pairKey(r.UserID, r.SessionID), r)
}

// deleteReminder removes r and its index entries.
func deleteReminder(tx *bolt.Tx, r Reminder) error {
	if r.scheduled() {
		if err := tx.Bucket(bucketRemindersDue).Delete(dueKey(r)); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bucketRemindersBySession).Delete(pairKey(r.SessionID, r.UserID)); err != nil {
		return err
	}
	if err := updateToSchedule(tx, r, true, nil); err != nil {
		return err
	}
	if err := queueUnschedule(tx, r, nil); err != nil {
		return err
	}
	return tx.Bucket(bucketReminders).Delete(pairKey(r.UserID, r.SessionID))
}
