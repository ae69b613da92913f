package session

import (
	"slices"
	"testing"
	"time"
)

func TestOver(t *testing.T) {
	start := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		s    Session
		now  time.Time
		want bool
	}{
		{"no time", Session{}, start.Add(100 * time.Hour), false},
		{"before its end", Session{Start: start, End: start.Add(30 * time.Minute)}, start.Add(29 * time.Minute), false},
		{"at its end", Session{Start: start, End: start.Add(30 * time.Minute)}, start.Add(30 * time.Minute), true},
		{"no end: within the assumed hour", Session{Start: start}, start.Add(59 * time.Minute), false},
		{"no end: after the assumed hour", Session{Start: start}, start.Add(time.Hour), true},
		{"end before start counts as none", Session{Start: start, End: start.Add(-time.Minute)}, start.Add(30 * time.Minute), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Over(tt.now); got != tt.want {
				t.Errorf("Over = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestByStart(t *testing.T) {
	at := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	in := []Session{
		{ID: "tba", Title: "A"},
		{ID: "late", Title: "A", Start: at.Add(time.Hour)},
		{ID: "b", Title: "B", Start: at},
		{ID: "a2", Title: "A", Start: at},
		{ID: "a1", Title: "A", Start: at},
	}
	slices.SortFunc(in, ByStart)
	var got []string
	for _, s := range in {
		got = append(got, s.ID)
	}
	if want := []string{"a1", "a2", "b", "late", "tba"}; !slices.Equal(got, want) {
		t.Errorf("ByStart order %v, want %v", got, want)
	}
}
