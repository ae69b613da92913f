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

// SyncRequest is an admin's request for a sync now.
type SyncRequest struct {
	Force  bool   // "/session sync force": accept the source as it is, even a large drop
	Accept string // the held programme update an Accept button names (its hash)
	By     string // the admin's user ID
}

// Syncer runs a sync now for an admin and returns a one-line summary for
// them. When the sync fails it returns the error (for the log) and, as the
// summary, the reason in a few words for the admin, or "".
type Syncer func(ctx context.Context, req SyncRequest) (string, error)

// Messages of the admin and catalogue commands.
const (
	noneNew        = "No sessions were added in the last 7 days. `/session help` shows how to search the programme."
	notAdmin       = "Sorry, only the organisers can run `/session sync`. The programme is checked for news regularly anyway."
	syncStarted    = "Syncing the programme now… I'll post the result here."
	notAdminAccept = "Sorry, only the organisers can accept a programme update."
	syncFailed     = "The sync failed: %s. Details are in the bot's log; the last good programme stays in place."
	syncUnknown    = "the source could not be fetched or read"
	unavailable    = "`/session %s` is not available on this sessionbot."
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
		b.respond(ctx, log, cmd.ResponseURL, b.runSync(ctx, log, SyncRequest{Force: force, By: cmd.UserID}), false)
	}}
}

// accept answers an admin's press on "Accept the update" in the DM about a
// held programme update: a sync that accepts it if the source still holds
// it, its result posted through response_url.
func (b *Bot) accept(log *slog.Logger, cb slack.InteractionCallback, act *slack.BlockAction) reply {
	switch {
	case b.opts.Sync == nil:
		return b.followUp(log, cb.ResponseURL, func(context.Context) (blocks.Message, bool) {
			return blocks.Noticef(unavailable, "sync"), false
		})
	case !slices.Contains(b.opts.Admins, cb.User.ID):
		log.Info("accept refused: not an admin")
		return b.followUp(log, cb.ResponseURL, func(context.Context) (blocks.Message, bool) {
			return blocks.Notice(notAdminAccept), false
		})
	}
	return b.followUp(log, cb.ResponseURL, func(ctx context.Context) (blocks.Message, bool) {
		return b.runSync(ctx, log, SyncRequest{Accept: act.Value, By: cb.User.ID}), false
	})
}

// runSync runs an admin's sync and renders its outcome, logging one line.
func (b *Bot) runSync(ctx context.Context, log *slog.Logger, req SyncRequest) blocks.Message {
	summary, err := b.opts.Sync(ctx, req)
	log.Info("sync from slack", slog.Bool("force", req.Force), slog.Bool("accept", req.Accept != ""), slog.String("summary", summary))
	if err != nil {
		log.Error("sync from slack failed", slog.Any("error", err))
		if summary == "" {
			summary = syncUnknown
		}
		return blocks.Noticef(syncFailed, summary)
	}
	return blocks.Noticef("Sync done: %s", summary)
}
