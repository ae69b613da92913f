package dm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/store"
)

// SlackHorizon is how far ahead Ahead hands a reminder to Slack: Slack
// schedules up to 120 days ahead (time_too_far beyond), less an hour for
// the difference between the clocks.
const SlackHorizon = 120*24*time.Hour - time.Hour

// Margins of Ahead's checks against Slack's queue.
const (
	// listMargin: a scheduled message due this soon after a listing may
	// have been posted while the list was read.
	listMargin = 5 * time.Second
	// deleteMargin: Slack refuses to delete a message due within a minute;
	// a refused delete further ahead means Slack does not have it.
	deleteMargin = 90 * time.Second
)

// aheadStore is the part of store.Store that Ahead uses.
type aheadStore interface {
	ToSchedule(from, to time.Time, limit int) ([]store.Reminder, error)
	HandedReminders() ([]store.Reminder, error)
	Unschedules() ([]store.Unschedule, error)
	Unscheduled(seq uint64) error
	Reminder(userID, sessionID string) (store.Reminder, bool, error)
	UpdateReminder(userID, sessionID string, fn func(*store.Reminder) error) error
	Known(id string) (store.Entry, bool, error)
}

// Ahead hands reminders to Slack ahead of time (chat.scheduleMessage), so
// that Slack posts each at its due second whether or not sessionbot runs,
// with no burst on our side: those due at least Lead from now and within
// SlackHorizon. The scheduled_message_id in the store is the exactly-once
// record: the Postman never posts a reminder Slack has (it only marks it
// sent at its time), and never one whose old message is still to be
// deleted. Ahead also deletes the messages of reminders cancelled or
// moved, and after a restart (or a request whose answer was lost) checks
// the store against Slack's list and repairs the difference. What Slack
// refuses goes the Postman's way.
type Ahead struct {
	Store    aheadStore
	Slack    *delivery.Scheduler
	Lead     time.Duration // reminders.schedule_ahead
	Location *time.Location
	Now      func() time.Time
	Logger   *slog.Logger
	Postman  func() // wakes the Postman: a reminder it waits for was settled; nil: none
	Batch    int    // reminders scheduled per round; 0 means 500
	// Observer is told of each reminder handed to Slack (metrics); nil: no
	// one is.
	Observer Observer

	wake  delivery.Wake
	round sync.Mutex
	// checked is false until the store was checked against Slack's list,
	// and again after a request whose outcome is unknown.
	checked bool
}

// Wake makes Run look for reminders to schedule or unschedule now. It
// never blocks.
func (a *Ahead) Wake() { a.wake.Notify() }

// Run works until ctx ends: a round at once, then whenever Wake is called,
// at least every minute. It returns nil when ctx ends.
func (a *Ahead) Run(ctx context.Context) error {
	for {
		more, err := a.Round(ctx, a.now())
		if err != nil && ctx.Err() == nil {
			a.log().Error("ahead: round failed", slog.Any("error", err))
		}
		d := maxIdle
		if more {
			d = 0
		}
		if !a.wake.Sleep(ctx, d) {
			return nil
		}
	}
}

// Round checks the store against Slack when it must, deletes what is to
// be deleted, then schedules up to Batch reminders; it reports whether
// more are waiting.
func (a *Ahead) Round(ctx context.Context, now time.Time) (bool, error) {
	a.round.Lock()
	defer a.round.Unlock()
	var errs []error
	if !a.checked {
		err := a.verify(ctx, now)
		a.checked = err == nil
		errs = append(errs, err)
	}
	errs = append(errs, a.unschedule(ctx, now))
	more, err := a.schedule(ctx, now)
	return more, errors.Join(append(errs, err)...)
}

// schedule hands the reminders due between now+Lead and the horizon to
// Slack, up to Batch of them.
func (a *Ahead) schedule(ctx context.Context, now time.Time) (bool, error) {
	batch := a.Batch
	if batch <= 0 {
		batch = defaultBatch
	}
	rs, err := a.Store.ToSchedule(now.Add(a.Lead), now.Add(SlackHorizon), batch)
	if err != nil {
		return false, fmt.Errorf("ahead: %w", err)
	}
	var errs []error
	for _, r := range rs {
		if ctx.Err() != nil {
			break
		}
		errs = append(errs, a.scheduleOne(ctx, r, now))
	}
	return len(rs) == batch && ctx.Err() == nil, errors.Join(errs...)
}

// scheduleOne hands one reminder to Slack: claimed, scheduled, recorded.
// A session that changed is left to Rearm.
func (a *Ahead) scheduleOne(ctx context.Context, r store.Reminder, now time.Time) error {
	e, ok, err := a.Store.Known(r.SessionID)
	if err != nil {
		return fmt.Errorf("ahead: %w", err)
	}
	if !ok || !e.Current() || !e.Session.Start.Equal(r.Start) || e.Session.Room != r.Room {
		return nil // Rearm re-arms or drops it after the next sync
	}
	log := a.log().With(slog.String("user_id", r.UserID), slog.String("session_id", r.SessionID))
	postAt := ceilSecond(r.Due)
	id, err := a.Slack.Schedule(ctx, r.UserID, postAt, blocks.ReminderDM(e.Session, postAt, a.Location), delivery.ScheduleRecord{
		Claim: func(ch, text string) error {
			return a.update(r, func(x *store.Reminder) bool {
				// Not if the Postman began posting it (the scheduling took
				// long), nor if its time is too near: one path only.
				if x.Slack.Handed() || x.Slack.Refused != "" || !x.Claimed.IsZero() || !postAt.After(a.now().Add(listMargin)) {
					return false
				}
				x.Slack = store.SlackSchedule{Claimed: now, Channel: ch, PostAt: postAt, Text: text}
				return true
			})
		},
		Scheduled: func(id string) error {
			return a.update(r, func(x *store.Reminder) bool { x.Slack.ID = id; return x.Slack.Claimed.Equal(now) })
		},
	})
	var refusal *delivery.Refusal
	switch {
	case errors.As(err, &refusal):
		log.Info("ahead: Slack would not schedule the reminder; the postman sends it", slog.String("slack_error", refusal.Code))
		return ignoreGone(a.update(r, func(x *store.Reminder) bool {
			ok := x.Slack.Claimed.Equal(now) && x.Slack.ID == ""
			x.Slack = store.SlackSchedule{Refused: refusal.Code}
			return ok
		}))
	case delivery.IsSlack(err):
		a.checked = false // the next round looks in Slack's list for it
		log.Warn("ahead: scheduling failed; will check Slack's list", slog.Any("error", err))
		return nil
	case err != nil:
		return ignoreGone(err)
	}
	log.Debug("ahead: reminder scheduled with Slack", slog.String("scheduled_message_id", id), slog.Time("post_at", postAt))
	if a.Observer != nil {
		a.Observer.ReminderScheduled()
	}
	return nil
}

// update changes the stored reminder r with fn, which reports whether the
// change applies to what it finds; it does not once the reminder was sent,
// dropped or re-armed meanwhile (errNotPending).
func (a *Ahead) update(r store.Reminder, fn func(*store.Reminder) bool) error {
	err := a.Store.UpdateReminder(r.UserID, r.SessionID, func(x *store.Reminder) error {
		was := *x
		if !x.Pending() || !x.Due.Equal(r.Due) || !fn(x) {
			*x = was
			return errNotPending
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("ahead: %w", err)
	}
	return nil
}

// ceilSecond is t rounded up to a whole second: post_at is whole seconds,
// and a reminder must not come early.
func ceilSecond(t time.Time) time.Time {
	s := t.Truncate(time.Second)
	if s.Before(t) {
		s = s.Add(time.Second)
	}
	return s
}

func (a *Ahead) now() time.Time {
	if a.Now == nil {
		return time.Now()
	}
	return a.Now()
}

func (a *Ahead) log() *slog.Logger {
	if a.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return a.Logger
}

func (a *Ahead) wakePostman() {
	if a.Postman != nil {
		a.Postman()
	}
}
