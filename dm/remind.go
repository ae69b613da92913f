package dm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/store"
)

// errNotPending aborts a store update of a reminder that was sent,
// dropped or re-armed meanwhile.
var errNotPending = errors.New("reminder no longer due as claimed")

// ReminderKey names one delivery of a reminder in its message's metadata:
// its user, session and due time. A re-armed reminder (moved session) is a
// new delivery.
func ReminderKey(r store.Reminder) string {
	return fmt.Sprintf("%s/%s/%d", r.UserID, r.SessionID, r.Due.Unix())
}

// remind delivers one due reminder: left alone when its session is gone or
// moved (for Rearm), dropped when it is over, else sent (sendReminder).
func (p *Postman) remind(ctx context.Context, r store.Reminder) error {
	now := p.now()
	log := p.log().With(slog.String("user_id", r.UserID), slog.String("session_id", r.SessionID))
	switch {
	case r.Slack.ID != "":
		// Slack posts it (chat.scheduleMessage): never a second one.
		err := p.mark(r, func(x *store.Reminder) { x.Sent = r.Slack.PostAt })
		if err == nil {
			log.Debug("postman: reminder posted by Slack", slog.String("scheduled_message_id", r.Slack.ID))
		}
		return ignoreGone(err)
	case r.Slack.Handed():
		// Whether Slack has it is not known yet: Ahead looks in its list.
		p.setAside(ReminderKey(r), now.Add(rearmWait))
		return nil
	}
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
		p.setAside(ReminderKey(r), now.Add(rearmWait))
		return nil
	case e.Session.Over(now):
		return p.drop(log, r, now, "session over")
	}
	return p.sendReminder(ctx, log, r, blocks.ReminderDM(e.Session, now, p.Location))
}

// sendReminder delivers one reminder exactly once: claimed, posted and
// marked sent, or found in the DM's history when a crash left it claimed.
// A failed post is retried later with backoff; only store errors are
// returned.
func (p *Postman) sendReminder(ctx context.Context, log *slog.Logger, r store.Reminder, msg blocks.Message) error {
	key := ReminderKey(r)
	out, err := p.Sender.Deliver(ctx, delivery.Item{Event: EventReminder, Key: key, To: r.UserID, Claimed: r.Claimed}, msg,
		delivery.Record{
			Claim: func(at time.Time) error { return p.mark(r, func(x *store.Reminder) { x.Claimed = at }) },
			Sent:  func(at time.Time) error { return p.mark(r, func(x *store.Reminder) { x.Sent = at }) },
		})
	switch {
	case delivery.IsSlack(err):
		p.fail(log, r, p.now(), err) // a claim stays: the next try reads the history first
		return nil
	case err != nil:
		return ignoreGone(err)
	}
	p.clearBackoff(key)
	if out == delivery.Posted && p.Observer != nil {
		p.Observer.ReminderSent(p.now().Sub(r.Due))
	}
	log.Info("postman: reminder sent", slog.Time("due", r.Due), slog.Bool("found_in_history", out == delivery.Found))
	return nil
}

// mark changes the stored reminder with fn, unless it is no longer the
// pending reminder r (same due time) that this delivery is about, or Ahead
// handed it to Slack since r was read (then Slack's message is the one).
func (p *Postman) mark(r store.Reminder, fn func(*store.Reminder)) error {
	err := p.Store.UpdateReminder(r.UserID, r.SessionID, func(x *store.Reminder) error {
		if !x.Pending() || !x.Due.Equal(r.Due) || (x.Slack.Handed() && !r.Slack.Handed()) {
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
	err := p.mark(r, func(x *store.Reminder) { x.Dropped = now })
	if err == nil {
		log.Info("postman: reminder dropped", slog.String("reason", why))
		p.clearBackoff(ReminderKey(r))
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
	key := ReminderKey(r)
	p.mu.Lock()
	b := p.backoff[key]
	b.next = now.Add(delivery.Later.After(b.attempts))
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
		keep[ReminderKey(r)] = true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for key := range p.backoff {
		if !keep[key] {
			delete(p.backoff, key)
		}
	}
}
