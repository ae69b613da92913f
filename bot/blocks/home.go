package blocks

import (
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/session"
)

// Home's limits: agenda entries (two blocks each) and newest sessions (three
// blocks each) keep the view well within its 100 blocks.
const (
	maxHomeAgenda = 10
	maxHomeNewest = 5
)

// HomeView is what the App Home shows one user.
type HomeView struct {
	Agenda   []AgendaItem
	Follows  []string
	Newest   []session.Session
	Reminded func(id string) bool // nil: no reminders
}

// homeIntro opens the Home tab.
const homeIntro = "👋 I help you find your way through the programme: search it, " +
	"press *Remind me* for a DM before a session starts, and follow topics to hear about new sessions."

// homeHelp is the Home's closing line.
const homeHelp = "Search with `/session kubernetes`, `/session speaker:vargo` or `/session track:security`; " +
	"`/session now` and `/session next` show what is on; `/session help` shows everything."

// Home renders the App Home tab: the user's agenda (the first ten, with
// "Cancel" buttons), their follows (with "Unfollow" buttons), the newest
// sessions (five, with "Remind me" or "Undo") and a line of help.
func Home(v HomeView, loc *time.Location) slack.HomeTabViewRequest {
	out := []slack.Block{section(Escape(homeIntro)), header("Your agenda")}
	out = append(out, AgendaBlocks(v.Agenda, loc, maxHomeAgenda, ": `/session agenda`")...)
	out = append(out, slack.NewDividerBlock(), header("Your follows"))
	out = append(out, FollowBlocks(v.Follows)...)
	out = append(out, slack.NewDividerBlock(), header("Newest sessions"))
	newest := unique(v.Newest, func(s session.Session) string { return s.ID })
	if len(newest) == 0 {
		out = append(out, section("No sessions have been added lately."))
	}
	for _, s := range newest[:min(len(newest), maxHomeNewest)] {
		opts := CardOptions{Reminded: v.Reminded != nil && v.Reminded(s.ID)}
		out = append(out, PersonalCard(s, Highlight{}, loc, opts)...)
	}
	out = append(out, slack.NewDividerBlock(), contextBlock(Escape(homeHelp)))
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: out}}
}
