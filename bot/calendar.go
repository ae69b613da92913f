package bot

import (
	"context"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/calendar"
	"github.com/sessionbot/sessionbot/session"
)

// Answers about the calendar file.
const (
	calendarSending = "I'm sending your agenda to our DM as a calendar file (`agenda.ics`): open it to add your sessions to your calendar."
	calendarSent    = "I've sent your agenda to our DM as a calendar file (`agenda.ics`): open it to add your sessions to your calendar."
	calendarEmpty   = "You have no reminders with a time yet, so there is nothing for your calendar. Press *Remind me* on a session first."
	calendarFailed  = "Sorry, I couldn't send your calendar file just now. Please try again in a moment."
	calendarComment = "Your agenda as a calendar file: open it to add the sessions to your calendar. Sessions that move are in a new file from `/session calendar`."
)

// calendarCommand answers /session calendar at once and uploads the file
// afterwards, saying so through the response_url when that fails.
func (b *Bot) calendarCommand(log *slog.Logger, cmd slack.SlashCommand) reply {
	if b.opts.Reminders == nil || b.opts.API == nil {
		return reply{ack: ephemeral(blocks.Noticef(unavailable, "calendar"))}
	}
	sessions, msg := b.calendarSessions(log, cmd.UserID)
	if sessions == nil {
		return reply{ack: ephemeral(msg)}
	}
	return reply{ack: ephemeral(blocks.Notice(calendarSending)), after: func(ctx context.Context) {
		if !b.uploadCalendar(ctx, log, cmd.UserID, sessions) && cmd.ResponseURL != "" {
			b.respond(ctx, log, cmd.ResponseURL, blocks.Notice(calendarFailed), false)
		}
	}}
}

// calendarButton answers the agenda's agenda.ics button through its
// response_url, after the upload.
func (b *Bot) calendarButton(log *slog.Logger, cb slack.InteractionCallback) reply {
	return b.followUp(log, cb.ResponseURL, func(ctx context.Context) (blocks.Message, bool) {
		if b.opts.Reminders == nil || b.opts.API == nil {
			return blocks.Noticef(unavailable, "calendar"), false
		}
		sessions, msg := b.calendarSessions(log, cb.User.ID)
		switch {
		case sessions == nil:
			return msg, false
		case !b.uploadCalendar(ctx, log, cb.User.ID, sessions):
			return blocks.Notice(calendarFailed), false
		}
		return blocks.Notice(calendarSent), false
	})
}

// calendarSessions returns the sessions with a time userID has reminders
// for, or nil and what to tell them.
func (b *Bot) calendarSessions(log *slog.Logger, userID string) ([]session.Session, blocks.Message) {
	items, err := b.agendaItems(userID, b.opts.Now())
	if err != nil {
		log.Error("agenda not readable", slog.Any("error", err))
		return nil, blocks.Notice(agendaFailed)
	}
	var out []session.Session
	for _, it := range items {
		if !it.Session.Start.IsZero() {
			out = append(out, it.Session)
		}
	}
	if len(out) == 0 {
		return nil, blocks.Notice(calendarEmpty)
	}
	return out, blocks.Message{}
}

// uploadCalendar uploads sessions as agenda.ics into userID's DM (files
// upload v2: files.getUploadURLExternal, the upload, then
// files.completeUploadExternal with the DM as channel_id) and reports
// whether it worked.
func (b *Bot) uploadCalendar(ctx context.Context, log *slog.Logger, userID string, sessions []session.Session) bool {
	data, err := calendar.ICS(sessions, b.opts.Now())
	if err != nil {
		log.Error("calendar file not made", slog.Any("error", err))
		return false
	}
	ch, err := b.dmChannel(ctx, userID)
	if err != nil {
		log.Warn("calendar file: no DM channel", slog.Any("error", err))
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, lateBudget)
	defer cancel()
	f, err := b.opts.API.UploadFileContext(ctx, slack.UploadFileParameters{Filename: "agenda.ics", FileSize: len(data),
		Content: string(data), Title: "Your agenda", Channel: ch, InitialComment: calendarComment})
	if err != nil {
		log.Warn("calendar file not uploaded", slog.Any("error", err))
		return false
	}
	log.Info("calendar file sent", slog.String("file_id", f.ID), slog.Int("sessions", len(sessions)))
	return true
}

// dmChannel returns the DM channel with userID: cached, or opened (and
// cached).
func (b *Bot) dmChannel(ctx context.Context, userID string) (string, error) {
	if ch, ok, err := b.opts.Reminders.DMChannel(userID); err != nil || (ok && ch != "") {
		return ch, err
	}
	ch, _, _, err := b.opts.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
	if err != nil {
		return "", err
	}
	if err := b.opts.Reminders.SetDMChannel(userID, ch.ID); err != nil {
		b.log.Warn("dm channel not saved", slog.Any("error", err))
	}
	return ch.ID, nil
}
