package fakeslack

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// newID returns a fresh Slack-style ID with the given prefix ("V", "Ev", …).
func (s *Server) newID(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s%09d", prefix, s.seq)
}

// nextTS returns a message timestamp ("1700000000.000100") later than every
// one handed out before.
func (s *Server) nextTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextTSLocked()
}

// nextTSLocked is nextTS for a caller holding s.mu.
func (s *Server) nextTSLocked() string {
	now := time.Now
	if s.now != nil {
		now = s.now
	}
	s.lastTS = max(now().UnixMicro(), s.lastTS+1)
	return fmt.Sprintf("%d.%06d", s.lastTS/1e6, s.lastTS%1e6)
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// newEnvelopeID returns a random UUID, the shape of Slack's envelope IDs.
func newEnvelopeID() string {
	h := randomHex(16)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// newTriggerID returns a trigger ID shaped like Slack's
// ("13345224609.738474920.8088930838d88f008e0").
func newTriggerID() string {
	return fmt.Sprintf("%d.%d.%s", time.Now().UnixMicro()%1e11, 738474920, randomHex(16))
}
