package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

// maxAckBytes keeps an ack payload under Socket Mode's 20 KB response limit
// (slack-go refuses larger ones); bigger answers go through response_url.
const maxAckBytes = 19 * 1024

// apology is what a user sees when a handler failed unexpectedly.
const apology = "Sorry, something went wrong on our side. Please try again in a moment."

// reply is a handler's answer: the ack payload (nil for a bare ack) and work
// to do once the ack has gone out, such as posting to a response_url.
type reply struct {
	ack   any
	after func(ctx context.Context)
}

// envelope handles one envelope: once, even when Slack delivers it again.
func (b *Bot) envelope(ctx context.Context, evt socketmode.Event) {
	req := *evt.Request
	log := b.log.With(slog.String("envelope_id", req.EnvelopeID))
	entry, first := b.seen.claim(req.EnvelopeID)
	if !first {
		log.Info("duplicate envelope acked again", slog.Int("retry_attempt", req.RetryAttempt))
		b.ack(ctx, log, req, entry.wait(ctx, ackBudget))
		return
	}
	rep := b.safely(ctx, log, evt)
	payload := b.fitAck(log, evt, &rep)
	entry.finish(payload)
	b.ack(ctx, log, req, payload)
	if rep.after != nil {
		b.safelyAfter(ctx, log, evt, rep.after)
	}
}

// safely runs the handler for evt within the ack budget, turning a panic
// into an apology.
func (b *Bot) safely(ctx context.Context, log *slog.Logger, evt socketmode.Event) (rep reply) {
	ctx, cancel := context.WithTimeout(ctx, ackBudget)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			log.Error("handler panicked", slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
			rep = b.apologise(evt)
		}
	}()
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		return b.slash(ctx, log, data)
	case slack.InteractionCallback:
		return b.interaction(log, data)
	case slackevents.EventsAPIEvent:
		return b.eventsAPI(log, data)
	default:
		log.Debug("envelope acked without action", slog.String("type", string(evt.Type)))
		return reply{}
	}
}

// safelyAfter runs follow-up work after the ack, recovering a panic and
// apologising through the response_url when there is one.
func (b *Bot) safelyAfter(ctx context.Context, log *slog.Logger, evt socketmode.Event, after func(context.Context)) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("follow-up panicked", slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
			if cb, ok := evt.Data.(slack.InteractionCallback); ok && cb.ResponseURL != "" {
				b.respond(ctx, log, cb.ResponseURL, blocks.Notice(apology), false)
			}
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	after(ctx)
}

// apologise is the reply to an envelope whose handler panicked.
func (b *Bot) apologise(evt socketmode.Event) reply {
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		return reply{ack: ephemeral(blocks.Notice(apology))}
	case slack.InteractionCallback:
		if data.ResponseURL == "" {
			return reply{}
		}
		return reply{after: func(ctx context.Context) {
			b.respond(ctx, b.log, data.ResponseURL, blocks.Notice(apology), false)
		}}
	}
	return reply{}
}

// fitAck returns the ack payload of rep, moving one that is too big for a
// Socket Mode ack to a response_url post after the ack.
func (b *Bot) fitAck(log *slog.Logger, evt socketmode.Event, rep *reply) json.RawMessage {
	if rep.ack == nil {
		return nil
	}
	raw, err := json.Marshal(rep.ack)
	if err == nil && len(raw) < maxAckBytes {
		return json.RawMessage(raw)
	}
	cmd, ok := evt.Data.(slack.SlashCommand)
	if err != nil || !ok || cmd.ResponseURL == "" {
		log.Error("ack payload dropped", slog.Int("bytes", len(raw)), slog.Any("error", err))
		return nil
	}
	payload := json.RawMessage(raw)
	rep.after = func(ctx context.Context) { b.post(ctx, log, cmd.ResponseURL, payload) }
	return nil
}

// ack acknowledges req with raw as its payload (nil for a bare ack).
func (b *Bot) ack(ctx context.Context, log *slog.Logger, req socketmode.Request, raw json.RawMessage) {
	ctx, cancel := context.WithTimeout(ctx, ackBudget)
	defer cancel()
	var payload any // an untyped nil makes slack-go omit the payload
	if raw != nil {
		payload = raw
	}
	if err := b.opts.Socket.AckCtx(ctx, req.EnvelopeID, payload); err != nil {
		log.Error("ack failed", slog.Any("error", fmt.Errorf("bot: ack: %w", err)))
	}
}
