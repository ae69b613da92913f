package index

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/session"
)

// TestAmong: only the given sessions are matched, closely, and a query
// whose words they do not hold is answered without a search.
func TestAmong(t *testing.T) {
	ix := chatIndex(t, Options{})
	var some []session.Session
	for _, s := range chatSessions() {
		if s.ID == "lock" || s.ID == "wahl" || s.ID == "operator" {
			some = append(some, s)
		}
	}
	a, err := ix.Among(some)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	tests := []struct {
		query string
		want  []string
	}{
		{"lockpicking", []string{"lock"}},
		{"kubernetes", []string{"operator"}}, // "ops" has it too, but is not among them
		{"wahlen", []string{"wahl"}},         // forms count
		{"c++", nil},                         // among the others only
		{"quantum gravity", nil},             // nowhere
		{"monitor anything", nil},            // words the three do not hold
		{"kubernetes operators lockpicking", []string{"operator", "lock"}}, // two thirds, and a third
	}
	for _, tt := range tests {
		got, err := a.Match(t.Context(), ParseQuery(tt.query, time.Now(), time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.query, diff)
		}
	}
}

// BenchmarkAmongFollows: 20,000 follows (1,000 users × 20) matched against
// the ten sessions a sync added, on FOSDEM.
func BenchmarkAmongFollows(b *testing.B) {
	ix := fixtures.get(b, "fosdem")
	all, err := ix.Sessions()
	if err != nil {
		b.Fatal(err)
	}
	added := all[:10]
	queries := followQueries(all, 20_000)
	now := time.Date(2025, 2, 1, 8, 0, 0, 0, time.UTC)
	for b.Loop() {
		a, err := ix.Among(added)
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range queries {
			if _, err := a.Match(b.Context(), ParseQuery(q, now, time.UTC)); err != nil {
				b.Fatal(err)
			}
		}
		a.Close()
	}
}

// followQueries makes n follow queries of one to three title words.
func followQueries(ss []session.Session, n int) []string {
	out := make([]string, n)
	for i := range out {
		ws := words(ss[(i*7919)%len(ss)].Title)
		k := 1 + i%3
		if len(ws) > k {
			ws = ws[i%(len(ws)-k+1) : i%(len(ws)-k+1)+k]
		}
		out[i] = strings.Join(ws, " ")
	}
	return out
}
