package bot

import (
	"log/slog"
	"slices"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
)

// agendaFailed is the answer when the reminders cannot be read.
const agendaFailed = "Sorry, I couldn't read your reminders just now. Please try again in a moment."

// agenda renders "/session agenda" for userID.
func (b *Bot) agenda(log *slog.Logger, userID string) blocks.Message {
	if b.opts.Reminders == nil {
		return blocks.Noticef(unavailable, "agenda")
	}
	items, err := b.agendaItems(userID, b.opts.Now())
	if err != nil {
		log.Error("agenda not readable", slog.Any("error", err))
		return blocks.Notice(agendaFailed)
	}
	return blocks.Agenda(items, b.opts.Location)
}

// agendaItems returns the sessions userID has pending reminders for that
// are not over at now, by start time (those without one last), each with
// the titles of the others it overlaps. Sessions that left the programme
// are left out: the delivery job tells the user and drops their reminders.
func (b *Bot) agendaItems(userID string, now time.Time) ([]blocks.AgendaItem, error) {
	rs, err := b.opts.Reminders.UserReminders(userID)
	if err != nil {
		return nil, err
	}
	var sessions []session.Session
	for _, r := range rs {
		e, ok, err := b.opts.Reminders.Known(r.SessionID)
		if err != nil {
			return nil, err
		}
		if ok && e.Current() && !e.Session.Over(now) {
			sessions = append(sessions, e.Session)
		}
	}
	slices.SortFunc(sessions, session.ByStart)
	return withOverlaps(sessions), nil
}

// withOverlaps pairs each session, sorted by session.ByStart, with the titles
// of the others whose time overlaps its own. A session without an end
// counts as an instant: it overlaps what runs at its start.
func withOverlaps(sorted []session.Session) []blocks.AgendaItem {
	items := make([]blocks.AgendaItem, len(sorted))
	for i, s := range sorted {
		items[i].Session = s
	}
	for i, a := range sorted {
		if a.Start.IsZero() {
			break
		}
		end := endOf(a)
		if !end.After(a.Start) {
			end = a.Start.Add(time.Nanosecond)
		}
		for j := i + 1; j < len(sorted) && !sorted[j].Start.IsZero() && sorted[j].Start.Before(end); j++ {
			items[i].Overlaps = append(items[i].Overlaps, sorted[j].Title)
			items[j].Overlaps = append(items[j].Overlaps, a.Title)
		}
	}
	return items
}
