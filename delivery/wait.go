package delivery

import (
	"context"
	"sync"
	"time"
)

// Wait waits d, or until ctx ends; it returns ctx's error when ctx ended
// first. A d of zero or less returns at once.
func Wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Wake is the wake-up call of a loop that sleeps between rounds (the
// postman, Ahead, the room poster): Notify never blocks, and calls made
// while the loop works count as one, kept for its next sleep. The zero
// Wake is ready to use; it is safe for concurrent use.
type Wake struct {
	once sync.Once
	c    chan struct{}
}

func (w *Wake) ch() chan struct{} {
	w.once.Do(func() { w.c = make(chan struct{}, 1) })
	return w.c
}

// Notify wakes the loop: now if it sleeps, else as soon as it next would.
func (w *Wake) Notify() {
	select {
	case w.ch() <- struct{}{}:
	default:
	}
}

// Sleep waits d, or until Notify is called, and reports false when ctx
// ended first.
func (w *Wake) Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-w.ch():
	case <-ctx.Done():
		return false
	}
	return true
}
