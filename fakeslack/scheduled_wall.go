package fakeslack

import (
	"context"
	"time"
)

// wakeWallClockLocked starts, once, the goroutine that posts scheduled
// messages as the time comes when the server has no Clock of its own (the
// wall clock, or a time given WithNow), and wakes it to look at the queue
// again. The caller holds s.mu.
func (s *Server) wakeWallClockLocked() {
	if s.clock != nil {
		return // a test's Clock: Clock.Set, or any call, posts what is due
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

// TimeMoved tells a server running WithNow that the time it reads jumped
// (the playground's clock): scheduled messages now due are posted at once.
func (s *Server) TimeMoved() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wakeWallClockLocked()
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
			wait = s.sched.pending[0].PostAt.Sub(s.clockNow())
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
