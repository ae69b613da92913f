package blocks

import (
	"strings"

	"github.com/slack-go/slack"
)

// Help's limits: examples shown, and the length of each.
const (
	maxExamples  = 10
	exampleRunes = 200
)

// helpSearch and helpCommands are the grammar of /session (docs/attendee.md,
// "The query grammar"), as mrkdwn before escaping.
const (
	helpSearch = "*Search the programme*\n" +
		"`/session kubernetes secrets` finds sessions with these words in the title, " +
		"speakers, company, abstract, track or tags.\n" +
		"`\"quoted phrase\"` finds words together. Filters narrow a search and combine with words: " +
		"`speaker:vargo` `company:google` `track:security` `room:…` " +
		"`day:today` `day:tomorrow` `day:mon` `day:2026-11-28`"
	helpCommands = "*More*\n" +
		"`/session now` · `/session next`: what is on now and what starts next\n" +
		"`/session new`: sessions added recently\n" +
		"`/session agenda`: your reminders. Press *Remind me* on a session for a DM before it starts.\n" +
		"`/session calendar`: your agenda as a calendar file (.ics), in a DM\n" +
		"`/session follow <query>`: a DM whenever a new session matches\n" +
		"`/session unfollow <query>` or `unfollow all` · `/session follows`: your follows\n" +
		"`/session sync`: fetch the programme now (admins)\n" +
		"`/session help`: this message"
)

// Help renders how to use /session: the search grammar and the commands, then
// "Try" with a /session line for each example, such as a real track or a
// speaker's surname from the live programme.
func Help(examples []string) Message {
	out := []slack.Block{
		header("How to use /session"),
		section(Escape(helpSearch)),
		section(Escape(helpCommands)),
	}
	if try := tryLines(examples); try != "" {
		out = append(out, section("*Try*\n"+try))
	}
	return Message{
		Text:   "How to use /session: type words or filters such as speaker:name to search the programme.",
		Blocks: out,
	}
}

// tryLines renders the examples as "/session …" code lines.
func tryLines(examples []string) string {
	var lines []string
	for _, ex := range examples {
		if len(lines) == maxExamples {
			break
		}
		if line := codeSpan("/session "+oneLine(ex), exampleRunes); oneLine(ex) != "" && line != "" {
			lines = append(lines, "• "+line)
		}
	}
	return strings.Join(lines, "\n")
}
