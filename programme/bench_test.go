package programme

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// Figures (go test -bench . -benchmem ./programme/, linux/amd64, see the
// report that introduced them): the targets are < 50 ms for an unchanged
// FOSDEM source and < 1 s for a 10k-session diff.

// BenchmarkSyncUnchangedFOSDEM syncs FOSDEM 2025 (1,105 events, 3.4 MB of
// XML) when it is read again but has not changed: fetch, hash, meta update;
// no parse, no index work.
func BenchmarkSyncUnchangedFOSDEM(b *testing.B) {
	dir := b.TempDir()
	data, err := os.ReadFile("../session/testdata/fosdem-2025_schedule.xml")
	if err != nil {
		b.Fatal(err)
	}
	src := filepath.Join(dir, "schedule.xml")
	if err := os.WriteFile(src, data, 0o600); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(filepath.Join(dir, "sessionbot.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ix, err := index.Open(filepath.Join(dir, "index"), index.Options{Location: brussels})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	s := &Syncer{Source: Source{URL: src, Location: brussels}, Fetcher: &session.Fetcher{}, Store: st, Index: ix, Logger: slog.New(slog.DiscardHandler)}
	if _, err := s.Sync(b.Context(), t0, SyncOptions{}); err != nil {
		b.Fatal(err)
	}
	mtime := t0
	for b.Loop() {
		mtime = mtime.Add(time.Second) // a new version to the fetcher, same bytes
		if err := os.Chtimes(src, mtime, mtime); err != nil {
			b.Fatal(err)
		}
		rep, err := s.Sync(b.Context(), t0, SyncOptions{})
		if err != nil || !rep.Unchanged {
			b.Fatalf("Sync = %+v, %v; want Unchanged", rep, err)
		}
	}
}

// programme10k returns 10,000 sessions and a next version of them with 100
// moved, 50 removed and 50 added.
func programme10k() (before, after []session.Session) {
	for n := range 10_000 {
		s := talk(n)
		s.ID = fmt.Sprintf("s%05d", n)
		before = append(before, s)
	}
	after = append(after, before[50:]...)
	for i := range 100 {
		after[i*90].Room = "Main Hall"
	}
	for n := 10_000; n < 10_050; n++ {
		s := talk(n)
		s.ID = fmt.Sprintf("s%05d", n)
		after = append(after, s)
	}
	return before, after
}

// BenchmarkDiff10k diffs two 10,000-session snapshots and runs the drop
// guard on the result, as a sync does before deciding.
func BenchmarkDiff10k(b *testing.B) {
	before, after := programme10k()
	s := &Syncer{}
	meta := store.Meta{Synced: true}
	snap := snapshot{hash: "h", parsed: session.Result{Sessions: after}}
	for b.Loop() {
		d := session.Compare(before, after)
		if len(d.Changed) != 100 || len(d.Removed) != 50 || len(d.Added) != 50 {
			b.Fatalf("diff: %d changed, %d removed, %d added", len(d.Changed), len(d.Removed), len(d.Added))
		}
		if v := s.judge(t0, meta, SyncOptions{}, snap, len(before), len(d.Removed)); v.hold {
			b.Fatal("guard held a 0.5% drop")
		}
	}
}

// BenchmarkApply10k commits a 10,000-session snapshot over the other one,
// alternating, so each commit has 100 moved, 50 removed, 50 added or back.
func BenchmarkApply10k(b *testing.B) {
	before, after := programme10k()
	st, err := store.Open(filepath.Join(b.TempDir(), "sessionbot.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	snaps := [][]session.Session{before, after}
	now := t0
	if _, err := st.Apply(store.Commit{Sessions: before, Now: now}); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		now = now.Add(time.Minute)
		if _, err := st.Apply(store.Commit{Sessions: snaps[i%2], Now: now, Announce: true}); err != nil {
			b.Fatal(err)
		}
	}
}
