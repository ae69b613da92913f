package session

import (
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
