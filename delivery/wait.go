package delivery

import (
	"context"
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
