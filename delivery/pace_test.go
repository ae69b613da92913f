package delivery

import (
	"testing"
	"testing/synctest"
	"time"
)

// TestPace checks the pace and that a pause holds every caller back.
func TestPace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPace(10)
		begin := time.Now()
		for range 5 {
			if err := p.Wait(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if took := time.Since(begin); took != 400*time.Millisecond {
			t.Errorf("5 calls at 10/s took %v, want 400ms (the first at once)", took)
		}
		p.Pause(3 * time.Second)
		begin = time.Now()
		if err := p.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(begin); took < 3*time.Second || took > 3*time.Second+100*time.Millisecond {
			t.Errorf("a call during a 3s pause waited %v", took)
		}
	})
}

// TestPaceUnpaced lets calls through at once, but still pauses after a
// 429 (at least a second, for Retry-After: 0).
func TestPaceUnpaced(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPace(0)
		begin := time.Now()
		for range 100 {
			if err := p.Wait(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if took := time.Since(begin); took != 0 {
			t.Errorf("100 unpaced calls took %v", took)
		}
		p.Pause(0)
		if err := p.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(begin); took != time.Second {
			t.Errorf("a call after a 429 with Retry-After 0 waited %v, want 1s", took)
		}
	})
}
