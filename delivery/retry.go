package delivery

import (
	"context"
	"errors"
	"time"

	"github.com/slack-go/slack"
)

// Backoff is the wait after a number of failures: First after the first,
// doubling after each further one, at most Max.
type Backoff struct {
	First, Max time.Duration
}

// After returns the wait after attempts earlier failures (0: the first).
func (b Backoff) After(attempts int) time.Duration {
	d := b.First
	for range attempts {
		if d *= 2; d >= b.Max {
			return b.Max
		}
	}
	return min(d, b.Max)
}

// RetryAfter returns the Retry-After of a rate-limited call (HTTP 429,
// which slack-go returns as *slack.RateLimitedError), and whether err is
// one.
func RetryAfter(err error) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return rl.RetryAfter, true
	}
	return 0, false
}

// Retry says how a call to Slack is retried: after a 429 once its
// Retry-After has passed, and after a failure Transient accepts once
// Backoff has passed, up to Attempts calls in all.
type Retry struct {
	Attempts  int              // calls in all; below 1 means 1
	Transient func(error) bool // failures worth another try; nil: only 429s are retried
	Backoff   Backoff          // the wait after a transient failure (and the least after a 429)
	MaxWait   time.Duration    // the longest single wait; 0: no limit
	// Wait waits before the next call; nil is the package's Wait. A shared
	// Pace passes its Pause here (and waits in the call itself), so that a
	// 429 holds back every caller, not only this one.
	Wait func(ctx context.Context, d time.Duration) error
	// Retrying, when set, hears of each failure about to be retried, for
	// the log.
	Retrying func(err error, wait time.Duration)
}

// Do calls call until it succeeds, fails in a way not worth retrying, or
// has been called Attempts times; it returns the last error. A context that
// ends during a wait ends Do with its error.
func (r Retry) Do(ctx context.Context, call func() error) error {
	for attempt := 0; ; attempt++ {
		err := call()
		if err == nil || attempt+1 >= r.Attempts {
			return err
		}
		d, ok := r.wait(err, attempt)
		if !ok {
			return err
		}
		if r.Retrying != nil {
			r.Retrying(err, d)
		}
		wait := r.Wait
		if wait == nil {
			wait = Wait
		}
		if werr := wait(ctx, d); werr != nil {
			return errors.Join(err, werr)
		}
	}
}

// wait returns how long to wait after err, the attempt-th failure, and
// whether err is worth another try at all.
func (r Retry) wait(err error, attempt int) (time.Duration, bool) {
	var d time.Duration
	if after, limited := RetryAfter(err); limited {
		d = after
		if r.Backoff.First > 0 {
			d = max(d, r.Backoff.After(attempt))
		}
	} else if r.Transient != nil && r.Transient(err) {
		d = r.Backoff.After(attempt)
	} else {
		return 0, false
	}
	if r.MaxWait > 0 {
		d = min(d, r.MaxWait)
	}
	return d, true
}
