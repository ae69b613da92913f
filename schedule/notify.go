package schedule

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"
)

// dmAPI is the part of slack.Client that sends direct messages.
type dmAPI interface {
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
}

// SlackNotifier tells the admins about problems by direct message.
type SlackNotifier struct {
	API    dmAPI
	Admins []string // user IDs
}

// NotifyAdmins sends text to every admin as a DM. text is plain text: it is
// escaped, so nothing in it (an error quoting the source) can ping anyone.
// A failure for one admin does not stop the others; all failures are
// returned together.
func (n SlackNotifier) NotifyAdmins(ctx context.Context, text string) error {
	var errs []error
	for _, user := range n.Admins {
		if err := n.send(ctx, user, text); err != nil {
			errs = append(errs, fmt.Errorf("notify admin %s: %w", user, err))
		}
	}
	return errors.Join(errs...)
}

// send opens the DM with user and posts text there.
func (n SlackNotifier) send(ctx context.Context, user, text string) error {
	ch, _, _, err := n.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}})
	if err != nil {
		return fmt.Errorf("open DM: %w", err)
	}
	if _, _, err := n.API.PostMessageContext(ctx, ch.ID, slack.MsgOptionText(text, true)); err != nil {
		return fmt.Errorf("post DM: %w", err)
	}
	return nil
}
