package bot

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

// Command is the slash command the router serves; manifest.yaml declares it.
const Command = "/session"

// personalCommands are the subcommands about the user's own reminders and
// follows.
var personalCommands = []string{"agenda", "follow", "unfollow", "follows"}

// ackPayload is an ack's payload for a slash command: the answer itself.
type ackPayload struct {
	ResponseType string `json:"response_type"`
	blocks.Message
}

// ephemeral makes msg an answer only the user who asked sees.
func ephemeral(msg blocks.Message) ackPayload {
	return ackPayload{ResponseType: slack.ResponseTypeEphemeral, Message: msg}
}

// slash answers a slash command in its ack, logs one line for it and
// tells the Observer.
func (b *Bot) slash(ctx context.Context, log *slog.Logger, cmd slack.SlashCommand) reply {
	start := time.Now()
	text := strings.TrimSpace(cmd.Text)
	log, failed := watchErrors(log.With(slog.String("user_id", cmd.UserID), slog.String("query", text)))
	rep, hits := b.answerSlash(ctx, log, cmd, text, start)
	name := commandName(cmd, text)
	b.opts.Observer.SlashCommand(name, slashOutcome(name, failed.Load(), hits), time.Since(start))
	return rep
}

// answerSlash is the reply to a slash command with text, and how many sessions
// it found (-1: not a listing).
func (b *Bot) answerSlash(ctx context.Context, log *slog.Logger, cmd slack.SlashCommand, text string, start time.Time) (reply, int) {
	if cmd.Command != Command {
		log.Warn("unknown slash command", slog.String("command", cmd.Command))
		return reply{ack: ephemeral(blocks.Notice("sessionbot only knows `" + Command + "`."))}, -1
	}
	if force, ok := isSync(text); ok {
		return b.sync(log, cmd, force), -1
	}
	if strings.EqualFold(text, "calendar") {
		return b.calendarCommand(log, cmd), -1
	}
	if word, rest, ok := personalCommand(text); ok {
		return b.personalCommand(ctx, log, cmd.UserID, word, rest), -1
	}
	msg, hits := b.route(ctx, log, text, cmd.UserID)
	log.Info("slash command", slog.Int("hits", hits),
		slog.Int64("latency_ms", time.Since(start).Milliseconds()))
	return reply{ack: ephemeral(msg)}, hits
}

// route picks the subcommand for text and returns its message and how many
// sessions it found.
func (b *Bot) route(ctx context.Context, log *slog.Logger, text, userID string) (blocks.Message, int) {
	switch {
	case text == "" || strings.EqualFold(text, "help"):
		return b.help(log), 0
	case strings.EqualFold(text, "now"):
		return b.running(log, b.opts.Now())
	case strings.EqualFold(text, "next"):
		return b.upcoming(log, b.opts.Now())
	case strings.EqualFold(text, "new"):
		return b.added(log, b.opts.Now())
	}
	return b.search(ctx, log, text, 0, userID)
}

// personalCommand reports whether text is a personal subcommand, and splits
// off its argument: follow and unfollow take a query, the others stand
// alone ("agenda for devops" is a search).
func personalCommand(text string) (word, rest string, ok bool) {
	word, rest, _ = strings.Cut(text, " ")
	word, rest = strings.ToLower(word), strings.TrimSpace(rest)
	if !slices.Contains(personalCommands, word) {
		return "", "", false
	}
	return word, rest, rest == "" || word == "follow" || word == "unfollow"
}
