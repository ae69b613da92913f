package schedule

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"go.yaml.in/yaml/v3"

	"github.com/sessionbot/sessionbot/announce"
	"github.com/sessionbot/sessionbot/blockkit"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/programme"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// brussels is the conference zone of the tests.
var brussels = mustZone("Europe/Brussels")

// t0 is when the tests' conference programme is first synced.
var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, brussels)

const admin = "U0ADMIN001"

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// env is a data directory with a real store and index, a source file, and a
// fake Slack, wired the way sessionbot run wires them.
type env struct {
	t      *testing.T
	dir    string
	src    string
	mtime  time.Time // last modification time given to the source file
	slack  *fakeslack.Server
	api    *slack.Client
	now    func() time.Time // the Sender's clock; nil: the wall clock
	st     *store.Store
	ix     *countingIndex
	syncer *programme.Syncer
	sender *delivery.Sender
	ann    *announce.Announcer
	// configure adjusts the Syncer each time the env (re)opens.
	configure func(*programme.Syncer)
}

// newEnv starts a fake Slack and opens a fresh data directory.
func newEnv(t *testing.T, configure func(*programme.Syncer)) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), mtime: t0, configure: configure}
	e.src = filepath.Join(e.dir, "sessions.yaml")
	e.slack = fakeslack.New(t)
	e.api = slack.New(fakeslack.BotToken, slack.OptionAPIURL(e.slack.APIURL()))
	e.open()
	t.Cleanup(e.close)
	return e
}

// open opens the store and index and builds a new Syncer and Announcer, as
// a restart does.
func (e *env) open() {
	e.t.Helper()
	st, err := store.Open(filepath.Join(e.dir, "data", "sessionbot.db"), store.Options{})
	if err != nil {
		e.t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(e.dir, "data", "index"), index.Options{Location: brussels})
	if err != nil {
		e.t.Fatal(err)
	}
	e.st, e.ix = st, &countingIndex{Index: ix}
	e.syncer = &programme.Syncer{
		Source:   programme.Source{URL: e.src, Location: brussels},
		Fetcher:  &session.Fetcher{},
		Store:    st,
		Index:    e.ix,
		Announce: programme.Announce{Channel: fakeslack.ChannelID},
		Admins:   []string{admin},
		Logger:   testLogger(e.t),
	}
	if e.configure != nil {
		e.configure(e.syncer)
	}
	e.sender = &delivery.Sender{API: e.api, Channels: st, Now: e.now, Logger: testLogger(e.t)}
	e.ann = &announce.Announcer{Store: st, Sender: e.sender, Channel: fakeslack.ChannelID, Location: brussels, Logger: testLogger(e.t)}
}

// close closes the store and index; a later open is a restart.
func (e *env) close() {
	if e.st == nil {
		return
	}
	if err := e.st.Close(); err != nil {
		e.t.Error(err)
	}
	if err := e.ix.Close(); err != nil {
		e.t.Error(err)
	}
	e.st, e.ix = nil, nil
}

// restart closes and reopens everything but the fake Slack.
func (e *env) restart() { e.close(); e.open() }

// write makes the source file hold sessions in the native YAML format, with
// a later modification time than before so the fetcher sees a new version.
func (e *env) write(sessions ...session.Session) {
	e.t.Helper()
	data, err := yaml.Marshal(struct {
		Sessions []session.Session `yaml:"sessions"`
	}{sessions})
	if err != nil {
		e.t.Fatal(err)
	}
	e.writeRaw(data)
}

// writeRaw makes the source file hold data, with a new modification time.
func (e *env) writeRaw(data []byte) {
	e.t.Helper()
	if err := os.WriteFile(e.src, data, 0o600); err != nil {
		e.t.Fatal(err)
	}
	e.mtime = e.mtime.Add(time.Second)
	if err := os.Chtimes(e.src, e.mtime, e.mtime); err != nil {
		e.t.Fatal(err)
	}
}

// sync runs a sync that must succeed.
func (e *env) sync(now time.Time, opts programme.SyncOptions) programme.Report {
	e.t.Helper()
	rep, err := e.syncer.Sync(e.t.Context(), now, opts)
	if err != nil {
		e.t.Fatalf("Sync: %v", err)
	}
	return rep
}

// flush runs a flush that must succeed.
func (e *env) flush(now time.Time) int {
	e.t.Helper()
	n, err := e.ann.Flush(e.t.Context(), now)
	if err != nil {
		e.t.Fatalf("Flush: %v", err)
	}
	return n
}

// announced returns, for each message posted to the announce channel, the
// session IDs on its Remind me buttons. Every message is validated.
func (e *env) announced() [][]string {
	e.t.Helper()
	var out [][]string
	for _, c := range e.slack.Calls("chat.postMessage") {
		if c.Param("channel") != fakeslack.ChannelID || c.Error != "" {
			continue
		}
		out = append(out, remindIDs(e.t, c))
	}
	return out
}

// remindIDs validates a posted message and returns its Remind me values.
func remindIDs(t *testing.T, c fakeslack.Call) []string {
	t.Helper()
	msg, err := json.Marshal(map[string]any{"text": c.Param("text"), "blocks": c.Blocks()})
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
	if err := json.Unmarshal(c.Blocks(), &blocks); err != nil {
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

// countingIndex is the real index, counting the Syncs it is asked for.
type countingIndex struct {
	*index.Index
	mu    sync.Mutex
	syncs int
}

func (c *countingIndex) SyncVersion(sessions []session.Session, version string) (index.SyncStats, error) {
	c.mu.Lock()
	c.syncs++
	c.mu.Unlock()
	return c.Index.SyncVersion(sessions, version)
}

func (c *countingIndex) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.syncs
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
		Abstract: fmt.Sprintf("All about the %s.", topic),
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
