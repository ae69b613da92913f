package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/session"
)

// catalogue10k builds a realistic-sized catalogue of n sessions.
func catalogue10k(n int) []session.Session {
	out := make([]session.Session, n)
	for i := range out {
		start := t0.Add(time.Duration(i%40) * 30 * time.Minute)
		out[i] = session.Session{
			ID:       fmt.Sprintf("sz-%06d", i),
			Title:    fmt.Sprintf("Session %d: a talk about Kubernetes secrets and other things", i),
			Abstract: "Secrets are a key pillar of Kubernetes' security model. This talk explains why base64 is not encryption and what to do instead.",
			Speakers: []session.Speaker{{Name: fmt.Sprintf("Speaker %d", i), Company: "Example Corp"}},
			Track:    "Security",
			Room:     fmt.Sprintf("Room %d", i%12),
			Tags:     []string{"kubernetes", "security"},
			Start:    start,
			End:      start.Add(45 * time.Minute),
			URL:      fmt.Sprintf("https://example.org/talks/%d", i),
		}
	}
	return out
}

// BenchmarkApply10k applies a 10,000-session catalogue in which 10 sessions
// moved since the last sync, with announcements on.
func BenchmarkApply10k(b *testing.B) {
	s := openT(b, filepath.Join(b.TempDir(), "sessionbot.db"))
	base := catalogue10k(10_000)
	mustApply(b, s, Commit{Sessions: base, Now: t0})
	moved := append([]session.Session(nil), base...)
	var changes []session.Change
	for i := 0; i < 10_000; i += 1000 {
		moved[i].Room = "Main Hall"
		changes = append(changes, session.Change{Old: base[i], New: moved[i], Fields: []string{"room"}})
	}
	snapshots := [][]session.Session{moved, base}
	n := 0
	for b.Loop() {
		mustApply(b, s, Commit{Sessions: snapshots[n%2], Now: t0.Add(time.Duration(n) * time.Minute), Announce: true, Changes: changes})
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
}

// BenchmarkCatalogue10k loads a 10,000-session catalogue, as a rebuild of
// the index from the store does.
func BenchmarkCatalogue10k(b *testing.B) {
	s := openT(b, filepath.Join(b.TempDir(), "sessionbot.db"))
	mustApply(b, s, Commit{Sessions: catalogue10k(10_000), Now: t0})
	for b.Loop() {
		cat, err := s.Catalogue()
		if err != nil || len(cat) != 10_000 {
			b.Fatalf("Catalogue: %d sessions, %v", len(cat), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
}
