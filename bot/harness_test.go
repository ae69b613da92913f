package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/sessionbot/sessionbot/blockkit"
	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
)

// Real programmes from session/testdata (see its README for their origin).
const (
	confirmed = "confirmed-sessions.txt"
	fosdem    = "fosdem-2025_schedule.xml"
)

func brussels(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// indexes caches one index per programme for the whole test binary: they are
// only read, and FOSDEM takes a moment to build.
var indexes sync.Map // file name -> *index.Index

// testIndex returns a real bleve index of a programme in session/testdata.
func testIndex(tb testing.TB, file string) *index.Index {
	tb.Helper()
	if ix, ok := indexes.Load(file); ok {
		return ix.(*index.Index)
	}
	data, err := os.ReadFile(filepath.Join("..", "session", "testdata", file))
	if err != nil {
		tb.Fatal(err)
	}
	res, err := session.Parse(data, session.Options{Location: brussels(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "sessionbot-bot-test-")
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := index.Open(dir, index.Options{Location: brussels(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := ix.Sync(res.Sessions); err != nil {
		tb.Fatal(err)
	}
	indexes.Store(file, ix)
	return ix
}

func TestMain(m *testing.M) {
	code := m.Run()
	indexes.Range(func(_, v any) bool {
		_ = v.(*index.Index).Close()
		return true
	})
	os.Exit(code)
}

// logBuffer collects log output safely from many goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// count returns how many log lines contain every one of parts.
func (l *logBuffer) count(parts ...string) int {
	n := 0
	for _, line := range strings.Split(l.String(), "\n") {
		if containsAll(line, parts) {
			n++
		}
	}
	return n
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// harness is a bot running against a fake Slack.
type harness struct {
	srv  *fakeslack.Server
	logs *logBuffer
	stop context.CancelFunc
	done chan error
}

// startBot runs a bot with ix and the clock now against a fresh fake Slack
// until the test ends; with changes the test adjusts the bot's options.
func startBot(tb testing.TB, ix searcher, now time.Time, changes ...func(*bot.Options)) *harness {
	tb.Helper()
	h := &harness{srv: fakeslack.New(tb), logs: &logBuffer{}, done: make(chan error, 1)}
	api := slack.New(fakeslack.BotToken, slack.OptionAPIURL(h.srv.APIURL()), slack.OptionAppLevelToken(fakeslack.AppToken))
	opts := bot.Options{
		Socket:   socketmode.New(api),
		Index:    ix,
		Location: brussels(tb),
		Now:      func() time.Time { return now },
		Logger:   slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		API:      api,
	}
	for _, change := range changes {
		change(&opts)
	}
	b, err := bot.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.stop = cancel
	go func() { h.done <- b.Run(ctx) }()
	tb.Cleanup(func() { cancel(); <-h.done })
	if err := h.srv.WaitConnected(testCtx(tb), 1); err != nil {
		tb.Fatal(err)
	}
	return h
}

// testCtx bounds every wait; the waits end on conditions, not on it.
func testCtx(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	tb.Cleanup(cancel)
	return ctx
}

// message is an ack payload or response_url body, decoded.
type message struct {
	ResponseType    string            `json:"response_type"`
	ReplaceOriginal *bool             `json:"replace_original"`
	Text            string            `json:"text"`
	Blocks          []json.RawMessage `json:"blocks"`
	raw             string
}

// decode checks raw is a valid Block Kit message and decodes it.
func decode(tb testing.TB, raw []byte) message {
	tb.Helper()
	if err := blockkit.ValidateMessage(raw); err != nil {
		tb.Fatalf("invalid message: %v\n%s", err, raw)
	}
	var m message
	if err := json.Unmarshal(raw, &m); err != nil {
		tb.Fatal(err)
	}
	m.raw = string(raw)
	return m
}

// slash types /session text and returns the decoded ack payload.
func (h *harness) slash(tb testing.TB, text string) message {
	tb.Helper()
	ack, err := h.srv.SlashCommand(testCtx(tb), fakeslack.SlashCommand{Text: text})
	if err != nil {
		tb.Fatal(err)
	}
	return decode(tb, ack.Payload)
}

// press clicks a button on an ephemeral message and returns the new
// response_url posts it caused, waiting for want of them.
func (h *harness) press(tb testing.TB, actionID, value string, want int) []fakeslack.Call {
	tb.Helper()
	url := h.srv.NewResponseURL()
	a := fakeslack.Action{ActionID: actionID, Value: value, Ephemeral: true, ResponseURL: url}
	ack, err := h.srv.Interaction(testCtx(tb), h.srv.BlockActions(a))
	if err != nil {
		tb.Fatal(err)
	}
	if len(ack.Payload) != 0 {
		tb.Errorf("interaction ack carries a payload: %s", ack.Payload)
	}
	return h.posts(tb, url, want)
}

// posts waits for want response_url posts to url and returns them.
func (h *harness) posts(tb testing.TB, url string, want int) []fakeslack.Call {
	tb.Helper()
	for n := 1; ; {
		calls, err := h.srv.WaitCalls(testCtx(tb), fakeslack.MethodResponseURL, n)
		if err != nil {
			tb.Fatal(err)
		}
		var got []fakeslack.Call
		for _, c := range calls {
			if c.ResponseURL == url {
				got = append(got, c)
			}
		}
		if len(got) >= want {
			return got
		}
		n = len(calls) + 1
	}
}

// searcher is what the bot needs from an index.
type searcher interface {
	Search(ctx context.Context, q index.Query) (index.Result, error)
	Sessions() ([]session.Session, error)
}
