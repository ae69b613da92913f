package bot

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// newWindow is how far back "/session new" looks.
const newWindow = 7 * 24 * time.Hour

// recent is what "/session new" needs from the store; *store.Store has it.
type recent interface {
	AddedSince(t time.Time) ([]store.Entry, error)
}

// Syncer runs a sync now for "/session sync" and returns a one-line summary
// for the admin who asked. force accepts a snapshot the drop guard refused.
type Syncer func(ctx context.Context, force bool) (string, error)

// Messages of the admin and catalogue commands.
const (
	noneNew     = "No sessions were added in the last 7 days. `/session help` shows how to search the programme."
	notAdmin    = "Sorry, only the organisers can run `/session sync`. The programme is checked for news regularly anyway."
	syncStarted = "Syncing the programme now… I'll post the result here."
	syncFailed  = "The sync failed: the source could not be fetched or read. Details are in the bot's log; the last good programme stays in place."
	unavailable = "`/session %s` is not available on this sessionbot."
)

// added lists the sessions first seen in the last seven days, newest first.
func (b *Bot) added(log *slog.Logger, now time.Time) (blocks.Message, int) {
	if b.opts.Recent == nil {
		return blocks.Noticef(unavailable, "new"), 0
	}
	entries, err := b.opts.Recent.AddedSince(now.Add(-newWindow))
	if err != nil {
		log.Error("new sessions not readable", slog.Any("error", err))
		return blocks.Notice(programmeFailed), 0
	}
	if len(entries) == 0 {
		return blocks.Notice(noneNew), 0
	}
	sessions := make([]session.Session, len(entries))
	for i, e := range entries {
		sessions[i] = e.Session
	}
	return blocks.SessionList("Added in the last 7 days", sessions, b.opts.Location), len(sessions)
}

// isSync reports whether text is "sync" or "sync force".
func isSync(text string) (force, ok bool) {
	fields := strings.Fields(strings.ToLower(text))
	switch {
	case len(fields) == 1 && fields[0] == "sync":
		return false, true
	case len(fields) == 2 && fields[0] == "sync" && fields[1] == "force":
		return true, true
	}
	return false, false
}

// sync answers "/session sync [force]": admins get an immediate ack and the
// result through response_url (a sync may take longer than Slack's 3 s);
// everyone else a polite no.
func (b *Bot) sync(log *slog.Logger, cmd slack.SlashCommand, force bool) reply {
	switch {
	case b.opts.Sync == nil:
		return reply{ack: ephemeral(blocks.Noticef(unavailable, "sync"))}
	case !slices.Contains(b.opts.Admins, cmd.UserID):
		log.Info("sync refused: not an admin")
		return reply{ack: ephemeral(blocks.Notice(notAdmin))}
	}
	return reply{ack: ephemeral(blocks.Notice(syncStarted)), after: func(ctx context.Context) {
		summary, err := b.opts.Sync(ctx, force)
		msg := blocks.Noticef("Sync done: %s", summary)
		if err != nil {
			log.Error("sync from slack failed", slog.Any("error", err))
			msg = blocks.Notice(syncFailed)
		}
		log.Info("sync from slack", slog.Bool("force", force), slog.String("summary", summary))
		b.respond(ctx, log, cmd.ResponseURL, msg, false)
	}}
}
