// Package playground is the web page of `sessionbot try`: a Slack client
// stand-in in the browser, over the fake Slack the real bot is connected
// to. It shows what a user sees — the channel with their ephemeral
// answers, the announce channel, the DM with the bot, the App Home — and
// turns what they do into what Slack would send: a slash command and
// button clicks as Socket Mode envelopes, opening the Home tab as an
// app_home_opened event. Beside it, two controls that are not Slack's: the
// bot's clock, moved forward (to see reminders arrive), and "sync now".
//
// The page is plain HTML, CSS and JavaScript embedded in the binary
// (static/); it renders the very Block Kit JSON the bot sent.
package playground

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/sessionbot/sessionbot/clock"
	"github.com/sessionbot/sessionbot/fakeslack"
)

//go:embed static
var static embed.FS

// Options is what the page shows and acts on.
type Options struct {
	Slack *fakeslack.Server
	Clock *clock.Clock // the bot's; the page moves it forward
	// Location is the conference's zone, shown beside the clock.
	Location *time.Location
	// User is the person using the page: the fake workspace's user.
	User string
	// Channel is where the user types; Announce is the announce channel
	// ("" when announcements are off).
	Channel, Announce string
	// Source is the programme's file or URL, shown so it can be edited
	// before "Sync now".
	Source string
	// Sync runs the sync job now, as /session sync does, and returns its
	// outcome in a line.
	Sync func(ctx context.Context) (string, error)
	// NextReminder is when the next reminder after t falls due.
	NextReminder func(t time.Time) (time.Time, bool, error)
	Logger       *slog.Logger
}

// Page serves the playground. Close ends the requests waiting for changes.
type Page struct {
	opts Options
	mux  *http.ServeMux
	done chan struct{}
	once sync.Once

	mu      sync.Mutex
	version uint64        // the page's own changes: clock jumps
	changed chan struct{} // closed and replaced when version grows
}

// New returns the page for opts.
func New(opts Options) *Page {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	p := &Page{opts: opts, mux: http.NewServeMux(), done: make(chan struct{}), changed: make(chan struct{})}
	files, _ := fs.Sub(static, "static") // the directory is embedded above
	p.mux.Handle("GET /", http.FileServerFS(files))
	p.mux.HandleFunc("GET /api/state", p.serveState)
	p.mux.HandleFunc("POST /api/command", p.serveCommand)
	p.mux.HandleFunc("POST /api/action", p.serveAction)
	p.mux.HandleFunc("POST /api/home", p.serveHome)
	p.mux.HandleFunc("POST /api/clock", p.serveClock)
	p.mux.HandleFunc("POST /api/sync", p.serveSync)
	return p
}

// ServeHTTP serves the page and its API. It answers only requests for an
// IP address or localhost (a name of another site pointed at this machine
// gets nothing: DNS rebinding), and its actions only JSON requests, which
// another site's page cannot send without a CORS preflight the page never
// grants.
func (p *Page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !localHost(r.Host) {
		http.Error(w, "the playground answers requests for an IP address or localhost only", http.StatusForbidden)
		return
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); r.Method == http.MethodPost && ct != "application/json" {
		http.Error(w, "want application/json", http.StatusUnsupportedMediaType)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
	p.mux.ServeHTTP(w, r)
}

// localHost reports whether host (a Host header) names this machine by
// address or as localhost.
func localHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	return host == "localhost" || net.ParseIP(host) != nil
}

// Close makes the requests waiting for a change return at once.
func (p *Page) Close() {
	p.once.Do(func() { close(p.done) })
}

// bump records a change of the page's own, such as a clock jump.
func (p *Page) bump() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.version++
	close(p.changed)
	p.changed = make(chan struct{})
}

// own returns the page's version and a channel closed when it grows.
func (p *Page) own() (uint64, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.version, p.changed
}
