package schedule

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
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// Retry policy of the poster.
const (
	maxRateLimitWaits = 5                // 429s honoured within one Flush before giving up for now
	firstBackoff      = 30 * time.Second // wait after the first failed post
	maxBackoff        = 30 * time.Minute
)

// poster is the part of slack.Client that posts messages.
type poster interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
}

// outboxStore is the part of store.Store the Announcer uses.
type outboxStore interface {
	Pending() ([]store.Outbox, error)
	Known(id string) (store.Entry, bool, error)
	PostedShown(id uint64, shown []string, now time.Time) error
	Retry(id uint64, nextTry time.Time, errText string) error
}

// Announcer posts the outbox to the announce channel: one message per entry,
// oldest first, each removed from the outbox (and its sessions marked
// announced) in the same step as it is recorded posted.
//
// Exactly once: an entry leaves the outbox only through PostedShown, and the
// store queues a session ID only the first time it is ever seen. The one
// window for a duplicate is a post that Slack accepted followed by a failure
// to record it (PostedShown errors, or the process dies in between): the entry is
// then posted again on the next Flush. That is logged loudly.
type Announcer struct {
	Store    outboxStore
	API      poster
	Channel  string
	Location *time.Location
	Logger   *slog.Logger
	// Sleep waits d or until ctx ends; nil means a timer that honours ctx.
	Sleep func(ctx context.Context, d time.Duration) error

	mu sync.Mutex // one Flush at a time, so no entry is posted twice at once
}

// Flush posts every entry due at now and returns how many messages went out.
// A rate limit is waited out (Retry-After) a few times; a message Slack
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
// the outcome. It reports whether a message was posted.
func (a *Announcer) deliver(ctx context.Context, now time.Time, o store.Outbox) (bool, error) {
	msg, shown, ok, err := a.render(o)
	if err != nil {
		return false, err
	}
	if ok {
		if ok, err = a.send(ctx, o, msg); err != nil {
			return false, a.retry(now, o, err)
		}
	}
	if err := a.Store.PostedShown(o.ID, shown, now); err != nil {
		if ok {
			a.log().Error("announce: POSTED BUT NOT RECORDED: this message will be posted again",
				slog.Uint64("outbox_id", o.ID), slog.Any("error", err))
		}
		return ok, fmt.Errorf("announce: %w", err)
	}
	a.log().Info("announce: posted", slog.Uint64("outbox_id", o.ID), slog.String("kind", o.Kind),
		slog.Int("sessions", len(o.SessionIDs)), slog.Bool("empty", !ok))
	return ok, nil
}

// send posts msg and reports whether it went out. A message that Slack
// will never accept (rejected) would block every later entry for good, as
// Flush keeps their order: it goes out once more as plain text, and when
// that is rejected too the entry is given up: send reports false and no
// error, so it is recorded posted (its sessions count as announced) and
// later entries go on. Losing one announcement, loudly logged, is the
// price of never blocking the channel.
func (a *Announcer) send(ctx context.Context, o store.Outbox, msg blocks.Message) (bool, error) {
	err := a.post(ctx, msg)
	if !rejected(err) {
		return err == nil, err
	}
	log := a.log().With(slog.Uint64("outbox_id", o.ID), slog.String("kind", o.Kind))
	log.Error("announce: Slack rejected the message; posting it as plain text", slog.Any("error", err))
	err = a.post(ctx, blocks.Message{Text: a.plainText(o, msg.Text)})
	if !rejected(err) {
		return err == nil, err
	}
	log.Error("announce: Slack rejected the plain text too; GIVING UP this announcement so later ones go out",
		slog.Any("sessions", o.SessionIDs), slog.Any("error", err))
	return false, nil
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

// Slack errors that only the admin can mend, in the config or by inviting
// the bot: retried like any other failure, but logged as errors.
var channelErrors = []string{"channel_not_found", "not_in_channel", "is_archived"}

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

// render builds an entry's message from what the store knows now, with the
// IDs of the new sessions it shows (only those count as announced). It
// reports false when nothing is left to announce: every session is gone or
// was announced since.
func (a *Announcer) render(o store.Outbox) (msg blocks.Message, shown []string, ok bool, err error) {
	switch o.Kind {
	case store.KindNew:
		sessions, err := a.announceable(o.SessionIDs)
		if err != nil || len(sessions) == 0 {
			return blocks.Message{}, nil, false, err
		}
		for _, s := range sessions {
			shown = append(shown, s.ID)
		}
		return blocks.Digest(sessions, a.Location), shown, true, nil
	case store.KindChanges:
		return blocks.Changes(o.Changes, a.Location), nil, len(o.Changes) > 0, nil
	}
	a.log().Warn("announce: unknown outbox entry dropped", slog.Uint64("outbox_id", o.ID), slog.String("kind", o.Kind))
	return blocks.Message{}, nil, false, nil
}

// announceable returns the sessions among ids that are current and never
// announced, in programme order.
func (a *Announcer) announceable(ids []string) ([]session.Session, error) {
	var out []session.Session
	for _, id := range ids {
		e, ok, err := a.Store.Known(id)
		if err != nil {
			return nil, fmt.Errorf("announce: %w", err)
		}
		if ok && e.Current() && e.Announced.IsZero() {
			out = append(out, e.Session)
		}
	}
	slices.SortStableFunc(out, session.ByStart)
	return out, nil
}

// post sends msg, waiting out rate limits a few times.
func (a *Announcer) post(ctx context.Context, msg blocks.Message) error {
	opts := []slack.MsgOption{slack.MsgOptionText(msg.Text, false)}
	if len(msg.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(msg.Blocks...))
	}
	for waits := 0; ; waits++ {
		_, _, err := a.API.PostMessageContext(ctx, a.Channel, opts...)
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || waits == maxRateLimitWaits {
			return err
		}
		a.log().Warn("announce: rate limited", slog.Duration("retry_after", rl.RetryAfter))
		if err := a.sleep(ctx, rl.RetryAfter); err != nil {
			return err
		}
	}
}

// retry records a failed post so the entry waits before the next attempt.
func (a *Announcer) retry(now time.Time, o store.Outbox, cause error) error {
	next := now.Add(backoff(o.Attempts))
	level, msg := slog.LevelWarn, "announce: post failed; will retry"
	if slices.Contains(channelErrors, slackError(cause)) {
		level, msg = slog.LevelError, "announce: cannot post to the announce channel (check channel and invite the bot); will retry"
	}
	a.log().Log(context.Background(), level, msg, slog.Uint64("outbox_id", o.ID),
		slog.Int("attempts", o.Attempts+1), slog.Time("next_try", next), slog.Any("error", cause))
	if err := a.Store.Retry(o.ID, next, cause.Error()); err != nil {
		return fmt.Errorf("announce: post outbox entry %d: %w (and %w)", o.ID, cause, err)
	}
	return fmt.Errorf("announce: post outbox entry %d: %w", o.ID, cause)
}

// backoff is the wait after the given number of earlier failures: 30s,
// doubling, at most 30m.
func backoff(attempts int) time.Duration {
	d := firstBackoff
	for range attempts {
		if d *= 2; d >= maxBackoff {
			return maxBackoff
		}
	}
	return d
}

func (a *Announcer) sleep(ctx context.Context, d time.Duration) error {
	if a.Sleep != nil {
		return a.Sleep(ctx, d)
	}
	return sleepCtx(ctx, d)
}

func (a *Announcer) log() *slog.Logger { return orDiscard(a.Logger) }
