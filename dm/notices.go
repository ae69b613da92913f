package dm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// notices delivers every notice due at now: each user's in order, Workers
// users at a time.
func (p *Postman) notices(ctx context.Context, now time.Time) error {
	pending, err := p.Store.PendingNotices(0)
	if err != nil {
		return fmt.Errorf("postman: %w", err)
	}
	byUser := map[string][]store.Notice{}
	for _, n := range pending {
		if !n.NextTry.After(now) {
			byUser[n.UserID] = append(byUser[n.UserID], n)
		}
	}
	var jobs []func(context.Context) error
	for _, user := range sortedKeys(byUser) {
		jobs = append(jobs, func(ctx context.Context) error { return p.notifyInOrder(ctx, byUser[user]) })
	}
	return p.parallel(ctx, jobs)
}

// notifyInOrder delivers one user's notices in the order they were queued.
func (p *Postman) notifyInOrder(ctx context.Context, ns []store.Notice) error {
	var errs []error
	for _, n := range ns {
		errs = append(errs, p.notify(ctx, n))
	}
	return errors.Join(errs...)
}

// noticeKey names the delivery of notice n in the message metadata.
func noticeKey(n store.Notice) string { return fmt.Sprintf("notice/%d", n.ID) }

// notify delivers one notice exactly once, the way sendReminder delivers
// a reminder; a notice with nothing left to say is done at once. A failed
// post records a retry with backoff and keeps the claim, so the next try
// reads the history first.
func (p *Postman) notify(ctx context.Context, n store.Notice) error {
	log := p.log().With(slog.Uint64("notice_id", n.ID), slog.String("user_id", n.UserID), slog.String("kind", n.Kind))
	msg, ok, err := p.renderNotice(n)
	if err != nil {
		return err
	}
	if !ok {
		log.Info("postman: notice has nothing left to say")
		return p.noticeSent(n)
	}
	out, err := p.Sender.Deliver(ctx, delivery.Item{Event: EventNotice, Key: noticeKey(n), To: n.UserID, Claimed: n.Claimed}, msg,
		delivery.Record{
			Claim: func(at time.Time) error { return p.Store.ClaimNotice(n.ID, at) },
			Sent:  func(time.Time) error { return p.noticeSent(n) },
		})
	switch {
	case delivery.IsSlack(err):
		return p.retryNotice(log, n, err)
	case err != nil:
		return fmt.Errorf("postman: %w", err)
	}
	log.Info("postman: notice sent", slog.Int("sessions", len(n.SessionIDs)), slog.Bool("found_in_history", out == delivery.Found))
	return nil
}

func (p *Postman) noticeSent(n store.Notice) error {
	if err := p.Store.NoticeSent(n.ID); err != nil {
		return fmt.Errorf("postman: %w", err)
	}
	return nil
}

// retryNotice records a failed delivery with backoff. The claim (a post
// that may have reached Slack) is kept, in the same store transaction, so
// that the next try reads the history before posting.
func (p *Postman) retryNotice(log *slog.Logger, n store.Notice, cause error) error {
	next := p.now().Add(delivery.Later.After(n.Attempts))
	log.Warn("postman: notice not delivered; will retry", slog.Int("attempts", n.Attempts+1),
		slog.Time("next_try", next), slog.Any("error", cause))
	if err := p.Store.RetryNotice(n.ID, next, cause.Error(), true); err != nil {
		return fmt.Errorf("postman: %w", err)
	}
	return nil
}

// renderNotice builds a notice's message from what the store knows now
// (an admin's notice from its text), and reports false when nothing in it
// is left to say.
func (p *Postman) renderNotice(n store.Notice) (blocks.Message, bool, error) {
	if n.Kind == store.NoticeAdmin {
		return blocks.AdminDM(n.Text, n.Actor, n.Hold), true, nil
	}
	sessions, err := p.noticeSessions(n)
	if err != nil || len(sessions) == 0 {
		return blocks.Message{}, false, err
	}
	if n.Kind == store.NoticeFollow {
		return blocks.FollowDM(n.Queries, sessions, p.Location), true, nil
	}
	return blocks.ScheduleNoticesDM(n.Kind, sessions, p.Location), true, nil
}

// noticeSessions returns the sessions a notice is still about: for a
// cancellation, every known one; for a follow alert, the current ones; for
// a move or a new time, the current ones the user still has a pending
// reminder for (or one sent since the notice was queued).
func (p *Postman) noticeSessions(n store.Notice) ([]session.Session, error) {
	var out []session.Session
	for _, id := range n.SessionIDs {
		e, ok, err := p.Store.Known(id)
		if err != nil {
			return nil, fmt.Errorf("postman: %w", err)
		}
		if !ok || (n.Kind != store.NoticeCancelled && !e.Current()) {
			continue
		}
		if n.Kind == store.NoticeMoved || n.Kind == store.NoticeScheduled {
			r, ok, err := p.Store.Reminder(n.UserID, id)
			if err != nil {
				return nil, fmt.Errorf("postman: %w", err)
			}
			// Still pending, or sent since the change (Slack posted its
			// scheduled message, too late to delete): the user is told.
			if !ok || !(r.Pending() || r.Sent.After(n.Created)) {
				continue
			}
		}
		out = append(out, e.Session)
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
