package blocks

import (
	"fmt"
	"github.com/slack-go/slack"
)

// ActionUnfollow is the "Unfollow" button of a followed query; its value is
// the query.
const ActionUnfollow = "follow.remove"

// followRunes bounds a followed query as shown.
const followRunes = 500

// emptyFollows explains how to follow a query.
const emptyFollows = "You follow nothing yet. `/session follow rust` sends you a DM " +
	"whenever a new session matching *rust* is added to the programme."

// FollowList renders a user's followed queries: a header "Your follows" and
// a line per query with an "Unfollow" button (ActionUnfollow), or how to
// follow one when there are none.
func FollowList(queries []string) Message {
	out := append([]slack.Block{header("Your follows")}, FollowBlocks(queries)...)
	return Message{Text: fmt.Sprintf("Your follows: %d", len(queries)), Blocks: out}
}

// FollowBlocks renders the queries as FollowList does, without the header.
// Each section's block_id starts "f:", so a press can tell where it was.
func FollowBlocks(queries []string) []slack.Block {
	queries = unique(queries, func(q string) string { return q })
	var out []slack.Block
	for i, q := range queries {
		line := codeSpan(q, followRunes)
		if line == "" {
			continue
		}
		var acc *slack.Accessory
		if len(q) <= maxButtonValue {
			acc = slack.NewAccessory(button(ActionUnfollow, q, "Unfollow"))
		}
		out = append(out, slack.NewSectionBlock(mrkdwnObject("🔔 "+line), nil, acc, slack.SectionBlockOptionBlockID(fmt.Sprintf("f:%d", i))))
	}
	if len(out) == 0 {
		return []slack.Block{section(Escape(emptyFollows))}
	}
	return out
}

// IsFollowBlock reports whether blockID is that of a FollowBlocks line.
func IsFollowBlock(blockID string) bool { return len(blockID) > 2 && blockID[:2] == "f:" }
