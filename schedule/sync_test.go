package schedule

import (
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/programme"
)

// testLogger logs to the test's output while it runs. Goroutines that log
// after the test ended (robfig/cron logs "stop" after Stop returned) are
// dropped: writing to a finished test's output panics.
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

// TestAnnounceOnce walks one data directory through the ways a session could
// be announced twice (invariant 1 in ARCHITECTURE.md) and checks that each
// new session is announced exactly once, in one digest per sync.
func TestAnnounceOnce(t *testing.T) {
	e := newEnv(t, nil)
	now := t0
	step := func(name string, want [][]string) {
		t.Helper()
		now = now.Add(10 * time.Minute)
		e.flush(now)
		if diff := cmp.Diff(want, e.announced()); diff != "" {
			t.Fatalf("after %s: announced (-want +got):\n%s", name, diff)
		}
	}

	e.write(talks(1, 5)...)
	if rep := e.sync(now, programme.SyncOptions{}); len(rep.Diff.Added) != 5 || rep.Queued != 0 {
		t.Fatalf("first sync: %d added, %d queued; want 5 added, 0 queued", len(rep.Diff.Added), rep.Queued)
	}
	step("a quiet first sync", nil)
	if got := search(t, e, "dolphin"); !slicesEqual(got, []string{"talk-03"}) {
		t.Fatalf("search after first sync = %v", got)
	}

	e.write(talks(1, 8)...)
	if rep := e.sync(now, programme.SyncOptions{}); rep.Queued != 1 {
		t.Fatalf("three added: queued %d messages, want 1", rep.Queued)
	}
	digest := [][]string{ids(talks(6, 8)...)}
	step("three added", digest)

	e.write(talks(1, 8)...) // rewritten: new mtime, same content
	syncs := e.ix.count()
	if rep := e.sync(now, programme.SyncOptions{}); !rep.Unchanged {
		t.Fatalf("same source again: Unchanged = false, report %+v", rep)
	}
	if e.ix.count() != syncs {
		t.Errorf("same source again: the index was synced")
	}
	if rep := e.sync(now, programme.SyncOptions{}); !rep.NotModified {
		t.Errorf("untouched source: NotModified = false")
	}
	step("same source again", digest)

	e.write(append(talks(1, 5), talk(8))...)
	e.sync(now, programme.SyncOptions{})
	step("two announced sessions removed", digest)
	e.write(talks(1, 8)...)
	e.sync(now, programme.SyncOptions{})
	step("and back", digest)

	e.restart()
	e.sync(now, programme.SyncOptions{})
	e.write(talks(1, 8)...)
	e.sync(now, programme.SyncOptions{})
	step("restart", digest)

	e.write(talks(1, 9)...)
	e.sync(now, programme.SyncOptions{})
	e.restart() // crash between "found" and "posted"
	e.sync(now, programme.SyncOptions{})
	digest = append(digest, []string{"talk-09"})
	step("found, restarted, flushed", digest)
	step("flushed again", digest)
}

// TestScheduleChanges moves an announced session, moves a never-announced
// one and cancels an announced one: one "schedule changes" message names
// the announced two.
func TestScheduleChanges(t *testing.T) {
	e := newEnv(t, func(s *programme.Syncer) { s.Announce.Changes = true })
	e.write(talks(1, 4)...)
	e.sync(t0, programme.SyncOptions{})
	e.write(talks(1, 8)...)
	e.sync(t0.Add(time.Minute), programme.SyncOptions{})
	e.flush(t0.Add(time.Minute))

	moved, quiet, retitled := talk(6), talk(2), talk(8)
	moved.Room = "Main Hall"
	quiet.Start = quiet.Start.Add(time.Hour)
	retitled.Title = "Talk 8, renamed"
	e.write(talk(1), quiet, talk(3), talk(4), talk(5), moved, retitled) // talk 7 cancelled
	if rep := e.sync(t0.Add(2*time.Minute), programme.SyncOptions{}); rep.Queued != 1 {
		t.Fatalf("queued %d messages, want 1", rep.Queued)
	}
	e.flush(t0.Add(2 * time.Minute))
	posts := e.slack.Calls("chat.postMessage")
	if len(posts) != 2 {
		t.Fatalf("%d messages posted, want the digest and one schedule change message", len(posts))
	}
	text, blocks := posts[1].Param("text"), string(posts[1].Blocks())
	if text != "2 schedule changes" {
		t.Errorf("changes message text = %q", text)
	}
	for _, want := range []string{"Talk 6 on giraffe", "Main Hall", "Talk 7 on hedgehog* — cancelled"} {
		if !strings.Contains(blocks, want) {
			t.Errorf("changes message lacks %q:\n%s", want, blocks)
		}
	}
	if strings.Contains(blocks, "Talk 2") || strings.Contains(blocks, "Talk 8") {
		t.Errorf("changes message names a session never announced or not moved:\n%s", blocks)
	}
	remindIDs(t, posts[1]) // validates it
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
