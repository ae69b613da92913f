// Package dm sends sessionbot's direct messages when they are due:
// reminders at their session's start minus the lead, and queued notices
// (schedule changes, follow alerts, messages for the admins) as soon as
// they are queued. Each goes through the exactly-once delivery path.
package dm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/store"
)

// Defaults of the Postman.
const (
	defaultWorkers = 4
	defaultBatch   = 500
	maxIdle        = time.Minute // the longest the loop sleeps without looking
)

// Metadata event types of the messages this package posts, looked for in
// the DM's history when a crash left a delivery claimed but not recorded.
const (
	EventReminder = "sessionbot_reminder"
	EventNotice   = "sessionbot_notice"
	EventAlarm    = "sessionbot_alarm"
)

// postmanStore is the part of store.Store the Postman uses.
type postmanStore interface {
	DueReminders(now time.Time, limit int) ([]store.Reminder, error)
	NextDueAfter(t time.Time) (time.Time, bool, error)
	Reminder(userID, sessionID string) (store.Reminder, bool, error)
	UpdateReminder(userID, sessionID string, fn func(*store.Reminder) error) error
	Known(id string) (store.Entry, bool, error)
	PendingNotices(limit int) ([]store.Notice, error)
	ClaimNotice(id uint64, now time.Time) error
	NoticeSent(id uint64) error
	RetryNotice(id uint64, nextTry time.Time, errText string, keepClaim bool) error
	Unschedules() ([]store.Unschedule, error)
}

// Postman delivers reminders and notices by direct message, each exactly
// once through the Sender (claimed, posted with metadata, marked sent; a
// claim left by a crash looked up in the DM's history first). Posts from
// all workers share the Sender's pace; a 429 pauses them all.
type Postman struct {
	Store    postmanStore
	Sender   *delivery.Sender
	Location *time.Location
	Now      func() time.Time
	Logger   *slog.Logger
	Workers  int // concurrent deliveries; 0 means 4
	Batch    int // due reminders taken per round; 0 means 500
	// Observer is told of each reminder posted (metrics); nil: no one is.
	Observer Observer

	once    sync.Once
	round   sync.Mutex // one Round at a time, so no delivery is attempted twice at once
	wake    delivery.Wake
	mu      sync.Mutex
	backoff map[string]retryAt // reminder key -> when to try again after a failure
}

// retryAt is a failed reminder's next try.
type retryAt struct {
	attempts int
	next     time.Time
}

func (p *Postman) init() {
	p.once.Do(func() { p.backoff = map[string]retryAt{} })
}

// Wake makes Run look for due work now, as after a reminder is set. It
// never blocks.
func (p *Postman) Wake() { p.wake.Notify() }

// Run delivers until ctx ends, waking at the next reminder's due time (or
// at least every minute, for notices and retries) or when Wake is called.
// It returns nil when ctx ends.
func (p *Postman) Run(ctx context.Context) error {
	p.init()
	for {
		more, err := p.Round(ctx, p.now())
		if err != nil && ctx.Err() == nil {
			p.log().Error("postman: round failed", slog.Any("error", err))
		}
		if ctx.Err() != nil {
			return nil
		}
		d := time.Duration(0)
		if !more {
			d = p.idle(p.now())
		}
		if !p.wake.Sleep(ctx, d) {
			return nil
		}
	}
}

// idle is how long Run may sleep after a round at now: until the next
// reminder falls due, or a notice or failed reminder is to be retried, at
// most maxIdle. Reminders already due are either sent or waiting for a
// retry time of their own, so they do not count.
func (p *Postman) idle(now time.Time) time.Duration {
	next := now.Add(maxIdle)
	if due, ok, err := p.Store.NextDueAfter(now); err == nil && ok && due.Before(next) {
		next = due
	}
	p.mu.Lock()
	for _, r := range p.backoff {
		if r.next.After(now) && r.next.Before(next) {
			next = r.next
		}
	}
	p.mu.Unlock()
	if ns, err := p.Store.PendingNotices(0); err == nil {
		for _, n := range ns {
			if n.NextTry.After(now) && n.NextTry.Before(next) {
				next = n.NextTry
			}
		}
	}
	return max(next.Sub(now), 0)
}

// Round delivers the notices due at now, then the reminders due (up to
// Batch), and reports whether more reminders are due than it took.
func (p *Postman) Round(ctx context.Context, now time.Time) (bool, error) {
	p.init()
	p.round.Lock()
	defer p.round.Unlock()
	batch := p.Batch
	if batch <= 0 {
		batch = defaultBatch
	}
	p.mu.Lock()
	waiting := len(p.backoff)
	p.mu.Unlock()
	limit := batch + waiting
	due, err := p.Store.DueReminders(now, limit)
	if err != nil {
		return false, fmt.Errorf("postman: %w", err)
	}
	if len(due) < limit {
		p.pruneBackoff(due) // every due reminder is listed
	}
	deleting, err := p.deleting()
	if err != nil {
		return false, err
	}
	var jobs []func(context.Context) error
	for _, r := range due {
		if p.ready(ReminderKey(r), now) && !deleting[pair(r.UserID, r.SessionID)] && len(jobs) < batch {
			jobs = append(jobs, func(ctx context.Context) error { return p.remind(ctx, r) })
		}
	}
	nerr := p.notices(ctx, now) // first: "moved to 11:00" before the reminder for 11:00
	rerr := p.parallel(ctx, jobs)
	return len(jobs) == batch, errors.Join(nerr, rerr)
}

// deleting returns the user/session pairs whose earlier Slack message is
// still to be deleted (Ahead): their reminders wait, for if Slack posts the
// old one all the same, it is the reminder.
func (p *Postman) deleting() (map[string]bool, error) {
	us, err := p.Store.Unschedules()
	if err != nil {
		return nil, fmt.Errorf("postman: %w", err)
	}
	out := make(map[string]bool, len(us))
	for _, u := range us {
		out[pair(u.UserID, u.SessionID)] = true
	}
	return out, nil
}

func pair(userID, sessionID string) string { return userID + "\x00" + sessionID }

// parallel runs jobs on Workers goroutines and returns their errors joined.
func (p *Postman) parallel(ctx context.Context, jobs []func(context.Context) error) error {
	workers := p.Workers
	if workers <= 0 {
		workers = defaultWorkers
	}
	feed := make(chan func(context.Context) error)
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for range min(workers, len(jobs)) {
		wg.Go(func() {
			for job := range feed {
				if err := job(ctx); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, job := range jobs {
		if ctx.Err() != nil {
			break
		}
		feed <- job
	}
	close(feed)
	wg.Wait()
	return errors.Join(errs...)
}

func (p *Postman) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

func (p *Postman) log() *slog.Logger {
	if p.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Logger
}
