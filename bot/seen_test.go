package bot

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/session"
)

func TestSeenSet(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	s := newSeenSet(3, time.Minute, func() time.Time { return now })
	e, first := s.claim("a")
	if !first {
		t.Fatal("first claim of a not first")
	}
	e.finish(json.RawMessage(`{"text":"hi"}`))
	if again, first := s.claim("a"); first || string(again.wait(t.Context(), time.Second)) != `{"text":"hi"}` {
		t.Error("second claim of a is not the first's entry with its payload")
	}
	for _, id := range []string{"b", "c", "d"} {
		s.claim(id)
	}
	if n := s.len(); n != 3 {
		t.Errorf("%d remembered, want the capacity 3", n)
	}
	if _, first := s.claim("a"); !first {
		t.Error("a still remembered after three newer envelopes filled the set")
	}
	now = now.Add(2 * time.Minute)
	if _, first := s.claim("d"); !first || s.len() != 1 {
		t.Errorf("d remembered past its TTL; %d remembered, want 1", s.len())
	}
}

func TestSeenWaitGivesUp(t *testing.T) {
	s := newSeenSet(10, time.Minute, time.Now)
	s.claim("slow") // its handler never finishes
	e, _ := s.claim("slow")
	if got := e.wait(t.Context(), time.Millisecond); got != nil {
		t.Errorf("wait = %s, want a bare ack", got)
	}
}

func TestExamples(t *testing.T) {
	all := []session.Session{
		{Title: "Kubernetes secrets", Track: "Security", Speakers: []session.Speaker{{Name: "Seth Vargo"}}},
		{Title: "Securing Kubernetes", Track: "Security", Speakers: []session.Speaker{{Name: "Kelsey Hightower"}}},
		{Title: "Generics in practice", Track: "Go Lang", Speakers: []session.Speaker{{Name: "Seth Vargo"}, {Name: "Cher"}}},
	}
	want := []string{"kubernetes", "speaker:vargo", "track:Security"}
	for range 3 { // map order must not matter
		if diff := cmp.Diff(want, examples(all)); diff != "" {
			t.Fatalf("examples (-want +got):\n%s", diff)
		}
	}
	if got := examples(nil); len(got) != 0 {
		t.Errorf("examples of an empty programme = %v", got)
	}
}
