package clock

import (
	"testing"
	"time"
)

func TestZeroIsWallClock(t *testing.T) {
	var c Clock
	before := time.Now()
	got := c.Now()
	after := time.Now()
	if got.Before(before) || got.After(after) {
		t.Fatalf("Now() = %v, want between %v and %v", got, before, after)
	}
	if c.Offset() != 0 {
		t.Fatalf("Offset() = %v, want 0", c.Offset())
	}
}

func TestAdvance(t *testing.T) {
	tests := []struct {
		name  string
		steps []time.Duration
		want  time.Duration
		calls int
	}{
		{"forward", []time.Duration{time.Hour, 90 * time.Second}, time.Hour + 90*time.Second, 2},
		{"never backwards", []time.Duration{time.Hour, -30 * time.Minute}, time.Hour, 1},
		{"zero does nothing", []time.Duration{0}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Clock
			calls := 0
			c.OnJump(func() { calls++ })
			for _, d := range tt.steps {
				c.Advance(d)
			}
			if c.Offset() != tt.want {
				t.Errorf("Offset() = %v, want %v", c.Offset(), tt.want)
			}
			if calls != tt.calls {
				t.Errorf("OnJump called %d times, want %d", calls, tt.calls)
			}
			if lag := time.Until(c.Now()) - tt.want; lag > time.Second || lag < -time.Second {
				t.Errorf("Now() is %v off the wall clock plus the offset", lag)
			}
		})
	}
}

func TestAdvanceTo(t *testing.T) {
	var c Clock
	target := time.Now().Add(3 * time.Hour)
	c.AdvanceTo(target)
	if d := c.Now().Sub(target); d < 0 || d > time.Second {
		t.Fatalf("after AdvanceTo(%v), Now() = %v", target, c.Now())
	}
	c.AdvanceTo(target.Add(-time.Hour)) // the past: ignored
	if d := c.Now().Sub(target); d < 0 || d > time.Second {
		t.Fatalf("AdvanceTo a past time moved the clock to %v", c.Now())
	}
}
