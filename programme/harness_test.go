package programme

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// brussels is the conference zone of the tests.
var brussels = mustZone("Europe/Brussels")

// t0 is when the tests' conference programme is first synced.
var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, brussels)

const admin = "U0ADMIN001"

// announceChannel is the tests' announce.channel.
const announceChannel = "C0ANNOUNCE1"

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// env is a data directory with a real store and index and a source file,
// synced by a Syncer the way sessionbot run builds it.
type env struct {
	t      *testing.T
	dir    string
	src    string
	mtime  time.Time // last modification time given to the source file
	st     *store.Store
	ix     *countingIndex
	syncer *Syncer
	// configure adjusts the Syncer each time the env (re)opens.
	configure func(*Syncer)
}

// newEnv opens a fresh data directory.
func newEnv(t *testing.T, configure func(*Syncer)) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), mtime: t0, configure: configure}
	e.src = filepath.Join(e.dir, "sessions.yaml")
	e.open()
	t.Cleanup(e.close)
	return e
}

// open opens the store and index and builds a new Syncer, as a restart
// does.
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
	e.syncer = &Syncer{
		Source:   Source{URL: e.src, Location: brussels},
		Fetcher:  &session.Fetcher{},
		Store:    st,
		Index:    e.ix,
		Announce: Announce{Channel: announceChannel},
		Admins:   []string{admin},
		Logger:   testLogger(e.t),
	}
	if e.configure != nil {
		e.configure(e.syncer)
	}
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
func (e *env) sync(now time.Time, opts SyncOptions) Report {
	e.t.Helper()
	rep, err := e.syncer.Sync(e.t.Context(), now, opts)
	if err != nil {
		e.t.Fatalf("Sync: %v", err)
	}
	return rep
}

// notices returns the admin notices queued so far (sent ones are not
// deleted here: nothing sends them).
func (e *env) notices() []store.Notice {
	e.t.Helper()
	ns, err := e.st.PendingNotices(0)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []store.Notice
	for _, n := range ns {
		if n.Kind == store.NoticeAdmin {
			out = append(out, n)
		}
	}
	return out
}

// texts returns the texts of the admin notices queued so far.
func (e *env) texts() []string {
	var out []string
	for _, n := range e.notices() {
		out = append(out, n.Text)
	}
	return out
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

// search runs a query against the env's index and returns the hit IDs.
func search(t *testing.T, e *env, text string) []string {
	t.Helper()
	res, err := e.ix.Search(t.Context(), index.ParseQuery(text, t0, brussels))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Session.ID)
	}
	return out
}

func catalogueIDs(t *testing.T, e *env) []string {
	t.Helper()
	cat, err := e.st.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	return ids(cat...)
}

func slicesEqual(a, b []string) bool { return cmp.Equal(a, b) }

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
