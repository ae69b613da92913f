// Package announce posts the announcement outbox to the announce channel:
// one digest of new sessions, or one "schedule changes" message, per
// entry, oldest first, each through the exactly-once delivery path.
package announce

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/store"
)

// EventAnnouncement is the metadata event type of an announcement; its key
// names the outbox entry.
const EventAnnouncement = "sessionbot_announcement"

// outboxStore is the part of store.Store the Announcer uses.
type outboxStore interface {
	Pending() ([]store.Outbox, error)
	Known(id string) (store.Entry, bool, error)
	ClaimOutbox(id uint64, now time.Time, shown []string) error
	PostedShown(id uint64, shown []string, now time.Time) error
	Retry(id uint64, nextTry time.Time, errText string) error
}

// Announcer posts the outbox to the announce channel.
//
// Exactly once: the store queues a session ID only the first time it is
// ever seen, and an entry leaves the outbox only through PostedShown. The
// entry is claimed before its post (with the sessions the message shows)
// and the post carries metadata naming it, so an entry found claimed after
// a crash is looked for in the channel's history before it is posted again.
type Announcer struct {
	Store    outboxStore
	Sender   *delivery.Sender
	Channel  string
	Location *time.Location
	Logger   *slog.Logger

	mu sync.Mutex // one Flush at a time, so no entry is posted twice at once
}

// Flush posts every entry due at now and returns how many messages it
// posted (not counting one found posted before a crash). A message Slack
// rejects for good is sent as plain text or given up (see send); any other
// failure records a retry with backoff on the entry and stops the flush, so
// entries keep their order.
func (a *Announcer) Flush(ctx context.Context, now time.Time) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	pending, err := a.Store.Pending()
	if err != nil {
		return 0, fmt.Errorf("announce: %w", err)
	}
	posted := 0
	for _, o := range pending {
		if o.NextTry.After(now) {
			break // a later entry must not overtake a waiting one
		}
		sent, err := a.deliver(ctx, now, o)
		if err != nil {
			return posted, err
		}
		if sent {
			posted++
		}
	}
	return posted, nil
}

// deliver posts one entry (unless nothing in it is left to say) and records
// the outcome. It reports whether it posted a message.
func (a *Announcer) deliver(ctx context.Context, now time.Time, o store.Outbox) (bool, error) {
	msg, shown, ok, err := a.render(o)
	if err != nil {
		return false, err
	}
	if !ok {
		// Every session is gone or announced since. An entry claimed before
		// a crash may have been posted: what it showed counts as announced.
		if err := a.Store.PostedShown(o.ID, o.Shown, now); err != nil {
			return false, fmt.Errorf("announce: %w", err)
		}
		a.log().Info("announce: nothing left to announce", slog.Uint64("outbox_id", o.ID), slog.String("kind", o.Kind))
		return false, nil
	}
	sent, err := a.send(ctx, now, o, msg, shown)
	if delivery.IsSlack(err) {
		return false, a.retry(now, o, err)
	}
	if err != nil {
		return false, fmt.Errorf("announce: %w", err)
	}
	a.log().Info("announce: posted", slog.Uint64("outbox_id", o.ID), slog.String("kind", o.Kind),
		slog.Int("sessions", len(o.SessionIDs)), slog.Bool("sent", sent))
	return sent, nil
}

// send delivers msg as entry o and reports whether it posted it now. A message
// that Slack will never accept (rejected) would block every later entry for
// good, as Flush keeps their order: it goes out once more as plain text,
// and when that is rejected too the entry is given up: send reports false
// and no error, so it is recorded posted (its sessions count as announced)
// and later entries go on. Losing one announcement, loudly logged, is the
// price of never blocking the channel.
func (a *Announcer) send(ctx context.Context, now time.Time, o store.Outbox, msg blocks.Message, shown []string) (bool, error) {
	out, err := a.deliverOnce(ctx, o, msg, shown)
	if !rejected(err) {
		return out == delivery.Posted, err
	}
	log := a.log().With(slog.Uint64("outbox_id", o.ID), slog.String("kind", o.Kind))
	log.Error("announce: Slack rejected the message; posting it as plain text", slog.Any("error", err))
	o.Claimed = time.Time{} // Slack refused the post: it is not in the channel
	out, err = a.deliverOnce(ctx, o, blocks.Message{Text: a.plainText(o, msg.Text)}, shown)
	if !rejected(err) {
		return out == delivery.Posted, err
	}
	log.Error("announce: Slack rejected the plain text too; GIVING UP this announcement so later ones go out",
		slog.Any("sessions", o.SessionIDs), slog.Any("error", err))
	if err := a.Store.PostedShown(o.ID, shown, now); err != nil {
		return false, err
	}
	return false, nil
}

// deliverOnce posts msg as entry o through the exactly-once path: a claim
// left by a crash is looked up in the channel first. The sessions marked
// announced are those of the message that went out: shown when it is
// posted now, the claimed entry's Shown when the history has it.
func (a *Announcer) deliverOnce(ctx context.Context, o store.Outbox, msg blocks.Message, shown []string) (delivery.Outcome, error) {
	mark := o.Shown
	it := delivery.Item{Event: EventAnnouncement, Key: fmt.Sprintf("outbox/%d", o.ID), To: a.Channel, Claimed: o.Claimed}
	return a.Sender.Deliver(ctx, it, msg, delivery.Record{
		Claim: func(at time.Time) error { mark = shown; return a.Store.ClaimOutbox(o.ID, at, shown) },
		Sent:  func(at time.Time) error { return a.Store.PostedShown(o.ID, mark, at) },
	})
}

// maxPlainTitles is how many titles a plain-text announcement lists.
const maxPlainTitles = 10

// plainText is an entry's fallback text and a list of its first titles,
// escaped, for when Slack rejects its blocks.
func (a *Announcer) plainText(o store.Outbox, fallback string) string {
	var titles []string
	switch o.Kind {
	case store.KindNew:
		sessions, err := a.announceable(o.SessionIDs)
		if err != nil {
			a.log().Warn("announce: titles for plain text", slog.Any("error", err))
		}
		for _, s := range sessions {
			titles = append(titles, s.Title)
		}
	case store.KindChanges:
		for _, c := range o.Changes {
			titles = append(titles, cmp.Or(c.New.Title, c.Old.Title))
		}
	}
	lines := []string{fallback}
	for _, t := range titles[:min(len(titles), maxPlainTitles)] {
		lines = append(lines, "• "+blocks.Truncate(blocks.Escape(strings.Join(strings.Fields(t), " ")), 150))
	}
	if more := len(titles) - maxPlainTitles; more > 0 {
		lines = append(lines, fmt.Sprintf("…and %d more", more))
	}
	return strings.Join(lines, "\n")
}

// Slack errors that no retry of the same message mends.
var rejections = []string{"invalid_blocks", "invalid_blocks_format", "msg_too_long", "invalid_arguments"}

// Slack errors that only the admin can mend, in the config, by inviting
// the bot or by granting a scope: retried like any other failure, but
// logged as errors.
var channelErrors = []string{"channel_not_found", "not_in_channel", "is_archived", "missing_scope"}

// rejected reports whether err is Slack refusing the message itself.
func rejected(err error) bool { return slices.Contains(rejections, slackError(err)) }

// slackError is the error code of a Slack API error, or "".
func slackError(err error) string {
	var e slack.SlackErrorResponse
	if errors.As(err, &e) {
		return e.Err
	}
	return ""
}

// retry records a failed delivery so the entry waits before the next
// attempt; the claim stays, so that attempt reads the history first.
func (a *Announcer) retry(now time.Time, o store.Outbox, cause error) error {
	next := now.Add(delivery.Later.After(o.Attempts))
	level, msg := slog.LevelWarn, "announce: post failed; will retry"
	if slices.Contains(channelErrors, slackError(cause)) {
		level, msg = slog.LevelError, "announce: cannot use the announce channel (check the channel, invite the bot, "+
			"grant channels:history or groups:history and reinstall the app); will retry"
	}
	a.log().Log(context.Background(), level, msg, slog.Uint64("outbox_id", o.ID),
		slog.Int("attempts", o.Attempts+1), slog.Time("next_try", next), slog.Any("error", cause))
	if err := a.Store.Retry(o.ID, next, cause.Error()); err != nil {
		return fmt.Errorf("announce: post outbox entry %d: %w (and %w)", o.ID, cause, err)
	}
	return fmt.Errorf("announce: post outbox entry %d: %w", o.ID, cause)
}

func (a *Announcer) log() *slog.Logger {
	if a.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return a.Logger
}
