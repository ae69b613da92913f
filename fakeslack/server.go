// Package fakeslack is a Slack stand-in: the Web API over HTTP and the
// Socket Mode websocket on 127.0.0.1, speaking the real protocol to the real
// slack-go client. Tests drive the bot through it, and `sessionbot try` runs
// the real bot against it in the same process, with a web page showing what
// a user would see (what a user sees: see view.go).
//
// A program starts one with Start and stops it with Close; a test with New,
// which closes it when the test ends. Either way, point slack-go at it with
// slack.OptionAPIURL(srv.APIURL()) and the BotToken / AppToken constants, and
// then drives the bot the way Slack would: SlashCommand, Interaction and Event
// deliver envelopes over Socket Mode and return the bot's ack; Calls and
// WaitCalls show what the bot sent to the Web API; FailNext injects rate limits
// and errors; Disconnect and DropConnections exercise reconnection. Channels
// (WithChannels), the bot's scopes (WithScopes) and conversations.history
// behave as Slack documents them: not_in_channel, missing_scope with needed
// and provided, opaque cursors, 15 messages a page for an app outside the
// Marketplace, metadata only with include_all_metadata. chat.scheduleMessage
// queues a message until its post_at (time_in_past, time_too_far beyond 120
// days, restricted_too_many beyond 30 within 5 minutes in one channel, and
// the documented bug: a scheduled message with metadata is accepted and
// never posted), posted on the server's Clock (WithClock: moving it posts
// what fell due) or the wall clock; chat.deleteScheduledMessage refuses a
// message due within a minute (invalid_scheduled_message_id);
// chat.scheduledMessages.list pages the queue. Files are uploaded in
// Slack's three steps (files.getUploadURLExternal, the upload URL,
// files.completeUploadExternal into channel_id), see Files.
package fakeslack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Identities the fake workspace uses. Web API calls without a token answer
// not_authed, with another token invalid_auth, and with the other kind of token
// not_allowed_token_type (apps.connections.open takes AppToken, the rest
// BotToken) — except auth.test, which answers invalid_auth for AppToken: an
// app-level token is no bot token. RejectToken makes a token answer
// token_revoked, token_expired or account_inactive.
const (
	BotToken  = "xoxb-test-fakeslack"   // the bot token (SLACK_BOT_TOKEN)
	AppToken  = "xapp-1-test-fakeslack" // the app-level token (SLACK_APP_TOKEN)
	TeamID    = "T0FAKE0001"            // the workspace
	AppID     = "A0FAKE0001"            // the app
	BotUserID = "U0FAKEBOT1"            // the bot's user, as auth.test reports it
	BotID     = "B0FAKEBOT1"            // the bot, as auth.test reports it
	UserID    = "U0FAKEUSR1"            // the user in envelopes that name none
	ChannelID = "C0FAKECHN1"            // the channel in envelopes that name none
	TZ        = "Europe/Brussels"       // the time zone of users not set WithUsers
)

const (
	teamDomain        = "fakeslack-test"
	verificationToken = "fakeslackverificationtoken"
	defaultPing       = 5 * time.Second
)

// ErrClosed is returned by waits and sends that were cut short by Close.
var ErrClosed = errors.New("fakeslack: server closed")

// Server is a fake Slack workspace listening on 127.0.0.1. Its methods are safe
// for concurrent use.
type Server struct {
	url          string // http://127.0.0.1:PORT
	srv          *http.Server
	served       chan struct{} // closed when srv.Serve returns
	upgrader     websocket.Upgrader
	pingInterval time.Duration
	now          func() time.Time // the clock of message timestamps; nil: the wall clock
	clock        *Clock           // set by WithClock: moving it posts scheduled messages
	done         chan struct{}    // closed by Close
	wg           sync.WaitGroup
	closeOnce    sync.Once

	mu      sync.Mutex
	closed  bool
	changed chan struct{} // closed and replaced whenever state below changes
	state
}

// state is everything guarded by Server.mu.
type state struct {
	calls     []Call
	faults    map[string][]Fault
	users     map[string]User
	opened    map[string]bool   // conversations.open channels already opened
	responses map[string]int    // response_url id -> uses
	tickets   map[string]bool   // unused apps.connections.open tickets
	rejected  map[string]string // token -> the error code every call with it answers
	conns     map[*conn]bool    // open websockets -> still accepting envelopes
	waiters   map[string][]chan ackMsg
	history   map[string][]Message // channel -> messages, oldest first
	channels  map[string]Channel   // registered with WithChannels
	scopes    []string             // the bot token's
	pageMax   int                  // conversations.history's largest page
	lastTS    int64                // microseconds of the latest message ts handed out
	seq       int                  // for ids
	sched     schedState           // chat.scheduleMessage's queue (scheduled.go)
	uploads   uploadState          // files uploaded in three steps (upload.go)
	version   uint64               // counts changes, for WaitChange
	seen      seen                 // what users see beyond the history: ephemeral messages, Home tabs (view.go)
}

// Option configures a Server.
type Option func(*Server)

// WithPingInterval sets how often the server sends websocket pings on each
// Socket Mode connection (default 5s). Zero or less sends none, which makes
// slack-go reconnect once its own ping timeout passes.
func WithPingInterval(d time.Duration) Option {
	return func(s *Server) { s.pingInterval = d }
}

// WithUsers registers users for users.info. Users not registered are made up
// on demand with the TZ time zone.
func WithUsers(users ...User) Option {
	return func(s *Server) {
		for _, u := range users {
			s.users[u.ID] = u
		}
	}
}

// TB is the part of testing.TB that New uses; *testing.T, *testing.B and
// *testing.F have it. (The package does not import testing: the binary
// ships it.)
type TB interface {
	Helper()
	Cleanup(func())
	Fatalf(format string, args ...any)
}

// New starts a fake Slack on 127.0.0.1 and closes it when tb's test ends.
func New(tb TB, opts ...Option) *Server {
	tb.Helper()
	s, err := Start(opts...)
	if err != nil {
		tb.Fatalf("%v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Start starts a fake Slack on a free port of 127.0.0.1. Close stops it.
func Start(opts ...Option) (*Server, error) {
	s := newServer(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakeslack: listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/response/", s.serveResponse)
	mux.HandleFunc("/link/", s.serveLink)
	mux.HandleFunc(uploadPath, s.serveUpload)
	s.url = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	s.served = make(chan struct{})
	go func() {
		defer close(s.served)
		_ = s.srv.Serve(ln) // returns http.ErrServerClosed after Close
	}()
	return s, nil
}

// newServer returns a Server with opts applied, not yet listening.
func newServer(opts []Option) *Server {
	s := &Server{
		pingInterval: defaultPing,
		done:         make(chan struct{}),
		changed:      make(chan struct{}),
		state: state{
			faults:    map[string][]Fault{},
			users:     map[string]User{},
			opened:    map[string]bool{},
			responses: map[string]int{},
			tickets:   map[string]bool{},
			rejected:  map[string]string{},
			conns:     map[*conn]bool{},
			waiters:   map[string][]chan ackMsg{},
			channels:  map[string]Channel{},
			scopes:    slices.Clone(DefaultScopes),
			pageMax:   nonMarketplacePage,
		},
	}
	s.upgrader.CheckOrigin = func(*http.Request) bool { return true } // slack-go sends Origin: https://api.slack.com
	for _, opt := range opts {
		opt(s)
	}
	return s
}

// APIURL returns the Web API base URL, ending in a slash as
// slack.OptionAPIURL and SLACK_API_URL expect: slack-go appends method names.
func (s *Server) APIURL() string { return s.url + "/api/" }

// Close closes every connection and stops the server, waiting for its
// goroutines and for requests in flight. New arranges for it to run at the
// end of the test; calling it earlier simulates Slack going away. It is safe
// to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		conns := s.connList(false)
		s.mu.Unlock()
		close(s.done)
		for _, c := range conns {
			c.drop()
		}
		s.wg.Wait()
		s.shutdown()
	})
}

// shutdownTimeout bounds how long Close waits for requests in flight.
const shutdownTimeout = 5 * time.Second

// shutdown stops the HTTP server, waiting for the requests in flight (their
// delays end with s.done), as httptest's Close did.
func (s *Server) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if s.srv.Shutdown(ctx) != nil {
		_ = s.srv.Close()
	}
	<-s.served
}

// enter registers a goroutine that Close must wait for; it reports false once
// the server is closing. The caller calls s.wg.Done when it returns.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

// notifyLocked wakes every waitFor. The caller holds s.mu.
func (s *Server) notifyLocked() {
	s.version++
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor blocks until cond, evaluated with s.mu held, is true.
func (s *Server) waitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ok, changed := cond(), s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.done:
			return ErrClosed
		}
	}
}

// sleep waits for d, or less when ctx ends or the server closes.
func (s *Server) sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	case <-s.done:
	}
}
