package delivery

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// TestWake: a Notify made while the loop works is kept for its next sleep,
// many count as one, and a cancelled ctx ends the sleep with false.
func TestWake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var w Wake
		w.Notify()
		w.Notify() // never blocks
		start := time.Now()
		if !w.Sleep(t.Context(), time.Hour) || time.Since(start) != 0 {
			t.Errorf("a kept Notify did not end the sleep at once (slept %v)", time.Since(start))
		}
		if !w.Sleep(t.Context(), time.Minute) || time.Since(start) != time.Minute {
			t.Errorf("two Notify calls counted twice, or the timer did not end the sleep: %v", time.Since(start))
		}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if w.Sleep(ctx, time.Hour) {
			t.Error("Sleep reported true after ctx ended")
		}
	})
}
