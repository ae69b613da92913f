package schedule

import (
	"context"
	"sync"
	"time"
)

// pacer spaces out calls to Slack that share one budget: one per interval
// (the first at once, no bursts), and none while a rate limit (429
// Retry-After) is being waited out. It reads the wall clock, not the
// injected one: pacing is about how fast requests leave this process, not
// about the programme (under testing/synctest both are the bubble's clock).
// An interval of zero paces nothing but still honours pauses.
type pacer struct {
	interval time.Duration

	mu     sync.Mutex
	next   time.Time // the earliest start of the next call
	resume time.Time // the end of the current pause
}

// newPacer returns a pacer allowing rate calls a second; rate <= 0 is
// unpaced.
func newPacer(rate float64) *pacer {
	p := &pacer{}
	if rate > 0 {
		p.interval = time.Duration(float64(time.Second) / rate)
	}
	return p
}

// wait blocks until a call may go out, or ctx ends.
func (p *pacer) wait(ctx context.Context) error {
	for {
		p.mu.Lock()
		now := time.Now()
		at := latest(now, p.next, p.resume)
		p.next = at.Add(p.interval)
		p.mu.Unlock()
		if err := sleepCtx(ctx, at.Sub(now)); err != nil {
			return err
		}
		p.mu.Lock()
		paused := time.Now().Before(p.resume) // a 429 arrived while this call waited its turn
		p.mu.Unlock()
		if !paused {
			return nil
		}
	}
}

// pause holds every call back for d from now, as a 429's Retry-After asks;
// a pause already running longer is kept.
func (p *pacer) pause(d time.Duration) {
	d = max(d, time.Second) // Retry-After is whole seconds; even 0 means "slow down"
	p.mu.Lock()
	p.resume = latest(p.resume, time.Now().Add(d))
	p.mu.Unlock()
}

func latest(ts ...time.Time) time.Time {
	out := ts[0]
	for _, t := range ts[1:] {
		if t.After(out) {
			out = t
		}
	}
	return out
}

// sleepCtx waits d, or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
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
