package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// errNotPending aborts a store update of a reminder that was sent,
// dropped or re-armed meanwhile.
var errNotPending = errors.New("reminder no longer due as claimed")

// reminderKey names one delivery of a reminder: its user, session and due
// time. A re-armed reminder (moved session) is a new delivery.
func reminderKey(r store.Reminder) string {
	return fmt.Sprintf("%s/%s/%d", r.UserID, r.SessionID, r.Due.Unix())
}

// remind delivers one due reminder: left alone when its session is gone or
// moved (for Rearm), dropped when it is over, found already posted when a
// claim was left behind, else claimed, posted and marked sent. A failure is logged and retried later with
// backoff; only store errors are returned.
func (p *Postman) remind(ctx context.Context, r store.Reminder) error {
	now := p.now()
	log := p.log().With(slog.String("user_id", r.UserID), slog.String("session_id", r.SessionID))
	e, ok, err := p.Store.Known(r.SessionID)
	if err != nil {
		return fmt.Errorf("postman: %w", err)
	}
	switch {
	case !ok || !e.Current() || !e.Session.Start.Equal(r.Start) || e.Session.Room != r.Room:
		// A sync changed the session and Rearm (right after every sync)
		// has not caught up: it re-arms or cancels the reminder and tells
		// the user. Sending now would be at the old time, or silent.
		// Set it aside for a moment, so a batch of such reminders does not
		// keep the loop spinning until Rearm runs.
		log.Debug("postman: reminder waits for Rearm: session removed or moved")
		p.setAside(reminderKey(r), now.Add(rearmWait))
		return nil
	case e.Session.Over(now):
		return p.drop(log, r, now, "session over")
	}
	key := reminderKey(r)
	if !r.Claimed.IsZero() {
		found, err := p.posted(ctx, r.UserID, r.Claimed, EventReminder, key)
		if err != nil {
			p.fail(log, r, now, err)
			return nil
		}
		if found {
			log.Warn("postman: reminder was posted before a crash; marking it sent")
			return p.mark(r, now, func(x *store.Reminder) { x.Sent = now })
		}
	}
	return p.sendReminder(ctx, log, r, e.Session, key)
}

// sendReminder claims, posts and marks sent one reminder.
func (p *Postman) sendReminder(ctx context.Context, log *slog.Logger, r store.Reminder, s session.Session, key string) error {
	claimed := p.now()
	if err := p.mark(r, claimed, func(x *store.Reminder) { x.Claimed = claimed }); err != nil {
		return ignoreGone(err)
	}
	if err := p.post(ctx, r.UserID, blocks.ReminderDM(s, p.now(), p.Location), EventReminder, key); err != nil {
		p.fail(log, r, claimed, err) // the claim stays: the next try reads the history first
		return nil
	}
	sent := p.now()
	if err := p.mark(r, sent, func(x *store.Reminder) { x.Sent = sent }); ignoreGone(err) != nil {
		log.Error("postman: reminder POSTED BUT NOT RECORDED; the next try finds it in the DM history", slog.Any("error", err))
		return err
	}
	p.clearBackoff(key)
	log.Info("postman: reminder sent", slog.Time("due", r.Due))
	return nil
}

// mark changes the stored reminder with fn, unless it is no longer the
// pending reminder r (same due time) that this delivery is about.
func (p *Postman) mark(r store.Reminder, now time.Time, fn func(*store.Reminder)) error {
	err := p.Store.UpdateReminder(r.UserID, r.SessionID, func(x *store.Reminder) error {
		if !x.Pending() || !x.Due.Equal(r.Due) {
			return errNotPending
		}
		fn(x)
		return nil
	})
	if err != nil {
		return fmt.Errorf("postman: %w", err)
	}
	return nil
}

// drop marks a reminder not to be sent.
func (p *Postman) drop(log *slog.Logger, r store.Reminder, now time.Time, why string) error {
	err := p.mark(r, now, func(x *store.Reminder) { x.Dropped = now })
	if err == nil {
		log.Info("postman: reminder dropped", slog.String("reason", why))
		p.clearBackoff(reminderKey(r))
	}
	return ignoreGone(err)
}

// ignoreGone is err unless it says the reminder was cancelled, sent,
// dropped or re-armed meanwhile: then there is nothing left to do.
func ignoreGone(err error) error {
	if errors.Is(err, errNotPending) || errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// fail records a failed delivery: the reminder waits 30s, doubling up to
// 30m, before the next try.
func (p *Postman) fail(log *slog.Logger, r store.Reminder, now time.Time, cause error) {
	key := reminderKey(r)
	p.mu.Lock()
	b := p.backoff[key]
	b.next = now.Add(backoff(b.attempts))
	b.attempts++
	p.backoff[key] = b
	p.mu.Unlock()
	log.Warn("postman: reminder not delivered; will retry", slog.Int("attempts", b.attempts),
		slog.Time("next_try", b.next), slog.Any("error", cause))
}

// rearmWait is how long a reminder waiting for Rearm is left alone.
const rearmWait = 5 * time.Second

// setAside keeps a reminder out of the rounds until next, without counting
// an attempt.
func (p *Postman) setAside(key string, next time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.backoff[key]
	b.next = next
	p.backoff[key] = b
}

// ready reports whether a reminder's delivery may be tried at now.
func (p *Postman) ready(key string, now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	b, ok := p.backoff[key]
	return !ok || !b.next.After(now)
}

func (p *Postman) clearBackoff(key string) {
	p.mu.Lock()
	delete(p.backoff, key)
	p.mu.Unlock()
}

// pruneBackoff forgets the retry times of deliveries no longer due: a
// reminder re-armed (a new key), cancelled or sent elsewhere. due must be
// every reminder due now.
func (p *Postman) pruneBackoff(due []store.Reminder) {
	keep := make(map[string]bool, len(due))
	for _, r := range due {
		keep[reminderKey(r)] = true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for key := range p.backoff {
		if !keep[key] {
			delete(p.backoff, key)
		}
	}
}
