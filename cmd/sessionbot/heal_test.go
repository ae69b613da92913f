package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
)

// TestDamagedIndexSegment garbles the term dictionaries of the index's
// segment (the file still opens) and runs the real binary: before, every
// search failed ("search failed") until someone deleted the index by hand.
// The first search must rebuild the index from the store, say so in the log
// and answer; the next finds a sound index.
func TestDamagedIndexSegment(t *testing.T) {
	cfg, dataDir := usedDataDir(t)
	segs, err := filepath.Glob(filepath.Join(dataDir, indexDir, "store", "*.zap"))
	if err != nil || len(segs) != 1 {
		t.Fatalf("want one segment, got %v, %v", segs, err)
	}
	data, err := os.ReadFile(segs[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := len(data) / 5; i < 2*len(data)/5; i++ {
		data[i] = byte(i*31 + 7)
	}
	if err := os.WriteFile(segs[0], data, 0o600); err != nil {
		t.Fatal(err)
	}

	first := runBinary(t, false, "search", "-config", cfg, "cassandra")
	if first.code != 0 || !strings.Contains(first.stdout, "Data Modeling in the 24th") {
		t.Fatalf("search on a damaged index: exit %d\nstdout:\n%s\nstderr:\n%s", first.code, first.stdout, first.stderr)
	}
	for _, want := range []string{"level=ERROR", "index: damaged; rebuilding it from the store", "level=WARN", "index: rebuilt from the store"} {
		if !strings.Contains(first.stdout, want) {
			t.Errorf("the log lacks %q:\n%s", want, first.stdout)
		}
	}
	second := runBinary(t, false, "search", "-config", cfg, "cassandra")
	if second.code != 0 || strings.Contains(second.stdout, "rebuil") || !strings.Contains(second.stdout, "Data Modeling in the 24th") {
		t.Errorf("search after the rebuild: exit %d\nstdout:\n%s\nstderr:\n%s", second.code, second.stdout, second.stderr)
	}
}

// fakeIndex fails searches with index.ErrCorrupt while damaged; Rebuild
// cures it unless incurable.
type fakeIndex struct {
	mu         sync.Mutex
	damaged    bool
	incurable  bool
	rebuilds   int
	rebuildErr error
	loaded     int // sessions the last Rebuild loaded
}

func (f *fakeIndex) Search(ctx context.Context, q index.Query) (index.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.damaged {
		return index.Result{}, fmt.Errorf("index: search %q: %w", q.Raw, index.ErrCorrupt)
	}
	return index.Result{Total: 1}, nil
}

func (f *fakeIndex) Sessions() ([]session.Session, error) { return nil, nil }

func (f *fakeIndex) Among([]session.Session) (*index.Among, error) {
	return nil, errors.New("not for this test")
}

func (f *fakeIndex) Rebuild(load func() ([]session.Session, error)) (index.SyncStats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rebuilds++
	if f.rebuildErr != nil {
		return index.SyncStats{}, f.rebuildErr
	}
	ss, err := load()
	if err != nil {
		return index.SyncStats{}, err
	}
	f.loaded = len(ss)
	f.damaged = f.incurable
	return index.SyncStats{Upserted: len(ss)}, nil
}

// newHealing returns a healingIndex over f whose clock the test moves, and
// the log it writes.
func newHealing(f *fakeIndex, now *time.Time) (*healingIndex, *bytes.Buffer) {
	var log bytes.Buffer
	catalogue := func() ([]session.Session, error) { return []session.Session{{ID: "a"}, {ID: "b"}}, nil }
	return &healingIndex{index: f, catalogue: catalogue, log: slog.New(slog.NewTextHandler(&log, nil)),
		now: func() time.Time { return *now }}, &log
}

func TestHealingIndex(t *testing.T) {
	q := index.ParseQuery("kubernetes", time.Time{}, nil)
	t.Run("damaged: one rebuild, then answered", func(t *testing.T) {
		now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
		f := &fakeIndex{damaged: true}
		h, log := newHealing(f, &now)
		res, err := h.Search(t.Context(), q)
		if err != nil || res.Total != 1 {
			t.Fatalf("Search = %+v, %v; want the answer after the rebuild", res, err)
		}
		if f.rebuilds != 1 || f.loaded != 2 {
			t.Errorf("rebuilds = %d from %d sessions, want 1 from the catalogue's 2", f.rebuilds, f.loaded)
		}
		if n := strings.Count(log.String(), "rebuilding it from the store"); n != 1 {
			t.Errorf("logged %d rebuilds:\n%s", n, log)
		}
	})
	t.Run("damaged again: no loop", func(t *testing.T) {
		now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
		f := &fakeIndex{damaged: true, incurable: true}
		h, log := newHealing(f, &now)
		for i := range 5 {
			if _, err := h.Search(t.Context(), q); !index.IsCorrupt(err) {
				t.Fatalf("search %d: %v, want the corruption reported", i, err)
			}
			now = now.Add(time.Minute)
		}
		if f.rebuilds != 1 {
			t.Errorf("rebuilds = %d within %v, want 1", f.rebuilds, rebuildQuiet)
		}
		if n := strings.Count(log.String(), "damaged again soon after a rebuild"); n != 1 {
			t.Errorf("logged the refusal %d times, want once:\n%s", n, log)
		}
		now = now.Add(rebuildQuiet)
		h.Search(t.Context(), q)
		if f.rebuilds != 2 {
			t.Errorf("rebuilds = %d after the quiet time, want 2", f.rebuilds)
		}
	})
	t.Run("rebuild fails", func(t *testing.T) {
		now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
		f := &fakeIndex{damaged: true, rebuildErr: errors.New("read-only file system")}
		h, log := newHealing(f, &now)
		if _, err := h.Search(t.Context(), q); !index.IsCorrupt(err) {
			t.Errorf("Search: %v, want the corruption reported", err)
		}
		if !strings.Contains(log.String(), "rebuild failed") {
			t.Errorf("log:\n%s", log)
		}
	})
	t.Run("other errors rebuild nothing", func(t *testing.T) {
		now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
		f := &fakeIndex{}
		h, _ := newHealing(f, &now)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		h.index = slowIndex{f}
		if _, err := h.Search(ctx, q); !errors.Is(err, context.Canceled) || f.rebuilds != 0 {
			t.Errorf("Search = %v with %d rebuilds; want context.Canceled and none", err, f.rebuilds)
		}
	})
	t.Run("many searches at once: one rebuild", func(t *testing.T) {
		now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
		f := &fakeIndex{damaged: true}
		h, _ := newHealing(f, &now)
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if _, err := h.Search(t.Context(), q); err != nil {
					t.Errorf("Search: %v", err)
				}
			})
		}
		wg.Wait()
		if f.rebuilds != 1 {
			t.Errorf("rebuilds = %d, want 1", f.rebuilds)
		}
	})
}

// slowIndex is a fakeIndex whose searches end with their context.
type slowIndex struct{ *fakeIndex }

func (s slowIndex) Search(ctx context.Context, q index.Query) (index.Result, error) {
	<-ctx.Done()
	return index.Result{}, fmt.Errorf("index: search %q: %w", q.Raw, ctx.Err())
}
