package fakeslack

import (
	"context"
	"time"
)

// wakeWallClockLocked starts, once, the goroutine that posts scheduled
// messages on the wall clock when the server has no clock of its own, and
// wakes it to look at the queue again. The caller holds s.mu.
func (s *Server) wakeWallClockLocked() {
	if s.now != nil {
		return // an injected clock: Clock.Set, or any call, posts what is due
	}
	s.sched.wallOnce.Do(func() {
		s.sched.wake = make(chan struct{}, 1)
		s.wg.Add(1)
		go s.postOnWallClock()
	})
	select {
	case s.sched.wake <- struct{}{}:
	default:
	}
}

// postOnWallClock posts scheduled messages as their seconds come, until
// the server closes.
func (s *Server) postOnWallClock() {
	defer s.wg.Done()
	for {
		s.deliverDue()
		s.mu.Lock()
		wait := time.Hour
		if len(s.sched.pending) > 0 {
			wait = time.Until(s.sched.pending[0].PostAt)
		}
		s.mu.Unlock()
		t := time.NewTimer(max(wait, time.Millisecond))
		select {
		case <-t.C:
		case <-s.sched.wake:
		case <-s.done:
			t.Stop()
			return
		}
		t.Stop()
	}
}

// WaitHistory waits until channel (or the DM with a user) holds at least n
// messages and returns them.
func (s *Server) WaitHistory(ctx context.Context, channel string, n int) ([]Message, error) {
	var got []Message
	err := s.waitFor(ctx, func() bool {
		got = append([]Message(nil), s.history[resolveChannel(channel)]...)
		return len(got) >= n
	})
	return got, err
}
