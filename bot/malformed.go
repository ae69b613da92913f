package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/slack-go/slack/socketmode"
)

// Envelopes that slack-go could not read (a payload that is not an object,
// actions that are not a list, a type it does not know) reach the bot as
// EventTypeErrorBadMessage with the raw frame. Slack redelivers whatever is
// not acked, so the bot acks each one it can name and logs it in one line;
// one without an envelope_id cannot be acked and is only logged.

// maxLoggedFrame bounds how much of a malformed frame the log line quotes.
const maxLoggedFrame = 512

// malformed logs an envelope slack-go could not parse, in one line, and
// acks it without holding up the dispatch loop; one without an envelope_id
// is only logged.
func (b *Bot) malformed(ctx, work context.Context, evt socketmode.Event) {
	bad, ok := evt.Data.(*socketmode.ErrorBadMessage)
	if !ok || bad == nil {
		b.log.Warn("malformed envelope ignored", slog.Any("error", eventError(evt)))
		return
	}
	id, kind := envelopeHead(bad.Message)
	attrs := []any{slog.String("envelope_id", id), slog.String("type", kind),
		slog.Any("error", bad.Cause), slog.String("frame", quoteFrame(bad.Message))}
	if id == "" {
		b.log.Warn("malformed envelope without an envelope_id ignored (nothing to ack)", attrs...)
		return
	}
	b.log.Warn("malformed envelope acked and dropped", attrs...)
	b.spawn(ctx, func() {
		ctx, cancel := context.WithTimeout(work, ackBudget)
		defer cancel()
		if err := b.opts.Socket.AckCtx(ctx, id, nil); err != nil {
			b.log.Error("ack failed", slog.String("envelope_id", id), slog.Any("error", fmt.Errorf("bot: ack: %w", err)))
		}
	})
}

// envelopeHead digs the envelope_id and type out of a frame that did not
// parse, when it is an object that has them as strings.
func envelopeHead(frame json.RawMessage) (id, kind string) {
	var head map[string]json.RawMessage
	if json.Unmarshal(frame, &head) != nil {
		return "", ""
	}
	_ = json.Unmarshal(head["envelope_id"], &id)
	_ = json.Unmarshal(head["type"], &kind)
	return id, kind
}

// quoteFrame is the start of a frame, for the log.
func quoteFrame(frame json.RawMessage) string {
	if len(frame) <= maxLoggedFrame {
		return string(frame)
	}
	return string(frame[:maxLoggedFrame]) + "…"
}

// unaddressed logs an envelope that parsed but has no envelope_id: it cannot
// be acked (nor told from a redelivery), so it is not handled.
func (b *Bot) unaddressed(evt socketmode.Event) {
	b.log.Warn("envelope without an envelope_id ignored (nothing to ack)", slog.String("type", string(evt.Type)))
}

// needsAck reports whether evt is an envelope Slack waits an ack for.
func needsAck(evt socketmode.Event) bool {
	switch evt.Type {
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
		return true
	}
	return false
}
