package index

import (
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/session"
)

// Speed goals (2-core machine): FOSDEM cold < 2 s, 10k sessions cold < 15 s,
// reopen + unchanged Sync < 1 s, median search at 10k ≤ 0.5 ms (docs/benchmarks.md).

func BenchmarkIndexFOSDEM(b *testing.B) {
	ss := loadSessions(b, fosdemFile, session.FormatFrabXML)
	benchmarkIndex(b, ss)
}

func BenchmarkIndexSynthetic10k(b *testing.B) {
	ss := synthetic(loadSessions(b, fosdemFile, session.FormatFrabXML), 10_000)
	benchmarkIndex(b, ss)
}

func benchmarkIndex(b *testing.B, ss []session.Session) {
	dir := b.TempDir()
	n := 0
	for b.Loop() {
		n++
		ix, err := Open(filepath.Join(dir, strconv.Itoa(n)), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Sync(ss); err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReopenUnchanged(b *testing.B) {
	ss := loadSessions(b, fosdemFile, session.FormatFrabXML)
	dir := b.TempDir()
	ix, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ix.Sync(ss); err != nil {
		b.Fatal(err)
	}
	ix.Close()
	for b.Loop() {
		ix, err := Open(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		st, err := ix.Sync(ss)
		if err != nil || !st.Unchanged {
			b.Fatalf("Sync = %+v, %v; want unchanged", st, err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchQueries are what people type: words, two-word topics, prefixes,
// typos, phrases and filters.
var benchQueries = []string{
	"kubernetes", "rust linux", "kube", "serverles", "kuberentes", "postgres",
	"observability ebpf", "open source firmware", `"confidential computing"`,
	"speaker:schwartz", "track:rust day:sat", "python packaging", "webassem",
	"secrity", "genode", "go day:sun", "firefox code review", "reproducible builds nix",
}

func BenchmarkSearchFOSDEM(b *testing.B) {
	benchmarkSearch(b, loadSessions(b, fosdemFile, session.FormatFrabXML))
}

func BenchmarkSearch10k(b *testing.B) {
	benchmarkSearch(b, synthetic(loadSessions(b, fosdemFile, session.FormatFrabXML), 10_000))
}

// benchmarkSearch measures a search as /session makes it (parse, score,
// one page of five hits with highlights) over benchQueries, and reports the
// median and 90th percentile.
func benchmarkSearch(b *testing.B, ss []session.Session) {
	dir := b.TempDir()
	ix, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ix.Sync(ss); err != nil {
		b.Fatal(err)
	}
	// Reopen, as a restarted bot would: searches then measure the index at
	// rest, not racing the background merge of the segments just written.
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	if ix, err = Open(dir, Options{}); err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	now := time.Date(2025, 2, 1, 8, 0, 0, 0, time.UTC)
	for _, q := range benchQueries { // warm up: the first search builds the snapshot
		if _, err := ix.Search(b.Context(), ParseQuery(q, now, time.UTC)); err != nil {
			b.Fatal(err)
		}
	}
	var took []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		q := ParseQuery(benchQueries[i%len(benchQueries)], now, time.UTC)
		q.Size = 5
		if _, err := ix.Search(b.Context(), q); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
		i++
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "median-ns/search")
	b.ReportMetric(float64(took[len(took)*9/10].Nanoseconds()), "p90-ns/search")
}
