// Package bot owns sessionbot's side of Slack: the Socket Mode loop, the
// /session slash command router and interactivity (buttons). Rendering lives
// in bot/blocks; the bot decides what to say and delivers it within Slack's
// rules: every envelope acked within 3 s, redeliveries handled once, a
// panicking handler answered with an apology instead of a dead connection.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/slack-go/slack/socketmode"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
)

// Defaults for Options fields left zero.
const (
	DefaultPageSize    = 5
	DefaultConcurrency = 32
	// ackBudget is how long after an envelope arrives its ack must go out:
	// Slack waits 3 s. An envelope that finds no free handler in time, or
	// whose handler is still working, is acked with "working on it" and
	// answered later through its response_url.
	ackBudget = 2 * time.Second
	// lateBudget bounds work that answers after the ack.
	lateBudget = time.Minute
	// maxWaiting bounds the envelopes waiting for a handler; beyond it they
	// are acked at once and answered later.
	maxWaiting = 4096
	// drainTimeout bounds how long Run waits for in-flight handlers on shutdown.
	drainTimeout = 10 * time.Second
	// cancelGrace is how long drain waits after cancelling handlers.
	cancelGrace = 5 * time.Second
)

// searcher is what the bot needs from the index; *index.Index has it.
type searcher interface {
	Search(ctx context.Context, q index.Query) (index.Result, error)
	Sessions() ([]session.Session, error)
}

// Options configures a Bot. Socket and Index are required.
type Options struct {
	Socket      *socketmode.Client
	Index       searcher
	Location    *time.Location   // the conference's zone; default UTC
	Admins      []string         // user IDs allowed to run admin commands
	Now         func() time.Time // default time.Now
	Logger      *slog.Logger     // default slog.Default()
	PageSize    int              // results per page; default DefaultPageSize
	Concurrency int              // envelopes handled at once, and follow-up tasks run at once; default DefaultConcurrency
	HTTP        *http.Client     // for response_url posts; default 10 s timeout
	Recent      recent           // answers "/session new"; nil: not available
	Sync        Syncer           // runs "/session sync" for admins; nil: not available

	// Reminders keeps reminders and DM channels; nil: the reminder buttons
	// say reminders are coming soon and /session agenda is not available.
	Reminders reminderStore
	// Follows keeps followed queries; nil: /session follow is not available.
	Follows followStore
	// Lead is how long before a session's start its reminder is due.
	Lead time.Duration
	// Wake, when set, is called after a reminder was set or cancelled, so
	// that the delivery loop plans again.
	Wake func()
	// API publishes the App Home and opens DM channels; nil: no Home, and
	// DM channels are opened only when a reminder is delivered.
	API webAPI
	// Observer is told of commands, searches and connections (metrics);
	// nil: no one is.
	Observer Observer
	// StreamURL is live.stream_url, the stream of a room, for "Watch live".
	StreamURL string
}

// Bot serves /session and its buttons over one Socket Mode client.
type Bot struct {
	opts    Options
	log     *slog.Logger
	seen    *seenSet
	sem     chan struct{} // handler slots: the work an ack waits for
	later   chan struct{} // follow-up slots: work after the ack (response_url posts, views.publish)
	waiting chan struct{} // envelopes not yet acked, bounded by maxWaiting
	cpu     chan struct{} // CPU slots: searching and rendering, one per core (cpu.go)
	wg      sync.WaitGroup
	prog    programme
	pages   *pageCache
	conn    connection
}

// New returns a Bot for opts, filling in defaults.
func New(opts Options) (*Bot, error) {
	if opts.Socket == nil || opts.Index == nil {
		return nil, errors.New("bot: Options.Socket and Options.Index are required")
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.PageSize <= 0 {
		opts.PageSize = DefaultPageSize
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.HTTP == nil {
		opts.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.Observer == nil {
		opts.Observer = nobody{}
	}
	return &Bot{
		opts:    opts,
		log:     opts.Logger,
		seen:    newSeenSet(seenCapacity, seenTTL, opts.Now),
		sem:     make(chan struct{}, opts.Concurrency),
		later:   make(chan struct{}, opts.Concurrency),
		waiting: make(chan struct{}, maxWaiting),
		cpu:     make(chan struct{}, runtime.GOMAXPROCS(0)),
		pages:   newPageCache(pageCapacity, pageTTL, opts.Now),
	}, nil
}

// Run connects and serves until ctx ends, then stops taking envelopes, waits
// for those in flight (so their acks still go out) and disconnects. It
// returns nil after a shutdown and an error when the connection fails for
// good: when Slack refuses the app-level token (TokenRejected tells), at
// once, not after retries.
func (b *Bot) Run(ctx context.Context) error {
	sockCtx, stopSocket := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSocket()
	// Handlers outlive ctx (their acks must still go out) but not the drain:
	// work is cancelled when drain gives up, so none runs on after Run.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	sockErr := make(chan error, 1)
	go func() { sockErr <- b.opts.Socket.RunContext(sockCtx) }()
	err := b.dispatch(ctx, work, sockErr)
	b.conn.up.Store(false)
	b.drain(stopWork)
	stopSocket()
	if err == nil {
		<-sockErr
	}
	return err
}

// dispatch hands each event to a handler until ctx ends (nil) or the socket
// client gives up (its error).
func (b *Bot) dispatch(ctx, work context.Context, sockErr <-chan error) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-sockErr:
			return fmt.Errorf("bot: socket mode: %w", err)
		case evt := <-b.opts.Socket.Events:
			if err := connectionRejected(evt.Data); err != nil {
				return fmt.Errorf("bot: socket mode: %w", err)
			}
			b.event(ctx, work, evt)
		}
	}
}

// event logs connection events and starts the handling of each envelope
// at once (a malformed one too, to ack it): the dispatch loop never waits
// for a handler.
func (b *Bot) event(ctx, work context.Context, evt socketmode.Event) {
	switch {
	case evt.Type == socketmode.EventTypeErrorBadMessage:
		b.malformed(ctx, work, evt)
	case evt.Request != nil && evt.Request.EnvelopeID != "":
		deadline := time.Now().Add(ackBudget)
		b.spawn(ctx, func() { b.envelope(work, evt, deadline) })
	case needsAck(evt):
		b.unaddressed(evt)
	default:
		b.connectionEvent(evt)
	}
}

// spawn runs f on its own goroutine, which Run waits for; when ctx has
// ended, f does not run (shutting down: Slack redelivers what we never
// acked).
func (b *Bot) spawn(ctx context.Context, f func()) {
	if ctx.Err() != nil {
		return
	}
	b.wg.Go(f)
}

// connectionEvent logs what the socket client says about its connection.
func (b *Bot) connectionEvent(evt socketmode.Event) {
	b.track(evt)
	switch evt.Type {
	case socketmode.EventTypeConnected:
		b.log.Info("connected to Slack")
	case socketmode.EventTypeConnecting:
		b.log.Debug("connecting to Slack")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth,
		socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("socket mode trouble", slog.String("event", string(evt.Type)), slog.Any("error", eventError(evt)))
	default:
		b.log.Debug("socket mode event", slog.String("event", string(evt.Type)))
	}
}

// eventError digs the error out of a connection event, if it carries one.
func eventError(evt socketmode.Event) error {
	if err, ok := evt.Data.(error); ok {
		return err
	}
	return fmt.Errorf("%v", evt.Data)
}

// drain waits for in-flight handlers, up to drainTimeout; then it cancels
// their context (stopWork) and waits up to cancelGrace more for them to
// notice, so that nothing they do outlives Run by much.
func (b *Bot) drain(stopWork context.CancelFunc) {
	done := make(chan struct{})
	go func() { b.wg.Wait(); close(done) }()
	t := time.NewTimer(drainTimeout)
	defer t.Stop()
	select {
	case <-done:
		return
	case <-t.C:
	}
	b.log.Warn("shutdown: handlers still running; cancelling them", slog.Duration("waited", drainTimeout))
	stopWork()
	t.Reset(cancelGrace)
	select {
	case <-done:
	case <-t.C:
		b.log.Error("shutdown: handlers ignored cancellation", slog.Duration("waited", drainTimeout+cancelGrace))
	}
}
