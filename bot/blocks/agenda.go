package blocks

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/session"
)

// ActionAgendaICS is the agenda's "Calendar file (.ics)" button: the bot
// DMs the user their agenda as an iCalendar file.
const ActionAgendaICS = "agenda.ics"

// maxAgendaItems is how many reminders Agenda shows before "…and N more":
// two blocks each keep a message within its 50.
const maxAgendaItems = 20

// maxOverlapTitles is how many overlapping sessions an agenda line names.
const maxOverlapTitles = 3

// AgendaItem is one session a user has a reminder for, and the titles of
// the other reminded sessions it overlaps.
type AgendaItem struct {
	Session  session.Session
	Overlaps []string
}

// Agenda renders a user's upcoming reminders, in the order given: a header
// "Your agenda", then per session a line with its title, time and room (or
// "time to be announced"), "⚠️ overlaps with *X*" where it clashes, and a
// "Cancel" button (ActionUnremind) with an "Add to calendar" link, and
// at the end a "Calendar file (.ics)" button (ActionAgendaICS). Without
// items it says how to add reminders.
func Agenda(items []AgendaItem, loc *time.Location) Message {
	out := []slack.Block{header("Your agenda")}
	out = append(out, AgendaBlocks(items, loc, maxAgendaItems, "")...)
	if len(items) > 0 {
		out = append(out, slack.NewActionBlock("ics", button(ActionAgendaICS, "", "Calendar file (.ics)")))
	}
	text := fmt.Sprintf("Your agenda: %s", plural(len(items), "reminder"))
	return Message{Text: text, Blocks: out}
}

// emptyAgenda explains how to fill an agenda.
const emptyAgenda = "You have no reminders yet. Press *Remind me* on a session " +
	"(search with `/session kubernetes`, or see `/session next`) and I'll DM you before it starts."

// AgendaBlocks renders up to limit items as Agenda does, without the header,
// then "…and N more" followed by moreHint; the empty-agenda text without
// items. The App Home shows its agenda with it.
func AgendaBlocks(items []AgendaItem, loc *time.Location, limit int, moreHint string) []slack.Block {
	if len(items) == 0 {
		return []slack.Block{section(Escape(emptyAgenda))}
	}
	items = unique(items, func(it AgendaItem) string { return it.Session.ID })
	var out []slack.Block
	for _, it := range items[:min(len(items), limit)] {
		out = append(out, section(agendaLine(it, loc)))
		if a := agendaActions(it.Session); a != nil {
			out = append(out, a)
		}
	}
	if more := len(items) - limit; more > 0 {
		out = append(out, contextBlock(fmt.Sprintf("…and %d more", more)+moreHint))
	}
	return out
}

// agendaLine is the title, when and where, and any overlap warning.
func agendaLine(it AgendaItem, loc *time.Location) string {
	when := TimeRange(it.Session.Start, it.Session.End, loc)
	if when == "" {
		when = "_time to be announced_"
	}
	if r := oneLine(it.Session.Room); r != "" {
		when += " · " + mrkdwn(r, placeRunes)
	}
	lines := []string{titleLine(it.Session.Title, nil), when}
	var titles []string
	for _, t := range it.Overlaps {
		if t = oneLine(t); t != "" {
			titles = append(titles, emphasize(t, [][2]int{{0, len(t)}}, titleRunes))
		}
	}
	if len(titles) > 0 {
		lines = append(lines, "⚠️ overlaps with "+listMore(titles, maxOverlapTitles))
	}
	return strings.Join(lines, "\n")
}

// agendaActions is "Cancel" and "Add to calendar" for s, in a block whose
// ID starts "a:" so that a press can tell it came from an agenda.
func agendaActions(s session.Session) *slack.ActionBlock {
	if s.ID == "" || len(s.ID) > maxButtonValue {
		return nil
	}
	cancel := button(ActionUnremind, s.ID, "Cancel")
	els := []slack.BlockElement{cancel}
	if u := CalendarURL(s); fitsURL(u) {
		cal := button(ActionCalendar, "", "Add to calendar")
		cal.URL = u
		els = append(els, cal)
	}
	return slack.NewActionBlock(blockID("a:", s.ID), els...)
}

// IsAgendaBlock reports whether blockID is that of an agenda entry.
func IsAgendaBlock(blockID string) bool { return strings.HasPrefix(blockID, "a:") }

// ReminderSet confirms a reminder for s: "Reminder set ✓ for *Title*: I'll
// DM you 10 minutes before it starts." (lead as words, such as "10
// minutes"), or that one was set already, or, for a session without a time,
// that the reminder comes once it has one; with an "Undo" button.
func ReminderSet(s session.Session, lead string, existed bool) Message {
	head := "Reminder set ✓ for " + titleLine(s.Title, nil)
	if existed {
		head = "You already have a reminder for " + titleLine(s.Title, nil)
	}
	tail := ": I'll DM you " + lead + " before it starts."
	if lead == "" {
		tail = ": I'll DM you when it starts."
	}
	if s.Start.IsZero() {
		tail = ". It has no time yet: I'll remind you once it has a time."
	}
	return confirm(head+tail, ActionUnremind, s.ID, "Undo")
}

// ReminderCancelled confirms that the reminder for s is gone (or that there
// was none, when existed is false), with a "Remind me" button to set it again.
func ReminderCancelled(s session.Session, existed bool) Message {
	text := "Reminder cancelled for " + titleLine(s.Title, nil) + "."
	if !existed {
		text = "You have no reminder for " + titleLine(s.Title, nil) + "."
	}
	return confirm(text, ActionRemind, s.ID, "Remind me")
}

// confirm is a one-section answer in mrkdwn with one button, when value fits.
func confirm(text, actionID, value, label string) Message {
	msg := Message{Text: Truncate(unformat(text), maxFallbackText), Blocks: []slack.Block{section(text)}}
	if value != "" && len(value) <= maxButtonValue {
		msg.Blocks = append(msg.Blocks, slack.NewActionBlock("", button(actionID, value, label)))
	}
	return msg
}
