package bot

import (
	"context"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

// webAPI is what the bot calls on Slack's Web API; *slack.Client has it.
type webAPI interface {
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
	UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error)
}

// press is a click on a button that changes the clicking user's reminders
// or follows, and where the button was.
type press struct {
	user, action, value, blockID, responseURL string
	ephemeral                                 bool // on an ephemeral message, which only this user sees
	inView                                    bool // in the App Home, which has no response_url
}

func newPress(cb slack.InteractionCallback, act *slack.BlockAction) press {
	return press{
		user: cb.User.ID, action: act.ActionID, value: act.Value, blockID: act.BlockID,
		responseURL: cb.ResponseURL, ephemeral: cb.Container.IsEphemeral,
		inView: cb.Container.Type == "view" || cb.View.ID != "",
	}
}

// outcome is the answer to a press: the message for the user, whether it
// replaces the message pressed on, and whether anything changed.
type outcome struct {
	msg     blocks.Message
	replace bool
	changed bool
}

// personal acks a reminder or follow button at once and afterwards changes
// the store, answers through the response_url (not for a press in the App
// Home) and refreshes the user's Home.
func (b *Bot) personal(log *slog.Logger, cb slack.InteractionCallback, act *slack.BlockAction) reply {
	p := newPress(cb, act)
	key := "session_id"
	if p.action == blocks.ActionUnfollow {
		key = "follow"
	}
	log = log.With(slog.String(key, p.value))
	if b.unsupported(p) {
		log.Info("personal button pressed while not available")
		return b.followUp(log, p.responseURL, func(context.Context) (blocks.Message, bool) {
			return blocks.Notice(remindSoon), false
		})
	}
	if !p.inView && p.responseURL == "" {
		log.Warn("interaction without response_url")
		return reply{}
	}
	return reply{after: func(ctx context.Context) {
		out := b.apply(ctx, log, p)
		if !p.inView {
			b.respond(ctx, log, p.responseURL, out.msg, out.replace)
		}
		if out.changed || p.inView {
			b.publishHome(ctx, log, p.user)
		}
	}}
}

// unsupported reports whether the store p needs is missing.
func (b *Bot) unsupported(p press) bool {
	if p.action == blocks.ActionUnfollow {
		return b.opts.Follows == nil
	}
	return b.opts.Reminders == nil
}

// apply carries out p.
func (b *Bot) apply(ctx context.Context, log *slog.Logger, p press) outcome {
	switch p.action {
	case blocks.ActionRemind:
		return b.remind(ctx, log, p)
	case blocks.ActionUnremind:
		return b.unremind(ctx, log, p)
	}
	return b.unfollowPress(ctx, log, p)
}

// rerender renders again the ephemeral message p was pressed on, reflecting
// the change just made: a search page found by its key, an agenda or a list
// of follows. It reports false when that cannot be done: the message is
// shared, or its page is no longer (or never was) known.
func (b *Bot) rerender(ctx context.Context, log *slog.Logger, p press) (blocks.Message, bool) {
	if !p.ephemeral {
		return blocks.Message{}, false
	}
	switch {
	case blocks.PageKey(p.blockID) != "":
		return b.rerenderPage(ctx, log, p)
	case blocks.IsAgendaBlock(p.blockID):
		return b.agenda(log, p.user), true
	case blocks.IsFollowBlock(p.blockID):
		return b.followList(log, p.user), true
	}
	return blocks.Message{}, false
}

// rerenderPage runs the search of p's page again; false when the key is
// unknown or the search finds nothing now.
func (b *Bot) rerenderPage(ctx context.Context, log *slog.Logger, p press) (blocks.Message, bool) {
	page, ok := b.pages.get(blocks.PageKey(p.blockID))
	if !ok {
		return blocks.Message{}, false
	}
	ctx, cancel := context.WithTimeout(ctx, ackBudget)
	defer cancel()
	msg, hits := b.search(ctx, log, page.Query, page.From, p.user)
	return msg, hits > 0
}

// answer is the re-rendered message p was on when there is one, else
// confirmation as a new ephemeral message.
func (b *Bot) answer(ctx context.Context, log *slog.Logger, p press, confirmation blocks.Message, changed bool) outcome {
	if msg, ok := b.rerender(ctx, log, p); ok {
		return outcome{msg: msg, replace: true, changed: changed}
	}
	return outcome{msg: confirmation, changed: changed}
}

// ensureDM opens the user's DM channel and caches it, unless one is cached:
// this spreads conversations.open over the time users press "Remind me"
// instead of the minute a keynote's reminders go out. Failures are logged;
// delivery opens the channel itself when it has to.
func (b *Bot) ensureDM(ctx context.Context, log *slog.Logger, userID string) {
	if b.opts.API == nil {
		return
	}
	if _, ok, err := b.opts.Reminders.DMChannel(userID); ok || err != nil {
		if err != nil {
			log.Warn("dm channel not readable", slog.Any("error", err))
		}
		return
	}
	ch, _, _, err := b.opts.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
	if err != nil || ch == nil || ch.ID == "" {
		log.Warn("conversations.open failed", slog.Any("error", err))
		return
	}
	if err := b.opts.Reminders.SetDMChannel(userID, ch.ID); err != nil {
		log.Warn("dm channel not saved", slog.Any("error", err))
	}
}
