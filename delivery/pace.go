package delivery

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// minPause is the shortest pause a 429 causes: Retry-After is whole
// seconds, and even "0" means "slow down".
const minPause = time.Second

// Pace spaces out requests to Slack that share one budget: rate.Limiter
// lets one through per interval (the first at once, no bursts), and a 429
// pauses every caller for its Retry-After. It reads the wall clock, not an
// injected one: pacing is about how fast requests leave this process (under
// testing/synctest both are the bubble's clock).
type Pace struct {
	lim *rate.Limiter

	mu     sync.Mutex
	resume time.Time // the end of the current pause
}

// NewPace returns a pace of perSecond requests a second; zero or less is
// unpaced, though a 429 still pauses.
func NewPace(perSecond float64) *Pace {
	limit := rate.Inf
	if perSecond > 0 {
		limit = rate.Limit(perSecond)
	}
	return &Pace{lim: rate.NewLimiter(limit, 1)}
}

// Wait blocks until a request may go out, or ctx ends.
func (p *Pace) Wait(ctx context.Context) error {
	for {
		if err := Wait(ctx, time.Until(p.pausedUntil())); err != nil {
			return err
		}
		if err := p.lim.Wait(ctx); err != nil {
			return err
		}
		if !time.Now().Before(p.pausedUntil()) {
			return nil
		}
		// A 429 arrived while this request waited its turn: wait it out too.
	}
}

// Pause holds every request back for d from now, as a 429's Retry-After
// asks; a pause already running longer is kept.
func (p *Pace) Pause(d time.Duration) {
	end := time.Now().Add(max(d, minPause))
	p.mu.Lock()
	if end.After(p.resume) {
		p.resume = end
	}
	p.mu.Unlock()
}

func (p *Pace) pausedUntil() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.resume
}
