package bot

import (
	"container/list"
	"context"
	"encoding/json"
	"sync"
	"time"
)

// Bounds of the set of envelopes already handled. Slack redelivers an
// unacked envelope within a minute or so; a few minutes covers its retries.
const (
	seenCapacity = 4096
	seenTTL      = 5 * time.Minute
)

// seenSet remembers recently handled envelope IDs and their ack payloads, so
// a redelivered envelope is acked with the same payload and has no second
// side effect. It is bounded both in size (oldest evicted first) and in age.
type seenSet struct {
	mu    sync.Mutex
	cap   int
	ttl   time.Duration
	now   func() time.Time
	order *list.List // of *seenEntry, oldest at the front
	byID  map[string]*list.Element
}

// seenEntry is one envelope: done closes when its ack payload is known.
type seenEntry struct {
	id      string
	at      time.Time
	done    chan struct{}
	payload json.RawMessage
}

func newSeenSet(capacity int, ttl time.Duration, now func() time.Time) *seenSet {
	return &seenSet{cap: capacity, ttl: ttl, now: now, order: list.New(), byID: map[string]*list.Element{}}
}

// claim returns the entry for id and whether this call created it: the
// caller that created it handles the envelope and calls finish.
func (s *seenSet) claim(id string) (*seenEntry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.expireLocked(now)
	if el, ok := s.byID[id]; ok {
		return el.Value.(*seenEntry), false
	}
	e := &seenEntry{id: id, at: now, done: make(chan struct{})}
	s.byID[id] = s.order.PushBack(e)
	for s.order.Len() > s.cap {
		s.removeLocked(s.order.Front())
	}
	return e, true
}

// expireLocked drops entries older than the TTL. The caller holds s.mu.
func (s *seenSet) expireLocked(now time.Time) {
	for el := s.order.Front(); el != nil; el = s.order.Front() {
		if now.Sub(el.Value.(*seenEntry).at) < s.ttl {
			return
		}
		s.removeLocked(el)
	}
}

func (s *seenSet) removeLocked(el *list.Element) {
	delete(s.byID, el.Value.(*seenEntry).id)
	s.order.Remove(el)
}

// len reports how many envelopes are remembered.
func (s *seenSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.order.Len()
}

// finish records the ack payload of the entry's envelope.
func (e *seenEntry) finish(payload json.RawMessage) {
	e.payload = payload
	close(e.done)
}

// wait returns the entry's ack payload once known, or nil (a bare ack) when
// the first handler has not finished within limit.
func (e *seenEntry) wait(ctx context.Context, limit time.Duration) json.RawMessage {
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-e.done:
		return e.payload
	case <-t.C:
	case <-ctx.Done():
	}
	return nil
}
