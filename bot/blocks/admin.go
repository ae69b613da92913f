package blocks

import (
	"regexp"
	"strings"

	"github.com/slack-go/slack"
)

// ActionAccept is the "Accept the update" button in an admin's DM about a
// programme update held back by the drop guard; its value is the held
// snapshot's hash.
const ActionAccept = "sync.accept"

// ActorMention in an admin's text stands for the admin the text names,
// mentioned when rendered (the text itself is escaped, so it cannot carry
// a mention).
const ActorMention = "{actor}"

// slackUserID matches a user ID, the only thing AdminDM mentions.
var slackUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// AdminDM renders a message for an admin: text, the caller's own mrkdwn
// escaped as Notice escapes it, with ActorMention replaced by a mention of
// actor (a user ID; otherwise "an admin"), and, when hold is set, an
// "Accept the update" button for that held snapshot with a confirmation.
func AdminDM(text, actor, hold string) Message {
	mention := "an admin"
	if slackUserID.MatchString(actor) {
		mention = "<@" + actor + ">"
	}
	msg := notice(strings.ReplaceAll(Escape(strings.TrimSpace(text)), ActorMention, mention))
	if hold == "" || len(hold) > maxButtonValue {
		return msg
	}
	b := button(ActionAccept, hold, "Accept the update")
	b.Style = slack.StyleDanger
	b.Confirm = slack.NewConfirmationBlockObject(plainText("Accept the update?"),
		plainText("The sessions it lacks leave the programme, and everyone with a reminder for one of them is told it was cancelled."),
		plainText("Accept"), plainText("Keep waiting"))
	msg.Blocks = append(msg.Blocks, slack.NewActionBlock("hold", b))
	return msg
}
