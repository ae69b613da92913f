package bot

import (
	"context"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

// Answers to buttons.
const (
	badPageToken = "Sorry, that button has expired. Run `/session` with your search again."
	remindSoon   = "Reminders are coming soon: this button does not set one yet. " +
		"Keep an eye on the programme until then."
)

// interaction acks a button press at once and does its work afterwards,
// answering through the payload's response_url.
func (b *Bot) interaction(log *slog.Logger, cb slack.InteractionCallback) reply {
	log = log.With(slog.String("user_id", cb.User.ID))
	if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) == 0 {
		log.Info("interaction ignored", slog.String("type", string(cb.Type)))
		return reply{}
	}
	act := cb.ActionCallback.BlockActions[0]
	log = log.With(slog.String("action_id", act.ActionID))
	switch act.ActionID {
	case blocks.ActionMore:
		return b.followUp(log, cb.ResponseURL, func(ctx context.Context) (blocks.Message, bool) {
			return b.more(ctx, log, act.Value, cb.User.ID), true
		})
	case blocks.ActionRemind, blocks.ActionUnremind, blocks.ActionUnfollow:
		return b.personal(log, cb, act)
	case blocks.ActionAccept:
		return b.accept(log, cb, act)
	case blocks.ActionAgendaICS:
		return b.calendarButton(log, cb)
	case blocks.ActionDetails, blocks.ActionCalendar, blocks.ActionWatch, blocks.ActionRecording:
		return reply{} // Slack opened the link; nothing to say
	}
	log.Warn("unknown action acked")
	return reply{}
}

// followUp is a reply that acks first and then posts what answer returns to
// responseURL, replacing the original message when answer says so.
func (b *Bot) followUp(log *slog.Logger, responseURL string, answer func(context.Context) (blocks.Message, bool)) reply {
	if responseURL == "" {
		log.Warn("interaction without response_url")
		return reply{}
	}
	return reply{after: func(ctx context.Context) {
		msg, replace := answer(ctx)
		b.respond(ctx, log, responseURL, msg, replace)
	}}
}

// more renders the page a session.more token asks for, one line logged.
func (b *Bot) more(ctx context.Context, log *slog.Logger, value, userID string) blocks.Message {
	start := time.Now()
	tok, err := blocks.DecodePageToken(value)
	if err != nil {
		log.Warn("bad page token", slog.Any("error", err))
		return blocks.Notice(badPageToken)
	}
	ctx, cancel := context.WithTimeout(ctx, ackBudget)
	defer cancel()
	msg, hits := b.search(ctx, log, tok.Query, tok.From, userID)
	log.Info("next page", slog.String("query", tok.Query), slog.Int("from", tok.From),
		slog.Int("hits", hits), slog.Int64("latency_ms", time.Since(start).Milliseconds()))
	return msg
}
