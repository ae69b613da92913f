// Package clock is the time sessionbot runs by: the wall clock, which the
// playground (sessionbot try) moves forward so that reminders can be seen
// arriving without waiting for them. Everything that asks what time it is —
// the bot, the postman, the sync job, claims in the store — takes Now from
// one Clock, so a jump moves them all together.
package clock

import (
	"sync"
	"time"
)

// Clock is the wall clock plus an offset that only grows. The zero Clock is
// the wall clock. Its methods are safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
	jumped []func()
}

// Now returns the wall time plus the offset. The result keeps the wall
// clock's monotonic reading, so durations between two calls stay right.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	d := c.offset
	c.mu.Unlock()
	return time.Now().Add(d)
}

// Offset returns how far the clock is ahead of the wall clock.
func (c *Clock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

// Advance moves the clock forward by d and calls the functions OnJump
// registered, so that timers set for the old time are set again. Time never
// runs backwards: d of zero or less does nothing.
func (c *Clock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	c.offset += d
	fns := append([]func(){}, c.jumped...)
	c.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// AdvanceTo moves the clock forward to t; a t not after Now does nothing.
func (c *Clock) AdvanceTo(t time.Time) {
	c.Advance(t.Sub(c.Now()))
}

// OnJump registers fn to be called after each Advance, such as a loop's
// Wake. fn must not block.
func (c *Clock) OnJump(fn func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.jumped = append(c.jumped, fn)
}
