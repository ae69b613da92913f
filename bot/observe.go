package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/sessionbot/sessionbot/index"
)

// Observer is told what the bot does, for monitoring: each slash command
// with its outcome and the time its answer took, each search, and each
// Socket Mode connection made. Its methods must be quick and safe for
// concurrent use.
type Observer interface {
	// SlashCommand reports a /session command: command is one of the
	// Command* names, outcome one of the Outcome* values.
	SlashCommand(command, outcome string, took time.Duration)
	// Search reports a search (a first page): one of the Search* values.
	Search(outcome string)
	// Connected reports a Socket Mode connection; reconnect is false for
	// the first one.
	Connected(reconnect bool)
}

// Names of the /session commands, as reported to the Observer.
const (
	CommandSearch   = "search"
	CommandHelp     = "help"
	CommandNow      = "now"
	CommandNext     = "next"
	CommandNew      = "new"
	CommandSync     = "sync"
	CommandAgenda   = "agenda"
	CommandFollow   = "follow"
	CommandUnfollow = "unfollow"
	CommandFollows  = "follows"
	CommandCalendar = "calendar"
	CommandUnknown  = "unknown" // another slash command than /session
)

// Outcomes of a slash command.
const (
	OutcomeOK      = "ok"
	OutcomeNoMatch = "no_match" // a search (or now, next, new) that found nothing
	OutcomeError   = "error"    // the user was told it failed: an error was logged, or the handler panicked
)

// Outcomes of a search.
const (
	SearchFound   = "found"    // close matches
	SearchNoMatch = "no_match" // nothing matches well: none, or only the closest few
	SearchError   = "error"
	SearchTimeout = "timeout"
)

// nobody is the Observer of a bot given none.
type nobody struct{}

func (nobody) SlashCommand(string, string, time.Duration) {}
func (nobody) Search(string)                              {}
func (nobody) Connected(bool)                             {}

// connection tracks the Socket Mode connection: up after a Connected
// event, down from the next Connecting (a reconnect begins) or failure.
type connection struct {
	up    atomic.Bool
	count atomic.Int64
}

// Connected reports whether the Socket Mode connection is up now.
func (b *Bot) Connected() bool { return b.conn.up.Load() }

// track updates the connection state from a connection event and tells
// the Observer of a new connection.
func (b *Bot) track(evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		b.conn.up.Store(true)
		b.opts.Observer.Connected(b.conn.count.Add(1) > 1)
	case socketmode.EventTypeConnecting, socketmode.EventTypeConnectionError,
		socketmode.EventTypeInvalidAuth, socketmode.EventTypeDisconnect:
		b.conn.up.Store(false)
	}
}

// commandName is the Observer's name for the /session command text.
func commandName(cmd slack.SlashCommand, text string) string {
	if cmd.Command != Command {
		return CommandUnknown
	}
	if _, ok := isSync(text); ok {
		return CommandSync
	}
	if strings.EqualFold(text, CommandCalendar) {
		return CommandCalendar
	}
	if word, _, ok := personalCommand(text); ok {
		return word
	}
	switch t := strings.ToLower(text); t {
	case "", "help":
		return CommandHelp
	case CommandNow, CommandNext, CommandNew:
		return t
	}
	return CommandSearch
}

// slashOutcome is a command's outcome: an error when one was logged while
// answering it (failed); no match for a listing command (a search, now,
// next, new) that found no session.
func slashOutcome(command string, failed bool, hits int) string {
	switch {
	case failed:
		return OutcomeError
	case hits == 0 && command != CommandHelp:
		return OutcomeNoMatch
	}
	return OutcomeOK
}

// observePanic tells the Observer of a slash command whose handler
// panicked.
func (b *Bot) observePanic(evt socketmode.Event, took time.Duration) {
	if cmd, ok := evt.Data.(slack.SlashCommand); ok {
		b.opts.Observer.SlashCommand(commandName(cmd, strings.TrimSpace(cmd.Text)), OutcomeError, took)
	}
}

// observeSearch tells the Observer how a search went.
func (b *Bot) observeSearch(err error, res index.Result) {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		b.opts.Observer.Search(SearchTimeout)
	case err != nil:
		b.opts.Observer.Search(SearchError)
	case res.NoCloseMatch || len(res.Hits) == 0:
		b.opts.Observer.Search(SearchNoMatch)
	default:
		b.opts.Observer.Search(SearchFound)
	}
}

// watchErrors returns log, and a flag set when an error is logged through
// it: a handler that tells the user something failed logs why at Error.
func watchErrors(log *slog.Logger) (*slog.Logger, *atomic.Bool) {
	seen := new(atomic.Bool)
	return slog.New(errorWatch{Handler: log.Handler(), seen: seen}), seen
}

// errorWatch is a slog.Handler that notes records at Error or above.
type errorWatch struct {
	slog.Handler
	seen *atomic.Bool
}

func (h errorWatch) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelError || h.Handler.Enabled(ctx, l)
}

func (h errorWatch) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		h.seen.Store(true)
	}
	if !h.Handler.Enabled(ctx, r.Level) {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h errorWatch) WithAttrs(attrs []slog.Attr) slog.Handler {
	return errorWatch{Handler: h.Handler.WithAttrs(attrs), seen: h.seen}
}

func (h errorWatch) WithGroup(name string) slog.Handler {
	return errorWatch{Handler: h.Handler.WithGroup(name), seen: h.seen}
}
