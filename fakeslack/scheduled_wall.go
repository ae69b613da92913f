package fakeslack

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
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

// scheduledMessagesList answers chat.scheduledMessages.list: the messages
// waiting to be posted (in channel, when given; oldest and latest bound
// post_at), by post time, limit a page (100 at most) with an opaque cursor.
func (s *Server) scheduledMessagesList(c Call) (map[string]any, string) {
	channel := resolveChannel(c.Param("channel"))
	if channel != "" && !isChannelID(channel) {
		return nil, "invalid_channel"
	}
	limit := 100
	if v := c.Param("limit"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			limit = min(n, 100)
		}
	}
	from, ok := decodeListCursor(c.Param("cursor"))
	if !ok {
		return nil, "invalid_cursor"
	}
	oldest, latest := tsValue(c.Param("oldest"))/1e6, tsValue(c.Param("latest"))/1e6
	var out []map[string]any
	next := ""
	for i, m := range s.Scheduled() {
		if i < from || (channel != "" && m.Channel != channel) || (oldest > 0 && m.PostAt.Unix() < oldest) ||
			(latest > 0 && m.PostAt.Unix() > latest) {
			continue
		}
		if len(out) == limit {
			next = encodeListCursor(i)
			break
		}
		out = append(out, map[string]any{"id": m.ID, "channel_id": m.Channel, "post_at": m.PostAt.Unix(),
			"date_created": m.Created.Unix(), "text": m.Text})
	}
	return map[string]any{"scheduled_messages": out, "response_metadata": map[string]any{"next_cursor": next}}, ""
}

// isChannelID reports whether id looks like a conversation ID.
func isChannelID(id string) bool {
	return len(id) > 2 && strings.ContainsRune("CGD", rune(id[0])) && strings.ToUpper(id) == id
}

func encodeListCursor(i int) string {
	return base64.StdEncoding.EncodeToString([]byte("next:" + strconv.Itoa(i)))
}

func decodeListCursor(cur string) (int, bool) {
	if cur == "" {
		return 0, true
	}
	raw, err := base64.StdEncoding.DecodeString(cur)
	if err != nil {
		return 0, false
	}
	digits, ok := strings.CutPrefix(string(raw), "next:")
	n, err := strconv.Atoi(digits)
	return n, ok && err == nil && n >= 0
}

// formatTS renders microseconds as a message ts.
func formatTS(us int64) string { return strconv.FormatInt(us/1e6, 10) + "." + pad6(us%1e6) }

func pad6(n int64) string {
	s := strconv.FormatInt(n, 10)
	return strings.Repeat("0", 6-len(s)) + s
}
