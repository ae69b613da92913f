package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// reminderStore is what the bot needs for reminders; *store.Store has it.
type reminderStore interface {
	SetReminder(r store.Reminder) (store.Reminder, bool, error)
	CancelReminder(userID, sessionID string) (bool, error)
	UserReminders(userID string) ([]store.Reminder, error)
	Known(id string) (store.Entry, bool, error)
	DMChannel(userID string) (string, bool, error)
	SetDMChannel(userID, channelID string) error
}

// Answers to reminder buttons.
const (
	sessionUnknown = "Sorry, I can't find that session in the programme any more. " +
		"Search again with `/session` to see what is on."
	sessionRemoved = "%s was removed from the programme, so there is nothing to remind you of."
	sessionOver    = "That session is already over: %s ended %s."
	sessionStarted = "%s has already started, so I won't remind you. Head there now!"
	remindFailed   = "Sorry, I couldn't save your reminder. Please try again in a moment."
	unremindFailed = "Sorry, I couldn't cancel your reminder. Please try again in a moment."
)

// remind sets a reminder for the session p names, once per user and session.
func (b *Bot) remind(ctx context.Context, log *slog.Logger, p press) outcome {
	s, refusal := b.remindable(log, p.value, b.opts.Now())
	if refusal != nil {
		return outcome{msg: *refusal}
	}
	r := store.Reminder{UserID: p.user, SessionID: s.ID, Created: b.opts.Now(), Start: s.Start, Room: s.Room}
	if !s.Start.IsZero() {
		r.Due = s.Start.Add(-b.opts.Lead)
	}
	_, created, err := b.opts.Reminders.SetReminder(r)
	if err != nil {
		log.Error("reminder not saved", slog.Any("error", err))
		return outcome{msg: blocks.Notice(remindFailed)}
	}
	log.Info("reminder set", slog.Bool("created", created), slog.Bool("scheduled", !r.Due.IsZero()))
	if created {
		b.wake()
		b.ensureDM(ctx, log, p.user)
	}
	return b.answer(ctx, log, p, blocks.ReminderSet(s, leadText(b.opts.Lead), !created), created)
}

// remindable returns the session id names when a reminder for it makes
// sense at now, or the message that says why not.
func (b *Bot) remindable(log *slog.Logger, id string, now time.Time) (session.Session, *blocks.Message) {
	e, ok, err := b.opts.Reminders.Known(id)
	var refusal blocks.Message
	switch {
	case err != nil:
		log.Error("session not readable", slog.Any("error", err))
		refusal = blocks.Notice(remindFailed)
	case !ok:
		log.Info("reminder for an unknown session")
		refusal = blocks.Notice(sessionUnknown)
	case !e.Current():
		refusal = blocks.Noticef(sessionRemoved, title(e.Session))
	case e.Session.Over(now):
		refusal = blocks.Noticef(sessionOver, title(e.Session), blocks.Token(blocks.Date(overAt(e.Session), b.opts.Location)))
	case started(e.Session, now):
		refusal = blocks.Noticef(sessionStarted, title(e.Session))
	default:
		return e.Session, nil
	}
	return session.Session{}, &refusal
}

// unremind cancels the reminder of the session p names.
func (b *Bot) unremind(ctx context.Context, log *slog.Logger, p press) outcome {
	existed, err := b.opts.Reminders.CancelReminder(p.user, p.value)
	if err != nil {
		log.Error("reminder not cancelled", slog.Any("error", err))
		return outcome{msg: blocks.Notice(unremindFailed)}
	}
	log.Info("reminder cancelled", slog.Bool("existed", existed))
	if existed {
		b.wake()
	}
	s := session.Session{ID: p.value, Title: "that session"}
	if e, ok, err := b.opts.Reminders.Known(p.value); err == nil && ok {
		s = e.Session
	}
	return b.answer(ctx, log, p, blocks.ReminderCancelled(s, existed), existed)
}

// remindedSet returns whether userID has a pending reminder for a session,
// or nil when their reminders cannot be read.
func (b *Bot) remindedSet(log *slog.Logger, userID string) func(string) bool {
	rs, err := b.opts.Reminders.UserReminders(userID)
	if err != nil {
		log.Error("reminders not readable", slog.Any("error", err))
		return nil
	}
	set := make(map[string]bool, len(rs))
	for _, r := range rs {
		set[r.SessionID] = true
	}
	return func(id string) bool { return set[id] }
}

// wake tells the delivery loop that reminders changed.
func (b *Bot) wake() {
	if b.opts.Wake != nil {
		b.opts.Wake()
	}
}

// started reports whether s has a start time at or before now.
func started(s session.Session, now time.Time) bool {
	return !s.Start.IsZero() && !now.Before(s.Start)
}

// endOf is the end of s, or its start when the end is unknown.
func endOf(s session.Session) time.Time {
	if s.End.After(s.Start) {
		return s.End
	}
	return s.Start
}

// overAt is when s counts as over, by the rule of session.Session.Over: its
// end, or its start plus session.AssumedLength when the end is unknown.
func overAt(s session.Session) time.Time {
	if s.End.After(s.Start) {
		return s.End
	}
	return s.Start.Add(session.AssumedLength)
}

// title is a session's title for Noticef, with a stand-in when empty.
func title(s session.Session) string {
	if s.Title == "" {
		return "That session"
	}
	return s.Title
}

// leadText says d in words for "I'll DM you 10 minutes before it starts";
// "" for no lead.
func leadText(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m <= 0:
		return ""
	case m == 1:
		return "1 minute"
	case m == 60:
		return "1 hour"
	case m%60 == 0:
		return fmt.Sprintf("%d hours", m/60)
	}
	return fmt.Sprintf("%d minutes", m)
}
