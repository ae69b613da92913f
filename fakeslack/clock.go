package fakeslack

import (
	"sync"
	"time"
)

// Clock is a clock a test moves by hand. Given to a Server with WithClock,
// it stamps the messages (ts) and decides when scheduled messages fall due:
// Set and Advance post every scheduled message whose time has come before
// they return, so a test never sleeps waiting for one. The code under test
// takes Now as its clock too.
type Clock struct {
	mu    sync.Mutex
	t     time.Time
	hooks []func()
}

// NewClock returns a Clock set to t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t (backwards too) and lets every server using it
// post what has fallen due.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	hooks := append([]func(){}, c.hooks...)
	c.mu.Unlock()
	for _, h := range hooks {
		h()
	}
}

// Advance moves the clock d forward, as Set does.
func (c *Clock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// onSet registers f to run after every Set.
func (c *Clock) onSet(f func()) {
	c.mu.Lock()
	c.hooks = append(c.hooks, f)
	c.mu.Unlock()
}

// WithClock makes the server run on c: message timestamps, the time
// chat.scheduleMessage compares post_at with, and when scheduled messages
// are posted (as c moves, see Clock).
func WithClock(c *Clock) Option {
	return func(s *Server) {
		s.now = c.Now
		s.clock = c
		c.onSet(s.deliverDue)
	}
}
