package store

import (
	"testing"
	"time"
)

// TestNextDueAfter skips the due times at or before t, such as a reminder
// overdue and waiting in backoff, and finds the next one.
func TestNextDueAfter(t *testing.T) {
	s := newStore(t)
	if _, ok, err := s.NextDueAfter(t0); err != nil || ok {
		t.Fatalf("NextDueAfter on empty store: %v, %v", ok, err)
	}
	mustSet(t, s, rem("U1", "none", time.Time{}), rem("U1", "a", t0), rem("U2", "a", t0), rem("U1", "b", t0.Add(time.Hour)))
	a := t0.Add(-lead)
	for _, tt := range []struct {
		name  string
		after time.Time
		want  time.Time
		ok    bool
	}{
		{"before all", a.Add(-time.Hour), a, true},
		{"just before", a.Add(-time.Nanosecond), a, true},
		{"at the first", a, t0.Add(time.Hour - lead), true},
		{"between", a.Add(time.Minute), t0.Add(time.Hour - lead), true},
		{"at the last", t0.Add(time.Hour - lead), time.Time{}, false},
		{"far future", t0.AddDate(400, 0, 0), time.Time{}, false},
		{"zero", time.Time{}, a, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := s.NextDueAfter(tt.after)
			if err != nil || ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("NextDueAfter(%v) = %v, %v, %v; want %v, %v", tt.after, got, ok, err, tt.want, tt.ok)
			}
		})
	}
}
