package delivery

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

// Answers of Slack's scheduled-message methods that callers branch on.
var (
	// ErrNotDeletable is Delete's error when Slack answers
	// invalid_scheduled_message_id: the message was posted, deleted, never
	// there, or is due within a minute (too late to delete).
	ErrNotDeletable = errors.New("invalid_scheduled_message_id")
)

// Refusal is Schedule's error when Slack answered that it will not
// schedule the message (time_too_far, restricted_too_many, a rate limit
// waited out too often …): nothing was scheduled, and the message is the
// caller's to post itself.
type Refusal struct{ Method, Code string }

func (r *Refusal) Error() string { return r.Method + ": " + r.Code }

// scheduleAPI is the part of slack.Client a Scheduler uses.
type scheduleAPI interface {
	ScheduleMessageContext(ctx context.Context, channelID, postAt string, options ...slack.MsgOption) (string, string, error)
	DeleteScheduledMessageContext(ctx context.Context, params *slack.DeleteScheduledMessageParameters) (bool, error)
	GetScheduledMessagesContext(ctx context.Context, params *slack.GetScheduledMessagesParameters) ([]slack.ScheduledMessage, string, error)
}

// Scheduler hands messages to Slack's own queue (chat.scheduleMessage),
// which posts each at its second whether or not sessionbot runs. It shares
// the Sender's pace, 429 pause, DM channels and history lookup. Scheduled
// messages carry no metadata: Slack never posts one that does; the
// scheduled_message_id the caller records is the exactly-once record.
type Scheduler struct {
	API    scheduleAPI
	Sender *Sender
}

// ScheduleRecord writes a scheduling's progress to the store: Claim before
// chat.scheduleMessage with the DM channel and the text that identify the
// message if the answer is lost, Scheduled after it with its ID.
type ScheduleRecord struct {
	Claim     func(channel, text string) error
	Scheduled func(id string) error
}

// Schedule asks Slack to post msg to the user or channel to at postAt
// (whole seconds). A *Refusal means nothing was scheduled; a SlackError
// means the request failed and the message may be scheduled (the claim
// stands); any other error is rec's.
func (s *Scheduler) Schedule(ctx context.Context, to string, postAt time.Time, msg blocks.Message, rec ScheduleRecord) (string, error) {
	channel, err := s.Sender.conversation(ctx, to)
	if err != nil {
		return "", &SlackError{err}
	}
	if err := rec.Claim(channel, msg.Text); err != nil {
		return "", err
	}
	opts := []slack.MsgOption{slack.MsgOptionText(msg.Text, false)}
	if len(msg.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(msg.Blocks...))
	}
	var id string
	err = s.Sender.call(ctx, func() error {
		var err error
		_, id, err = s.API.ScheduleMessageContext(ctx, channel, strconv.FormatInt(postAt.Unix(), 10), opts...)
		return err
	})
	if code, ok := answered(err); ok {
		return "", &Refusal{Method: "chat.scheduleMessage", Code: code}
	}
	if err != nil {
		return "", &SlackError{fmt.Errorf("chat.scheduleMessage: %w", err)}
	}
	return id, rec.Scheduled(id)
}

// unsure are the ok:false answers after which, as Slack documents them,
// "some aspect of the operation" may have succeeded.
var unsure = []string{"internal_error", "fatal_error", "service_unavailable", "request_timeout"}

// answered returns the error code when err is Slack answering that it did
// not carry the request out (ok:false, or a 429 waited out too often).
func answered(err error) (string, bool) {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && !slices.Contains(unsure, se.Err) {
		return se.Err, true
	}
	if _, limited := RetryAfter(err); limited {
		return "ratelimited", true
	}
	return "", false
}

// Delete removes a scheduled message from Slack's queue. ErrNotDeletable
// means Slack does not have it pending (or it is due within a minute); a
// *Refusal, that Slack answered otherwise for good (channel_not_found …):
// the message cannot be posted either; a SlackError is worth another try.
func (s *Scheduler) Delete(ctx context.Context, channel, id string) error {
	err := s.Sender.call(ctx, func() error {
		_, err := s.API.DeleteScheduledMessageContext(ctx, &slack.DeleteScheduledMessageParameters{Channel: channel, ScheduledMessageID: id})
		return err
	})
	code, ok := answered(err)
	switch {
	case ok && code == ErrNotDeletable.Error():
		return ErrNotDeletable
	case ok && code != "ratelimited":
		return &Refusal{Method: "chat.deleteScheduledMessage", Code: code}
	case err != nil:
		return &SlackError{fmt.Errorf("chat.deleteScheduledMessage %s: %w", id, err)}
	}
	return nil
}

// listPages bounds a listing: 100 messages a page.
const listPages = 1000

// List returns every message waiting in Slack's queue for this app, in
// channel when it is not empty.
func (s *Scheduler) List(ctx context.Context, channel string) ([]slack.ScheduledMessage, error) {
	params := &slack.GetScheduledMessagesParameters{Channel: channel, Limit: 100}
	var out []slack.ScheduledMessage
	for range listPages {
		var page []slack.ScheduledMessage
		var next string
		err := s.Sender.call(ctx, func() error {
			var err error
			page, next, err = s.API.GetScheduledMessagesContext(ctx, params)
			return err
		})
		if err != nil {
			return nil, &SlackError{fmt.Errorf("chat.scheduledMessages.list: %w", err)}
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		params.Cursor = next
	}
	return nil, &SlackError{fmt.Errorf("chat.scheduledMessages.list: more than %d pages", listPages)}
}

// Posted reports whether channel's history holds a message of the bot
// with text, posted around postAt: how a scheduled message, which carries
// no metadata, is recognised once Slack has posted it.
func (s *Scheduler) Posted(ctx context.Context, channel, text string, postAt time.Time) (bool, error) {
	match := func(m slack.Message) bool { return m.Text == text }
	return s.Sender.lookFor(ctx, channel, match, postAt.Add(-clockSkew), postAt.Add(clockSkew+time.Minute))
}
