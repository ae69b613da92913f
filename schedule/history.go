package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
)

// channel returns the DM channel with userID: cached in the store, or
// opened (and then cached).
func (p *Postman) channel(ctx context.Context, userID string) (string, error) {
	if ch, ok, err := p.Store.DMChannel(userID); err != nil || (ok && ch != "") {
		return ch, err
	}
	var ch *slack.Channel
	err := p.call(ctx, func() error {
		var err error
		ch, _, _, err = p.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}, ReturnIM: true})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("open DM with %s: %w", userID, err)
	}
	p.cacheChannel(userID, ch.ID)
	return ch.ID, nil
}

// cacheChannel remembers the DM channel with userID; failing that only
// costs a conversations.open later.
func (p *Postman) cacheChannel(userID, channel string) {
	if err := p.Store.SetDMChannel(userID, channel); err != nil {
		p.log().Warn("postman: DM channel not cached", slog.String("user_id", userID), slog.Any("error", err))
	}
}

// posted reports whether the DM with userID holds a message of the bot's
// since claimed (less a minute, for clock skew) carrying event and key.
func (p *Postman) posted(ctx context.Context, userID string, claimed time.Time, event, key string) (bool, error) {
	channel, err := p.channel(ctx, userID)
	if err != nil {
		return false, err
	}
	params := &slack.GetConversationHistoryParameters{ChannelID: channel, Limit: 200, IncludeAllMetadata: true,
		Oldest: fmt.Sprintf("%d.000000", claimed.Add(-time.Minute).Unix())}
	for range historyPages {
		var h *slack.GetConversationHistoryResponse
		err := p.call(ctx, func() error {
			var err error
			h, err = p.API.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return false, fmt.Errorf("read DM history: %w", err)
		}
		for _, m := range h.Messages {
			if m.Metadata.EventType == event && m.Metadata.EventPayload["key"] == key {
				return true, nil
			}
		}
		if !h.HasMore || h.ResponseMetaData.NextCursor == "" {
			return false, nil
		}
		params.Cursor = h.ResponseMetaData.NextCursor
	}
	return false, fmt.Errorf("read DM history: more than %d pages since the claim", historyPages)
}
