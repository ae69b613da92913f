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

// workingOnIt is the ack of a command that cannot be answered in time; the
// answer follows through the response_url, replacing it.
const workingOnIt = "Working on it…"

// reply is a handler's answer: the ack payload (nil for a bare ack) and work
// to do once the ack has gone out, such as posting to a response_url.
type reply struct {
	ack   any
	after func(ctx context.Context)
}

// envelope handles one envelope: once, even when Slack delivers it again,
// and acked by deadline whatever its handler does. A handler slot is
// waited for until the deadline; a handler still working at the deadline
// goes on, and its answer follows through the response_url.
func (b *Bot) envelope(ctx context.Context, evt socketmode.Event, deadline time.Time) {
	req := *evt.Request
	log := b.log.With(slog.String("envelope_id", req.EnvelopeID))
	entry, first := b.seen.claim(req.EnvelopeID)
	if !first {
		log.Info("duplicate envelope acked again", slog.Int("retry_attempt", req.RetryAttempt))
		b.ack(ctx, log, req, entry.wait(ctx, time.Until(deadline)))
		return
	}
	select {
	case b.waiting <- struct{}{}:
		defer func() { <-b.waiting }()
	default:
		log.Warn("too many envelopes waiting; answering later")
		b.ackLate(ctx, log, evt, entry, nil)
		return
	}
	done := make(chan reply, 1)
	if !b.start(ctx, deadline, func() { done <- b.safely(ctx, log, evt) }) {
		log.Warn("no free handler before the ack deadline; answering later")
		b.ackLate(ctx, log, evt, entry, nil)
		return
	}
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case rep := <-done:
		payload := b.fitAck(log, evt, &rep)
		entry.finish(payload)
		b.ack(ctx, log, req, payload)
		if rep.after != nil {
			b.runLater(ctx, log, evt, rep.after)
		}
	case <-timer.C:
		log.Warn("handler still working at the ack deadline; answering later")
		b.ackLate(ctx, log, evt, entry, done)
	}
}

// start runs fn on a handler slot, waiting for one until deadline; it
// reports false when none came free.
func (b *Bot) start(ctx context.Context, deadline time.Time, fn func()) bool {
	timer := time.NewTimer(time.Until(deadline) - ackMargin)
	defer timer.Stop()
	select {
	case b.sem <- struct{}{}:
	case <-timer.C:
		return false
	case <-ctx.Done():
		return false
	}
	b.wg.Go(func() {
		defer func() { <-b.sem }()
		fn()
	})
	return true
}

// ackMargin is kept before the deadline for the ack itself.
const ackMargin = 200 * time.Millisecond

// ackLate acks an envelope that cannot be answered in time — with "working
// on it" for a slash command, bare otherwise — and answers it through its
// response_url once its handler's reply arrives on done (nil: the handler
// has not started; it runs on a follow-up slot).
func (b *Bot) ackLate(ctx context.Context, log *slog.Logger, evt socketmode.Event, entry *seenEntry, done <-chan reply) {
	var payload json.RawMessage
	if _, ok := evt.Data.(slack.SlashCommand); ok {
		payload, _ = json.Marshal(ephemeral(blocks.Notice(workingOnIt)))
	}
	entry.finish(payload)
	b.ack(ctx, log, *evt.Request, payload)
	b.runLater(ctx, log, evt, func(ctx context.Context) {
		var rep reply
		if done == nil {
			rep = b.safely(ctx, log, evt)
		} else {
			select {
			case rep = <-done:
			case <-ctx.Done():
				return
			}
		}
		b.answerLate(ctx, log, evt, rep)
	})
}

// answerLate delivers a reply whose ack has gone: its ack payload through
// the response_url, replacing "working on it", then its follow-up work.
func (b *Bot) answerLate(ctx context.Context, log *slog.Logger, evt socketmode.Event, rep reply) {
	if url := responseURL(evt); rep.ack != nil && url != "" {
		if raw, err := replacing(rep.ack); err == nil {
			b.post(ctx, log, url, raw)
		} else {
			log.Error("late answer not encodable", slog.Any("error", err))
		}
	}
	if rep.after != nil {
		rep.after(ctx)
	}
}

// replacing encodes an ack payload as a response_url message that replaces
// the message it answers.
func replacing(ack any) ([]byte, error) {
	raw, err := json.Marshal(ack)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	m["replace_original"] = true
	return json.Marshal(m)
}

// responseURL is the envelope's response_url, if it has one.
func responseURL(evt socketmode.Event) string {
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		return data.ResponseURL
	case slack.InteractionCallback:
		return data.ResponseURL
	}
	return ""
}

// runLater runs work after the ack on a follow-up slot, so that response_url
// posts and other slow calls never hold up an ack.
func (b *Bot) runLater(ctx context.Context, log *slog.Logger, evt socketmode.Event, work func(context.Context)) {
	b.wg.Go(func() {
		select {
		case b.later <- struct{}{}:
		case <-ctx.Done():
			return
		}
		defer func() { <-b.later }()
		b.safelyAfter(ctx, log, evt, work)
	})
}

// safely runs the handler for evt, turning a panic into an apology. Its
// work may outlast the ack budget (the ack then goes without it).
func (b *Bot) safely(ctx context.Context, log *slog.Logger, evt socketmode.Event) (rep reply) {
	ctx, cancel := context.WithTimeout(ctx, lateBudget)
	defer cancel()
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			log.Error("handler panicked", slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
			b.observePanic(evt, time.Since(start))
			rep = b.apologise(evt)
		}
	}()
	release, ok := b.computing(ctx)
	if !ok {
		log.Error("no CPU slot before the handler's time ran out")
		return b.apologise(evt)
	}
	defer release()
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
	ctx, cancel := context.WithTimeout(ctx, lateBudget)
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
