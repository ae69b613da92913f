package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SlackSchedule is a reminder handed to Slack with chat.scheduleMessage,
// which posts it at PostAt whether or not sessionbot runs. Its ID in the
// store is the exactly-once record: a reminder with an ID is never posted
// by sessionbot itself, and one whose message no longer fits (cancelled,
// moved) has that message queued for deletion (Unschedules) in the same
// transaction.
type SlackSchedule struct {
	// Claimed is set before chat.scheduleMessage is called; with no ID yet,
	// the call's outcome is unknown until the list of scheduled messages
	// (or the DM, once PostAt has passed) tells.
	Claimed time.Time `json:"claimed,omitzero"`
	ID      string    `json:"id,omitempty"`      // scheduled_message_id
	Channel string    `json:"channel,omitempty"` // the DM channel, as chat.scheduledMessages.list names it
	PostAt  time.Time `json:"post_at,omitzero"`  // whole seconds: the reminder's Due
	Text    string    `json:"text,omitempty"`    // the message's text, by which a claim is recognised
	// Refused is Slack's error when it would not schedule the reminder
	// (time_too_far, restricted_too_many …): sessionbot posts it itself.
	Refused string `json:"refused,omitempty"`
}

// Handed reports whether Slack has the reminder, or may have it: scheduled,
// or claimed with the outcome unknown.
func (s SlackSchedule) Handed() bool { return s.ID != "" || !s.Claimed.IsZero() }

// toSchedule reports whether r belongs in the index of reminders not yet
// handed to Slack.
func (r Reminder) toSchedule() bool {
	return r.scheduled() && !r.Slack.Handed() && r.Slack.Refused == "" && r.Claimed.IsZero()
}

// Unschedule is a scheduled message to delete: its reminder was cancelled,
// moved or dropped. ID is empty for a claim whose outcome was unknown: the
// message, if Slack has it, is found by channel, time and text.
type Unschedule struct {
	Seq       uint64    `json:"-"` // its key in the queue
	ID        string    `json:"id,omitempty"`
	Channel   string    `json:"channel"`
	PostAt    time.Time `json:"post_at"`
	Text      string    `json:"text,omitempty"`
	UserID    string    `json:"user_id"`
	SessionID string    `json:"session_id"`
}

var (
	bucketToSchedule = []byte("reminders_to_schedule") // due key -> nil, for Reminder.toSchedule
	bucketUnschedule = []byte("slack_unschedule")      // sequence -> Unschedule
)

// ToSchedule returns the pending reminders due within [from, to] that were
// never handed to Slack nor refused by it, nor claimed for posting, by due
// time, at most limit (0 or less: all).
func (s *Store) ToSchedule(from, to time.Time, limit int) ([]Reminder, error) {
	var out []Reminder
	err := s.view(func(tx *bolt.Tx) (err error) {
		out, err = dueRange(tx, bucketToSchedule, from, to, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: reminders to schedule: %w", err)
	}
	return out, nil
}

// HandedReminders returns the pending reminders Slack has or may have
// (SlackSchedule.Handed), for checking against Slack's list.
func (s *Store) HandedReminders() ([]Reminder, error) {
	var out []Reminder
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketReminders).ForEach(func(k, v []byte) error {
			r, err := decodeReminder(k, v)
			if err == nil && r.Pending() && r.Slack.Handed() {
				out = append(out, r)
			}
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: reminders handed to Slack: %w", err)
	}
	return out, nil
}

// Unschedules returns the scheduled messages waiting to be deleted, oldest
// first.
func (s *Store) Unschedules() ([]Unschedule, error) {
	var out []Unschedule
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketUnschedule).ForEach(func(k, v []byte) error {
			var u Unschedule
			if err := json.Unmarshal(v, &u); err != nil {
				return fmt.Errorf("decode unschedule %x: %w", k, err)
			}
			u.Seq = binary.BigEndian.Uint64(k)
			out = append(out, u)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: unschedules: %w", err)
	}
	return out, nil
}

// Unscheduled removes a delete from the queue: done, or no longer possible.
func (s *Store) Unscheduled(seq uint64) error {
	err := s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketUnschedule).Delete(binary.BigEndian.AppendUint64(nil, seq))
	})
	if err != nil {
		return fmt.Errorf("store: unscheduled %d: %w", seq, err)
	}
	return nil
}

// queueUnschedule queues the deletion of old's Slack message when old was
// pending and handed to Slack and r (nil: deleted) does not go on with that
// message: dropped, or re-armed without it. A reminder marked sent keeps it.
func queueUnschedule(tx *bolt.Tx, old Reminder, r *Reminder) error {
	if !old.Pending() || !old.Slack.Handed() {
		return nil
	}
	if r != nil && (r.Slack.Refused != "" || r.Dropped.IsZero() && keepsMessage(old.Slack, r.Slack)) {
		return nil // Slack refused it, so has nothing; or the message stands
	}
	b := tx.Bucket(bucketUnschedule)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(b, binary.BigEndian.AppendUint64(nil, seq), Unschedule{ID: old.Slack.ID, Channel: old.Slack.Channel,
		PostAt: old.Slack.PostAt, Text: old.Slack.Text, UserID: old.UserID, SessionID: old.SessionID})
}

// keepsMessage reports whether r is still about the message old names: the
// same ID, or the same claim (its ID perhaps filled in since).
func keepsMessage(old, r SlackSchedule) bool {
	if old.ID != "" {
		return r.ID == old.ID
	}
	return !old.Claimed.IsZero() && r.Claimed.Equal(old.Claimed)
}

// updateToSchedule keeps r's entry in the to-schedule index in step.
func updateToSchedule(tx *bolt.Tx, old Reminder, hadOld bool, r *Reminder) error {
	b := tx.Bucket(bucketToSchedule)
	if hadOld && old.toSchedule() {
		if err := b.Delete(dueKey(old)); err != nil {
			return err
		}
	}
	if r != nil && r.toSchedule() {
		return b.Put(dueKey(*r), nil)
	}
	return nil
}

// fillToSchedule indexes every reminder to schedule, once, when the index
// is new (a store written before it existed).
func fillToSchedule(tx *bolt.Tx) error {
	b := tx.Bucket(bucketToSchedule)
	return tx.Bucket(bucketReminders).ForEach(func(k, v []byte) error {
		r, err := decodeReminder(k, v)
		if err != nil || !r.toSchedule() {
			return err
		}
		return b.Put(dueKey(r), nil)
	})
}

// bucketPosts records posts made once per key (room channels, the day's
// digest); see posts.go.
var bucketPosts = []byte("posts")
