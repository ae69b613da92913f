package dm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/store"
)

// queued indexes Slack's list of scheduled messages by ID and by what
// identifies a claim: channel, post time and text.
type queued struct {
	byID  map[string]slack.ScheduledMessage
	taken map[string]bool
}

func newQueued(list []slack.ScheduledMessage) *queued {
	q := &queued{byID: map[string]slack.ScheduledMessage{}, taken: map[string]bool{}}
	for _, m := range list {
		q.byID[m.ID] = m
	}
	return q
}

// claim returns the ID of an untaken message matching channel, postAt and
// text, and takes it.
func (q *queued) claim(channel string, postAt time.Time, text string) string {
	for id, m := range q.byID {
		if !q.taken[id] && m.Channel == channel && int64(m.PostAt) == postAt.Unix() && m.Text == text {
			q.taken[id] = true
			return id
		}
	}
	return ""
}

// verify checks what the store believes Slack has against Slack's list and
// repairs the difference: a claim whose answer was lost gets its ID (or is
// found posted, or is armed anew); a scheduled message Slack no longer has
// while it is still ahead is armed anew; a message in Slack that no reminder
// holds is deleted.
func (a *Ahead) verify(ctx context.Context, now time.Time) error {
	list, err := a.Slack.List(ctx, "")
	if err != nil {
		return fmt.Errorf("ahead: check against Slack: %w", err)
	}
	handed, err := a.Store.HandedReminders()
	if err != nil {
		return fmt.Errorf("ahead: %w", err)
	}
	q := newQueued(list)
	var errs []error
	for _, r := range handed {
		errs = append(errs, a.check(ctx, q, r, now))
	}
	errs = append(errs, a.deleteOrphans(ctx, q))
	a.log().Info("ahead: checked against Slack's queue", slog.Int("scheduled", len(list)), slog.Int("handed", len(handed)))
	a.wakePostman()
	return errors.Join(errs...)
}

// check compares one reminder Slack has, or may have, with the list.
func (a *Ahead) check(ctx context.Context, q *queued, r store.Reminder, now time.Time) error {
	log := a.log().With(slog.String("user_id", r.UserID), slog.String("session_id", r.SessionID))
	sl := r.Slack
	if sl.ID != "" {
		if _, ok := q.byID[sl.ID]; ok {
			q.taken[sl.ID] = true
			return nil
		}
		if !sl.PostAt.After(now.Add(listMargin)) {
			return nil // posted: the Postman marks it sent at its time
		}
		log.Warn("ahead: Slack no longer has the scheduled reminder; scheduling it again", slog.String("scheduled_message_id", sl.ID))
		return ignoreGone(a.update(r, func(x *store.Reminder) bool { x.Slack = store.SlackSchedule{}; return true }))
	}
	if id := q.claim(sl.Channel, sl.PostAt, sl.Text); id != "" {
		log.Info("ahead: found the reminder whose scheduling was cut short", slog.String("scheduled_message_id", id))
		return ignoreGone(a.update(r, func(x *store.Reminder) bool { x.Slack.ID = id; return x.Slack.Claimed.Equal(sl.Claimed) }))
	}
	if sl.PostAt.After(now.Add(listMargin)) {
		log.Info("ahead: a scheduling cut short did not reach Slack; scheduling again")
		return ignoreGone(a.update(r, func(x *store.Reminder) bool { x.Slack = store.SlackSchedule{}; return true }))
	}
	return a.settleClaim(ctx, log, r)
}

// settleClaim decides a claim whose message would be posted by now: found
// in the DM, the reminder is sent; else it is left to the Postman.
func (a *Ahead) settleClaim(ctx context.Context, log *slog.Logger, r store.Reminder) error {
	posted, err := a.Slack.Posted(ctx, r.Slack.Channel, r.Slack.Text, r.Slack.PostAt)
	if err != nil {
		return fmt.Errorf("ahead: %w", err)
	}
	if posted {
		log.Info("ahead: the reminder whose scheduling was cut short was posted by Slack")
		return ignoreGone(a.update(r, func(x *store.Reminder) bool { x.Sent = r.Slack.PostAt; return true }))
	}
	log.Info("ahead: a scheduling cut short did not reach Slack; the postman sends it")
	return ignoreGone(a.update(r, func(x *store.Reminder) bool { x.Slack = store.SlackSchedule{Refused: "lost"}; return true }))
}

// deleteOrphans deletes the scheduled messages no reminder holds.
func (a *Ahead) deleteOrphans(ctx context.Context, q *queued) error {
	us, err := a.Store.Unschedules()
	if err != nil {
		return fmt.Errorf("ahead: %w", err)
	}
	for _, u := range us {
		q.taken[u.ID] = true // deleted by unschedule
	}
	var errs []error
	for id, m := range q.byID {
		if q.taken[id] {
			continue
		}
		a.log().Warn("ahead: deleting a scheduled message no reminder holds", slog.String("scheduled_message_id", id),
			slog.String("channel", m.Channel))
		var refusal *delivery.Refusal
		if err := a.Slack.Delete(ctx, m.Channel, id); err != nil && !errors.Is(err, delivery.ErrNotDeletable) && !errors.As(err, &refusal) {
			errs = append(errs, fmt.Errorf("ahead: %w", err))
		}
	}
	return errors.Join(errs...)
}

// unschedule deletes the scheduled messages of reminders cancelled, moved
// or dropped. A message Slack will post all the same (due within a minute)
// counts as the reminder's delivery: a pending reminder for the same user
// and session is marked sent, so that no second DM follows.
func (a *Ahead) unschedule(ctx context.Context, now time.Time) error {
	us, err := a.Store.Unschedules()
	if err != nil || len(us) == 0 {
		return err
	}
	var q *queued
	var errs []error
	for _, u := range us {
		if u.ID == "" && q == nil {
			list, err := a.Slack.List(ctx, "")
			if err != nil {
				return errors.Join(append(errs, fmt.Errorf("ahead: %w", err))...)
			}
			q = newQueued(list)
		}
		done, err := a.unscheduleOne(ctx, q, u, now)
		errs = append(errs, err)
		if done {
			errs = append(errs, a.Store.Unscheduled(u.Seq))
		}
	}
	a.wakePostman()
	return errors.Join(errs...)
}

// unscheduleOne deletes one message and reports whether it is done with.
func (a *Ahead) unscheduleOne(ctx context.Context, q *queued, u store.Unschedule, now time.Time) (bool, error) {
	id := u.ID
	if id == "" {
		id = q.claim(u.Channel, u.PostAt, u.Text)
	}
	if id == "" { // Slack does not have it pending
		if u.PostAt.After(now.Add(listMargin)) {
			return true, nil
		}
		posted, err := a.Slack.Posted(ctx, u.Channel, u.Text, u.PostAt)
		if err != nil {
			return false, fmt.Errorf("ahead: %w", err)
		}
		if posted {
			return true, a.postedAnyway(u)
		}
		return true, nil
	}
	err := a.Slack.Delete(ctx, u.Channel, id)
	var refusal *delivery.Refusal
	switch {
	case errors.As(err, &refusal):
		a.log().Warn("ahead: Slack refused to delete a scheduled reminder", slog.String("scheduled_message_id", id),
			slog.String("user_id", u.UserID), slog.String("slack_error", refusal.Code))
		return true, nil // the channel is gone, or the like: nothing is posted there
	case errors.Is(err, delivery.ErrNotDeletable) && u.PostAt.After(now.Add(deleteMargin)):
		return true, nil // Slack does not have it
	case errors.Is(err, delivery.ErrNotDeletable):
		return true, a.postedAnyway(u)
	case err != nil:
		return false, fmt.Errorf("ahead: %w", err)
	}
	a.log().Debug("ahead: scheduled reminder deleted", slog.String("scheduled_message_id", id), slog.String("user_id", u.UserID))
	return true, nil
}

// postedAnyway records that u's message was, or is about to be, posted
// by Slack: a pending reminder for the same user and session counts as
// delivered.
func (a *Ahead) postedAnyway(u store.Unschedule) error {
	log := a.log().With(slog.String("user_id", u.UserID), slog.String("session_id", u.SessionID))
	r, ok, err := a.Store.Reminder(u.UserID, u.SessionID)
	if err != nil {
		return fmt.Errorf("ahead: %w", err)
	}
	if !ok || !r.Pending() || r.Slack.Handed() {
		log.Info("ahead: a scheduled reminder could not be deleted in time; Slack posts it")
		return nil
	}
	log.Warn("ahead: a scheduled reminder could not be deleted in time; Slack posts it, so no second one is sent",
		slog.Time("post_at", u.PostAt))
	return ignoreGone(a.update(r, func(x *store.Reminder) bool { x.Sent = u.PostAt; return true }))
}
