// Package blocks renders sessions and search results as Slack Block Kit. Its
// functions are pure: they take sessions, results and a time zone and return
// messages, shared by the bot's replies, announcements and reminders.
//
// Everything from a source or a user is escaped (&, <, >) and its mrkdwn
// formatting characters replaced by look-alikes, and every text, ID and value
// is cut to Slack's limits, so a message is always one Slack accepts.
package blocks

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Action IDs of the interactive elements this package renders.
const (
	// ActionRemind is the "Remind me" button; its value is the session ID.
	ActionRemind = "session.remind"
	// ActionMore is the "Next" button; its value is an encoded PageToken.
	ActionMore = "session.more"
	// ActionDetails is the "Details" link button. Slack opens its URL and
	// still sends an interaction, which needs only an ack.
	ActionDetails = "session.details"
)

// Message is a rendered message: Blocks, and Text as the fallback that
// notifications and screen readers use. It marshals as the "text" and
// "blocks" of a chat.postMessage, response_url or ack payload.
type Message struct {
	Text   string        `json:"text"`
	Blocks []slack.Block `json:"blocks,omitempty"`
}

// maxFallbackText bounds a message's Text, which only has to say what the
// message is about.
const maxFallbackText = 300

// Notice renders a short reply or error as a single section. text is the
// caller's own mrkdwn, such as "Run `/session help`.": it is escaped, so a
// mention in it cannot ping, but its formatting stays. Quote what a user
// typed with Noticef.
func Notice(text string) Message {
	return notice(Escape(strings.TrimSpace(text)))
}

// Noticef is like Notice(fmt.Sprintf(format, args...)), where format is the
// caller's mrkdwn and each argument (use %s or %v) is text from a user or a
// source, shown as written: escaped, on one line, cut to 500 characters and
// with its formatting characters replaced. A Token argument (a date from
// Date) is inserted as it is.
func Noticef(format string, args ...any) Message {
	quoted := make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(Token); ok {
			quoted[i] = string(t)
			continue
		}
		quoted[i] = mrkdwn(fmt.Sprint(a), maxArgRunes)
	}
	return notice(fmt.Sprintf(Escape(strings.TrimSpace(format)), quoted...))
}

// Token is mrkdwn the blocks package made itself, such as a Date: Noticef
// inserts it without escaping.
type Token string

// maxArgRunes bounds each argument of Noticef.
const maxArgRunes = 500

// notice makes a Notice of mrkdwn that is already escaped. Text too long to
// send loses its formatting before it is cut, so that no span is left open.
func notice(text string) Message {
	body, short := text, unformat(oneLine(text))
	if utf8.RuneCountInString(body) > maxSectionText {
		body = Truncate(unformat(body), maxSectionText)
	}
	if short = Truncate(short, maxFallbackText); short == "" {
		body, short = ellipsis, ellipsis
	}
	return Message{Text: short, Blocks: []slack.Block{section(body)}}
}

// unformat drops mrkdwn's formatting characters.
func unformat(s string) string {
	return strings.Map(func(r rune) rune {
		if lookalikes[r] != "" {
			return -1
		}
		return r
	}, s)
}

// section is a section block of mrkdwn, which must be within Slack's limits.
func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwnObject(text), nil, nil)
}

// contextBlock is a context block with one element of mrkdwn.
func contextBlock(text string) *slack.ContextBlock {
	return slack.NewContextBlock("", mrkdwnObject(text))
}

// header is a header block. Plain text is not parsed for mentions or
// entities, so text is not escaped, only made one line and cut to fit.
func header(text string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(plainText(Truncate(oneLine(text), maxHeaderText)))
}

// mrkdwnObject is verbatim: Slack still renders formatting and date tokens
// but leaves plain text alone, so an "@here" in an abstract stays text.
func mrkdwnObject(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, true)
}

func plainText(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, text, true, false)
}

// button is a button with a short label of this package's own.
func button(actionID, value, label string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, plainText(Truncate(label, maxButtonText)))
}
