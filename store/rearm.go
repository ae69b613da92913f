package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// rearmed is one reminder Rearm changes, with the notice kind it earns
// ("" for a silent change).
type rearmed struct {
	old, new Reminder
	kind     string
}

// Rearm brings every pending reminder in step with the catalogue, in one
// transaction, and queues notices for the users affected (one per user and
// kind, listing the sessions):
//   - session removed or unknown: Dropped = now, DropReason = DropRemoved,
//     "cancelled";
//   - session over (session.Over: its end, or start + an hour, has passed): Dropped =
//     now, DropReason = DropOver, silently;
//   - reminder dropped as DropRemoved whose session is current again and not
//     over: revived (Dropped and DropReason cleared, Start, Room and Due set
//     as below), "scheduled";
//   - reminder unscheduled and the session now has a start: Start, Room and
//     Due = start - lead set, "scheduled";
//   - session start or room differs from the reminder's: updated, "moved"
//     (a session that lost its time becomes unscheduled, Due zero);
//   - Due not start - lead (the lead changed): Due updated, silently;
//   - handed to Slack and its PostAt passed: Sent = PostAt, silently (Slack
//     posted it), before anything else.
//
// A reminder whose time or room changes, or that is dropped, loses its
// Slack message (queued for deletion in the same transaction).
// A reminder whose Due changes has its Claimed cleared: it is armed anew.
// Rearm compares state rather than replaying changes, so a second call with
// nothing changed does nothing, and a crash between a sync and Rearm loses
// nothing. It returns the notices queued.
func (s *Store) Rearm(lead time.Duration, now time.Time) ([]Notice, error) {
	var out []Notice
	err := s.update(func(tx *bolt.Tx) error {
		out = nil
		changes, err := rearmChanges(tx, lead, now)
		if err != nil {
			return err
		}
		for _, c := range changes {
			if err := putReminder(tx, c.old, true, c.new); err != nil {
				return err
			}
		}
		out, err = queueRearmNotices(tx, changes, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: rearm: %w", err)
	}
	return out, nil
}

// rearmChanges walks the pending reminders and works out what changes.
func rearmChanges(tx *bolt.Tx, lead time.Duration, now time.Time) ([]rearmed, error) {
	var out []rearmed
	entries := map[string]*Entry{} // nil: unknown session
	err := tx.Bucket(bucketReminders).ForEach(func(k, v []byte) error {
		r, err := decodeReminder(k, v)
		if err != nil || !(r.Pending() || revivable(r)) {
			return err
		}
		e, err := cachedEntry(tx, entries, r.SessionID)
		if err != nil {
			return err
		}
		if c, changed := rearmOne(r, e, lead, now); changed {
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// cachedEntry returns the catalogue entry for id, nil when unknown.
func cachedEntry(tx *bolt.Tx, cache map[string]*Entry, id string) (*Entry, error) {
	if e, ok := cache[id]; ok {
		return e, nil
	}
	var e Entry
	ok, err := getJSON(tx.Bucket(bucketSessions), []byte(id), &e)
	if err != nil {
		return nil, err
	}
	if !ok {
		cache[id] = nil
		return nil, nil
	}
	cache[id] = &e
	return &e, nil
}

// revivable reports whether r was dropped only because its session left
// the source, so that it comes back with the session.
func revivable(r Reminder) bool {
	return r.Sent.IsZero() && !r.Dropped.IsZero() && r.DropReason == DropRemoved
}

// rearmOne decides what happens to one reminder, pending or revivable,
// given its session's entry (nil when unknown).
func rearmOne(r Reminder, e *Entry, lead time.Duration, now time.Time) (rearmed, bool) {
	if !r.Pending() {
		return reviveOne(r, e, lead, now)
	}
	c := rearmed{old: r, new: r}
	if r.Slack.ID != "" && !r.Slack.PostAt.After(now) {
		c.new.Sent = r.Slack.PostAt // Slack posted it: the session may have changed since, it is sent
		return c, true
	}
	if e == nil || !e.Current() {
		c.new.Dropped, c.new.DropReason, c.kind = now, DropRemoved, NoticeCancelled
		return c, true
	}
	sess := e.Session
	switch {
	case sess.Over(now):
		c.new.Dropped, c.new.DropReason = now, DropOver
		return c, true
	case r.Start.IsZero() && !sess.Start.IsZero():
		c.kind = NoticeScheduled
	case !r.Start.Equal(sess.Start) || r.Room != sess.Room:
		c.kind = NoticeMoved
	}
	c.new.Start, c.new.Room, c.new.Due = sess.Start, sess.Room, time.Time{}
	if !sess.Start.IsZero() {
		c.new.Due = sess.Start.Add(-lead)
	}
	if !c.new.Due.Equal(r.Due) {
		c.new.Claimed = time.Time{}
	}
	if c.kind != "" || !c.new.Due.Equal(r.Due) {
		c.new.Slack = SlackSchedule{} // its message says the old time or room: deleted, armed anew
	}
	return c, c.kind != "" || !c.new.Due.Equal(r.Due)
}

// reviveOne re-arms a reminder dropped as DropRemoved once its session is
// current again and not over; otherwise it leaves it as it is, so that a
// session still gone, or back but already over, changes nothing.
func reviveOne(r Reminder, e *Entry, lead time.Duration, now time.Time) (rearmed, bool) {
	if e == nil || !e.Current() || e.Session.Over(now) {
		return rearmed{}, false
	}
	sess := e.Session
	c := rearmed{old: r, new: r, kind: NoticeScheduled}
	c.new.Dropped, c.new.DropReason, c.new.Claimed, c.new.Slack = time.Time{}, "", time.Time{}, SlackSchedule{}
	c.new.Start, c.new.Room, c.new.Due = sess.Start, sess.Room, time.Time{}
	if !sess.Start.IsZero() {
		c.new.Due = sess.Start.Add(-lead)
	}
	return c, true
}

// queueRearmNotices queues one notice per user and kind. changes are in
// reminder-key order, that is by user, then session.
func queueRearmNotices(tx *bolt.Tx, changes []rearmed, now time.Time) ([]Notice, error) {
	var out []Notice
	for i := 0; i < len(changes); {
		user := changes[i].new.UserID
		byKind := map[string][]string{}
		for ; i < len(changes) && changes[i].new.UserID == user; i++ {
			if k := changes[i].kind; k != "" {
				byKind[k] = append(byKind[k], changes[i].new.SessionID)
			}
		}
		for _, kind := range []string{NoticeCancelled, NoticeMoved, NoticeScheduled} {
			if len(byKind[kind]) == 0 {
				continue
			}
			n, err := queueNotice(tx, Notice{UserID: user, Kind: kind, SessionIDs: byKind[kind], Created: now})
			if err != nil {
				return nil, err
			}
			out = append(out, n)
		}
	}
	return out, nil
}
