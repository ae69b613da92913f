package announce

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/blockkit"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// brussels is the conference zone of the tests.
var brussels = mustZone("Europe/Brussels")

// t0 is when the tests' outbox entries are queued.
var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, brussels)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// env is a store, a fake Slack stamping messages with the test clock, and
// an Announcer posting to fakeslack.ChannelID through them.
type env struct {
	t     *testing.T
	path  string
	now   time.Time // the clock of the Sender and of the fake Slack
	slack *fakeslack.Server
	api   *slack.Client
	st    *store.Store
	ann   *Announcer
	// wrap wraps the Slack client the Sender uses; nil uses it as is.
	wrap func(slackAPI) slackAPI
}

// slackAPI is the part of slack.Client the delivery path calls.
type slackAPI interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
}

func newEnv(t *testing.T, opts ...fakeslack.Option) *env {
	t.Helper()
	e := &env{t: t, path: filepath.Join(t.TempDir(), "sessionbot.db"), now: t0}
	e.slack = fakeslack.New(t, append(opts, fakeslack.WithNow(e.clock))...)
	e.api = slack.New(fakeslack.BotToken, slack.OptionAPIURL(e.slack.APIURL()))
	e.open()
	t.Cleanup(e.close)
	return e
}

func (e *env) clock() time.Time { return e.now }

// open opens the store and builds an Announcer, as a restart does.
func (e *env) open() {
	e.t.Helper()
	st, err := store.Open(e.path, store.Options{})
	if err != nil {
		e.t.Fatal(err)
	}
	e.st = st
	e.build()
}

// build makes a new Sender and Announcer.
func (e *env) build() {
	var api slackAPI = e.api
	if e.wrap != nil {
		api = e.wrap(api)
	}
	sender := &delivery.Sender{API: api, Channels: e.st, Now: e.clock, Logger: testLogger(e.t)}
	e.ann = &Announcer{Store: e.st, Sender: sender, Channel: fakeslack.ChannelID, Location: brussels, Logger: testLogger(e.t)}
}

func (e *env) close() {
	if e.st == nil {
		return
	}
	if err := e.st.Close(); err != nil {
		e.t.Error(err)
	}
	e.st = nil
}

// restart closes and reopens the store and the Announcer.
func (e *env) restart() { e.close(); e.open() }

// apply commits a snapshot as a sync does, queuing announcements.
func (e *env) apply(sessions []session.Session, changes ...session.Change) {
	e.t.Helper()
	m, err := e.st.Meta()
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.st.Apply(store.Commit{Sessions: sessions, Meta: m, Now: e.now, Announce: m.Synced, Changes: changes}); err != nil {
		e.t.Fatal(err)
	}
}

// flush runs a flush at the test clock that must succeed.
func (e *env) flush(now time.Time) int {
	e.t.Helper()
	e.now = now
	n, err := e.ann.Flush(e.t.Context(), now)
	if err != nil {
		e.t.Fatalf("Flush: %v", err)
	}
	return n
}

// announced returns, for each message in the announce channel, the
// session IDs on its Remind me buttons. Every message is validated.
func (e *env) announced() [][]string {
	e.t.Helper()
	var out [][]string
	for _, m := range e.slack.History(fakeslack.ChannelID) {
		out = append(out, remindIDs(e.t, m.Text, m.Blocks))
	}
	return out
}

// remindIDs validates a posted message and returns its Remind me values.
func remindIDs(t *testing.T, text string, raw json.RawMessage) []string {
	t.Helper()
	if raw == nil {
		return []string{} // plain text
	}
	msg, err := json.Marshal(map[string]any{"text": text, "blocks": raw})
	if err != nil {
		t.Fatal(err)
	}
	if err := blockkit.ValidateMessage(msg); err != nil {
		t.Errorf("posted message is not valid Block Kit: %v", err)
	}
	var blocks []struct {
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(raw, &blocks); err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, b := range blocks {
		for _, el := range b.Elements {
			if el.ActionID == "session.remind" {
				ids = append(ids, el.Value)
			}
		}
	}
	slices.Sort(ids)
	return ids
}

// animals make each talk findable by one word no other talk is near.
var animals = []string{"aardvark", "bison", "cheetah", "dolphin", "elephant", "flamingo", "giraffe",
	"hedgehog", "iguana", "jackal", "koala", "lobster", "meerkat", "narwhal", "octopus", "penguin"}

// talk is a made-up session n of the programme, about animals[n%16].
func talk(n int) session.Session {
	topic := animals[n%len(animals)]
	start := time.Date(2026, 11, 28, 9, 0, 0, 0, brussels).Add(time.Duration(n) * 30 * time.Minute)
	return session.Session{
		ID:       fmt.Sprintf("talk-%02d", n),
		Title:    fmt.Sprintf("Talk %d on %s", n, topic),
		Speakers: []session.Speaker{{Name: fmt.Sprintf("Speaker %d", n), Company: "Acme"}},
		Room:     fmt.Sprintf("Room %d", n%3+1),
		Start:    start,
		End:      start.Add(25 * time.Minute),
	}
}

// talks returns sessions talk(from) … talk(to).
func talks(from, to int) []session.Session {
	var out []session.Session
	for n := from; n <= to; n++ {
		out = append(out, talk(n))
	}
	return out
}

// ids returns the sorted IDs of sessions.
func ids(sessions ...session.Session) []string {
	out := []string{}
	for _, s := range sessions {
		out = append(out, s.ID)
	}
	slices.Sort(out)
	return out
}

// testLogger logs to the test's output while it runs, and drops what
// goroutines log after the test ended (writing to a finished test's output
// panics).
func testLogger(t *testing.T) *slog.Logger {
	w := &testOutput{out: t.Output()}
	t.Cleanup(w.close)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testOutput struct {
	mu   sync.Mutex
	out  io.Writer
	done bool
}

func (w *testOutput) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return len(p), nil
	}
	return w.out.Write(p)
}

func (w *testOutput) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
}
