// Package delivery is sessionbot's one way of posting to Slack exactly
// once. Slack has no idempotency key, so each item (an announcement, a
// reminder, a notice) is claimed in the store before its post, the post
// carries message metadata naming the item, and the item is marked sent
// after it. An item found claimed but not sent (the process died, or
// Slack's answer was lost) is first looked for in the conversation's
// history, and posted again only when it is not there.
//
// Every request waits for one shared Pace, and a 429 pauses them all for
// its Retry-After.
package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

// Limits of one delivery.
const (
	// maxRateLimitWaits is how many 429s one request waits out before the
	// delivery fails (and is retried later by its caller, with backoff).
	maxRateLimitWaits = 5
	// maxPostTime bounds a post with its 429 waits, so that a message that
	// reached Slack is in the history within maxPostTime of its claim.
	maxPostTime = 5 * time.Minute
)

// Item is one message to deliver exactly once.
type Item struct {
	Event   string    // the metadata's event_type: what kind of item
	Key     string    // the metadata's event_payload.key: which item
	To      string    // a channel ID, or a user ID for a direct message
	Claimed time.Time // when an earlier attempt claimed the item; zero if none did
}

// Record writes an item's progress to the store.
type Record struct {
	Claim func(at time.Time) error // before the post
	Sent  func(at time.Time) error // after it, or when the history shows it
}

// Unrecorded is the Record of a message the store cannot record (the disk
// is full): it is posted with its metadata all the same, but nothing stops
// a later attempt from posting it again.
var Unrecorded = Record{
	Claim: func(time.Time) error { return nil },
	Sent:  func(time.Time) error { return nil },
}

// Later is the wait before the next attempt at an item Slack did not take,
// after a number of failed attempts: 30 s, doubling, at most 30 min.
var Later = Backoff{First: 30 * time.Second, Max: 30 * time.Minute}

// Outcome says how an item was delivered.
type Outcome int

// Outcomes of Deliver.
const (
	NotDelivered Outcome = iota // Slack did not take it (see the error)
	Posted                      // posted now
	Found                       // found in the history: posted by an earlier attempt
)

// SlackError is Deliver's error when Slack did not take the message or the
// history could not be read: Slack answered with an error, or the request
// failed (then the post may have reached Slack; the claim stays, so the
// next attempt reads the history first). Other errors are the store's.
type SlackError struct{ Err error }

func (e *SlackError) Error() string { return e.Err.Error() }
func (e *SlackError) Unwrap() error { return e.Err }

// IsSlack reports whether err is a SlackError, as opposed to a store error.
func IsSlack(err error) bool {
	var se *SlackError
	return errors.As(err, &se)
}

// slackAPI is the part of slack.Client a Sender uses.
type slackAPI interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
}

// dmChannels caches each user's direct-message channel (store.Store).
type dmChannels interface {
	DMChannel(userID string) (string, bool, error)
	SetDMChannel(userID, channelID string) error
}

// Sender delivers items to Slack. It is safe for concurrent use; items
// that must not overtake each other are the caller's to order.
type Sender struct {
	API      slackAPI
	Channels dmChannels
	// Pace is shared by every request; nil is unpaced, though a 429 still
	// pauses every request of this Sender.
	Pace   *Pace
	Now    func() time.Time // claim times; nil: time.Now
	Logger *slog.Logger     // nil: discard

	once    sync.Once
	unpaced *Pace
}

// Deliver posts msg as it, exactly once: when it was claimed before, the
// history is read first and a message found there is only recorded sent;
// else the item is claimed, posted with its metadata and recorded sent.
// A SlackError means nothing is known to have been posted and the caller
// tries again later; any other error is rec's (the store's).
func (s *Sender) Deliver(ctx context.Context, it Item, msg blocks.Message, rec Record) (Outcome, error) {
	log := s.log().With(slog.String("event", it.Event), slog.String("key", it.Key), slog.String("to", it.To))
	if !it.Claimed.IsZero() {
		found, err := s.found(ctx, it)
		if err != nil {
			return NotDelivered, &SlackError{fmt.Errorf("look for an earlier post: %w", err)}
		}
		if found {
			log.Warn("delivery: the earlier post was found in the history; not posting again",
				slog.Time("claimed", it.Claimed))
			return Found, rec.Sent(s.now())
		}
		log.Info("delivery: an earlier attempt is not in the history; posting", slog.Time("claimed", it.Claimed))
	}
	if err := rec.Claim(s.now()); err != nil {
		return NotDelivered, err
	}
	if err := s.post(ctx, it, msg); err != nil {
		return NotDelivered, &SlackError{err}
	}
	if err := rec.Sent(s.now()); err != nil {
		log.Error("delivery: POSTED BUT NOT RECORDED; the next attempt finds it in the history", slog.Any("error", err))
		return Posted, err
	}
	return Posted, nil
}

// post sends msg with it's metadata. A direct message goes to the cached
// DM channel, or else to the user ID, which Slack delivers to the DM
// without a conversations.open (a far stricter rate tier); the channel it
// answers with is cached for history lookups.
func (s *Sender) post(ctx context.Context, it Item, msg blocks.Message) error {
	target, err := s.target(it.To)
	if err != nil {
		return err
	}
	opts := []slack.MsgOption{slack.MsgOptionText(msg.Text, false),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: it.Event, EventPayload: map[string]any{"key": it.Key}})}
	if len(msg.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(msg.Blocks...))
	}
	ctx, cancel := context.WithTimeout(ctx, maxPostTime)
	defer cancel()
	var ch string
	err = s.call(ctx, func() error {
		var err error
		ch, _, err = s.API.PostMessageContext(ctx, target, opts...)
		return err
	})
	if err == nil && target == it.To && isUser(it.To) && ch != "" && ch != it.To {
		s.cacheChannel(it.To, ch)
	}
	return err
}

// call runs one Slack request at the shared pace, retrying it after a 429
// once every sender has waited the Retry-After out.
func (s *Sender) call(ctx context.Context, do func() error) error {
	r := Retry{
		Attempts: maxRateLimitWaits + 1,
		Wait:     func(_ context.Context, d time.Duration) error { s.pace().Pause(d); return nil },
		Retrying: func(_ error, d time.Duration) {
			s.log().Warn("delivery: rate limited; every post waits", slog.Duration("retry_after", d))
		},
	}
	return r.Do(ctx, func() error {
		if err := s.pace().Wait(ctx); err != nil {
			return err
		}
		return do()
	})
}

// pace is the Pace every request waits for.
func (s *Sender) pace() *Pace {
	if s.Pace != nil {
		return s.Pace
	}
	s.once.Do(func() { s.unpaced = NewPace(0) })
	return s.unpaced
}

func (s *Sender) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Sender) log() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// isUser reports whether id is a user ID (a direct message's target)
// rather than a channel ID.
func isUser(id string) bool {
	return len(id) > 1 && (id[0] == 'U' || id[0] == 'W')
}
