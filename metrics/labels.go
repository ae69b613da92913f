package metrics

import (
	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/dm"
	"github.com/sessionbot/sessionbot/programme"
)

// The label values known in advance, whose series start at 0.
var (
	commands = []string{bot.CommandSearch, bot.CommandHelp, bot.CommandNow, bot.CommandNext, bot.CommandNew,
		bot.CommandSync, bot.CommandAgenda, bot.CommandFollow, bot.CommandUnfollow, bot.CommandFollows, bot.CommandCalendar, bot.CommandUnknown}
	slashOutcomes  = []string{bot.OutcomeOK, bot.OutcomeNoMatch, bot.OutcomeError}
	searchOutcomes = []string{bot.SearchFound, bot.SearchNoMatch, bot.SearchError, bot.SearchTimeout}
	syncOutcomes   = []string{programme.SyncChanged, programme.SyncUnchanged, programme.SyncHeld,
		programme.SyncStale, programme.SyncFailed}
)

// The hooks Metrics implements.
var (
	_ bot.Observer       = (*Metrics)(nil)
	_ programme.Observer = (*Metrics)(nil)
	_ dm.Observer        = (*Metrics)(nil)
)
