package delivery

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
)

// History paging. Slack gives apps outside its Marketplace (as every
// self-hosted sessionbot is) at most 15 messages a page and one page a
// minute; the 429s that follow are waited out like any other.
const (
	historyPage  = 15
	historyPages = 50
	// clockSkew widens the window searched around a claim, for the
	// difference between this machine's clock and Slack's.
	clockSkew = time.Minute
)

// found reports whether the conversation it goes to holds a message with
// it's metadata, posted between its claim and the latest a post begun then
// could have reached Slack.
func (s *Sender) found(ctx context.Context, it Item) (bool, error) {
	channel, err := s.conversation(ctx, it.To)
	if err != nil {
		return false, err
	}
	match := func(m slack.Message) bool {
		return m.Metadata.EventType == it.Event && m.Metadata.EventPayload["key"] == it.Key
	}
	return s.lookFor(ctx, channel, match, it.Claimed.Add(-clockSkew), it.Claimed.Add(maxPostTime+clockSkew))
}

// lookFor reports whether channel's history between oldest and latest
// holds a message match accepts.
func (s *Sender) lookFor(ctx context.Context, channel string, match func(slack.Message) bool, oldest, latest time.Time) (bool, error) {
	params := &slack.GetConversationHistoryParameters{ChannelID: channel, Limit: historyPage,
		IncludeAllMetadata: true, Inclusive: true, Oldest: slackTS(oldest), Latest: slackTS(latest)}
	for range historyPages {
		var h *slack.GetConversationHistoryResponse
		err := s.call(ctx, func() error {
			var err error
			h, err = s.API.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return false, fmt.Errorf("read the history of %s: %w", channel, err)
		}
		for _, m := range h.Messages {
			if match(m) {
				return true, nil
			}
		}
		if !h.HasMore || h.ResponseMetaData.NextCursor == "" {
			return false, nil
		}
		params.Cursor = h.ResponseMetaData.NextCursor
	}
	return false, fmt.Errorf("read the history of %s: more than %d pages around the claim", channel, historyPages)
}

// slackTS renders t as a message timestamp.
func slackTS(t time.Time) string { return fmt.Sprintf("%d.000000", t.Unix()) }

// conversation returns the channel whose history holds a post to to: the
// channel itself, or the DM channel with a user.
func (s *Sender) conversation(ctx context.Context, to string) (string, error) {
	if !isUser(to) {
		return to, nil
	}
	if ch, ok, err := s.Channels.DMChannel(to); err != nil || (ok && ch != "") {
		return ch, err
	}
	var ch *slack.Channel
	err := s.call(ctx, func() error {
		var err error
		ch, _, _, err = s.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{to}, ReturnIM: true})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("open DM with %s: %w", to, err)
	}
	s.cacheChannel(to, ch.ID)
	return ch.ID, nil
}

// target is where a post to to goes: a channel as it is, a user's cached
// DM channel, or the user ID.
func (s *Sender) target(to string) (string, error) {
	if !isUser(to) {
		return to, nil
	}
	ch, ok, err := s.Channels.DMChannel(to)
	if err != nil {
		return "", err
	}
	if !ok || ch == "" {
		return to, nil
	}
	return ch, nil
}

// cacheChannel remembers the DM channel with userID; failing that only
// costs a conversations.open later.
func (s *Sender) cacheChannel(userID, channel string) {
	if err := s.Channels.SetDMChannel(userID, channel); err != nil {
		s.log().Warn("delivery: DM channel not cached", slog.String("user_id", userID), slog.Any("error", err))
	}
}
