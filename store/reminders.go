package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Reminder is one user's reminder for one session; (UserID, SessionID) is
// unique. It is pending until Sent or Dropped is set. Claimed is written
// before the DM is posted and Sent after, so a crash in between is visible.
type Reminder struct {
	UserID    string    `json:"user_id"`
	SessionID string    `json:"session_id"`
	Created   time.Time `json:"created"`
	Start     time.Time `json:"start,omitzero"`   // the session start the reminder is armed for; zero: no time yet
	Room      string    `json:"room,omitempty"`   // the room the user was last told about
	Due       time.Time `json:"due,omitzero"`     // Start - lead; zero while unscheduled
	Claimed   time.Time `json:"claimed,omitzero"` // a delivery attempt began
	Sent      time.Time `json:"sent,omitzero"`    // delivered
	Dropped   time.Time `json:"dropped,omitzero"` // not to be sent: ended first, or cancelled
	// DropReason says why Rearm set Dropped: DropRemoved or DropOver; empty
	// when set elsewhere (or before reasons were recorded). Only a reminder
	// dropped as DropRemoved is ever revived.
	DropReason string `json:"drop_reason,omitempty"`
	// Slack is the reminder handed to Slack ahead of time, if it was.
	Slack SlackSchedule `json:"slack,omitzero"`
}

// Reasons Rearm records in Reminder.DropReason.
const (
	DropRemoved = "removed" // the session left the source; revived if it comes back
	DropOver    = "over"    // the session ended first; final
)

// Pending reports whether the reminder is still to be sent.
func (r Reminder) Pending() bool { return r.Sent.IsZero() && r.Dropped.IsZero() }

// scheduled reports whether the reminder belongs in the due index.
func (r Reminder) scheduled() bool { return r.Pending() && !r.Due.IsZero() }

// SetReminder stores r unless a pending reminder for the same user and
// session exists, in which case that one is returned unchanged with
// created=false. A sent or dropped one is replaced. r is stored as given, so
// callers normally leave Claimed, Sent and Dropped zero and set Due to Start
// minus the lead.
func (s *Store) SetReminder(r Reminder) (Reminder, bool, error) {
	if err := checkPair(r.UserID, r.SessionID); err != nil {
		return Reminder{}, false, fmt.Errorf("store: set reminder %s/%s: %w", r.UserID, r.SessionID, err)
	}
	out, created := r, true
	err := s.update(func(tx *bolt.Tx) error {
		old, ok, err := getReminder(tx, r.UserID, r.SessionID)
		if err != nil {
			return err
		}
		if ok && old.Pending() {
			out, created = old, false
			return nil
		}
		out, created = r, true
		return putReminder(tx, old, ok, r)
	})
	if err != nil {
		return Reminder{}, false, fmt.Errorf("store: set reminder %s/%s: %w", r.UserID, r.SessionID, err)
	}
	return out, created, nil
}

// Reminder returns the reminder of userID for sessionID, pending or not.
func (s *Store) Reminder(userID, sessionID string) (Reminder, bool, error) {
	var r Reminder
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		r, ok, err = getReminder(tx, userID, sessionID)
		return err
	})
	if err != nil {
		return Reminder{}, false, fmt.Errorf("store: reminder %s/%s: %w", userID, sessionID, err)
	}
	return r, ok, nil
}

// CancelReminder deletes the reminder of userID for sessionID, pending or
// not, and reports whether there was one.
func (s *Store) CancelReminder(userID, sessionID string) (bool, error) {
	var ok bool
	err := s.update(func(tx *bolt.Tx) error {
		var old Reminder
		var err error
		old, ok, err = getReminder(tx, userID, sessionID)
		if err != nil || !ok {
			return err
		}
		return deleteReminder(tx, old)
	})
	if err != nil {
		return false, fmt.Errorf("store: cancel reminder %s/%s: %w", userID, sessionID, err)
	}
	return ok, nil
}

// UserReminders returns the pending reminders of userID by Start
// (unscheduled last), then SessionID.
func (s *Store) UserReminders(userID string) ([]Reminder, error) {
	var out []Reminder
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketReminders).Cursor()
		prefix := pairKey(userID, "")
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			r, err := decodeReminder(k, v)
			if err != nil {
				return err
			}
			if r.Pending() {
				out = append(out, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: user reminders %s: %w", userID, err)
	}
	slices.SortFunc(out, byStart)
	return out, nil
}

// byStart orders reminders by Start, unscheduled last, then by SessionID.
func byStart(a, b Reminder) int {
	if a.Start.IsZero() != b.Start.IsZero() {
		if a.Start.IsZero() {
			return 1
		}
		return -1
	}
	return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.SessionID, b.SessionID), cmp.Compare(a.UserID, b.UserID))
}

// SessionReminders returns the pending reminders for sessionID, by user.
func (s *Store) SessionReminders(sessionID string) ([]Reminder, error) {
	var out []Reminder
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRemindersBySession).Cursor()
		prefix := pairKey(sessionID, "")
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			r, ok, err := getReminder(tx, string(k[len(prefix):]), sessionID)
			if err != nil {
				return err
			}
			if ok && r.Pending() {
				out = append(out, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: session reminders %s: %w", sessionID, err)
	}
	return out, nil
}

// UpdateReminder reads the reminder of userID for sessionID, lets fn change
// it and writes it back in one transaction, keeping the indexes in step. An
// absent reminder gives ErrNotFound; an error from fn aborts the change. fn
// must not change UserID or SessionID.
func (s *Store) UpdateReminder(userID, sessionID string, fn func(*Reminder) error) error {
	err := s.update(func(tx *bolt.Tx) error {
		old, ok, err := getReminder(tx, userID, sessionID)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		r := old
		if err := fn(&r); err != nil {
			return err
		}
		if r.UserID != userID || r.SessionID != sessionID {
			return fmt.Errorf("the update changed the reminder's user or session")
		}
		return putReminder(tx, old, true, r)
	})
	if err != nil {
		return fmt.Errorf("store: update reminder %s/%s: %w", userID, sessionID, err)
	}
	return nil
}

// checkPair rejects IDs that cannot be part of a key.
func checkPair(userID, sessionID string) error {
	if userID == "" || sessionID == "" {
		return fmt.Errorf("user and session IDs must not be empty")
	}
	if strings.ContainsRune(userID, 0) || strings.ContainsRune(sessionID, 0) {
		return fmt.Errorf("IDs must not contain NUL")
	}
	return nil
}

// pairKey joins two IDs with a NUL, which neither may contain. With b empty
// it is the prefix of every key starting with a.
func pairKey(a, b string) []byte {
	k := make([]byte, 0, len(a)+1+len(b))
	k = append(k, a...)
	k = append(k, 0)
	return append(k, b...)
}

// dueKey is the due-index key: Due as big-endian Unix nanoseconds (sign
// bit flipped so that earlier times always sort first), then user and
// session.
func dueKey(r Reminder) []byte {
	k := binary.BigEndian.AppendUint64(nil, uint64(unixNano(r.Due))^(1<<63))
	return append(k, pairKey(r.UserID, r.SessionID)...)
}

// Bounds of the times UnixNano can represent (years 1678 to 2262).
var (
	minNano = time.Unix(0, math.MinInt64)
	maxNano = time.Unix(0, math.MaxInt64)
)

// unixNano is t.UnixNano clamped to the representable range, where
// UnixNano itself would wrap around and misorder the index.
func unixNano(t time.Time) int64 {
	switch {
	case t.Before(minNano):
		return math.MinInt64
	case t.After(maxNano):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// dueTime decodes the time at the front of a due-index key.
func dueTime(k []byte) time.Time {
	return time.Unix(0, int64(binary.BigEndian.Uint64(k[:8])^(1<<63))).UTC()
}
