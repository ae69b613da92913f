package fakeslack

import (
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Limits of chat.scheduleMessage, as Slack documents them.
const (
	scheduleHorizon = 120 * 24 * time.Hour // time_too_far beyond it
	scheduleWindow  = 5 * time.Minute      // at most scheduleBurst messages to post within it, per channel
	scheduleBurst   = 30                   // restricted_too_many beyond it
	deleteTooLate   = 60 * time.Second     // a message due this soon can no longer be deleted
)

// ScheduledMessage is a message waiting in chat.scheduleMessage's queue.
type ScheduledMessage struct {
	ID       string
	Channel  string
	PostAt   time.Time
	Created  time.Time
	Text     string
	Blocks   json.RawMessage // nil when it has none
	Metadata json.RawMessage // Slack never posts a scheduled message that has metadata
}

// schedState is the queue of scheduled messages.
type schedState struct {
	pending  []ScheduledMessage
	seq      int64 // makes the ts of messages posted in the same second unique
	wallOnce sync.Once
	wake     chan struct{}
}

// lookupMore returns the Web API methods added beside the first ones.
func lookupMore(name string) (method, bool) {
	switch name {
	case "chat.scheduleMessage":
		return method{botTokenOnly, (*Server).scheduleMessage}, true
	case "chat.deleteScheduledMessage":
		return method{botTokenOnly, (*Server).deleteScheduledMessage}, true
	case "chat.scheduledMessages.list":
		return method{botTokenOnly, (*Server).scheduledMessagesList}, true
	case "files.getUploadURLExternal":
		return method{botTokenOnly, (*Server).getUploadURLExternal}, true
	case "files.completeUploadExternal":
		return method{botTokenOnly, (*Server).completeUploadExternal}, true
	}
	return method{}, false
}

// Scheduled returns the messages waiting to be posted, by post time.
func (s *Server) Scheduled() []ScheduledMessage {
	s.deliverDue()
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sched.pending)
}

// scheduleMessage answers chat.scheduleMessage: the message waits until
// post_at (whole seconds, in the future, at most 120 days ahead; at most 30
// to post within five minutes in one channel) and is then posted to the
// channel's history, unless it carries metadata: Slack accepts such a
// message and never posts it. A user ID as channel means the DM, as for
// chat.postMessage.
func (s *Server) scheduleMessage(c Call) (map[string]any, string) {
	channel, fields, code := s.checkPost(c)
	if code != "" {
		return fields, code
	}
	postAt, code := s.checkPostAt(c.Param("post_at"))
	if code != "" {
		return nil, code
	}
	m := ScheduledMessage{ID: s.newID("Q"), Channel: channel, PostAt: postAt, Created: s.clockNow(), Text: c.Param("text")}
	if b := c.Param("blocks"); b != "" {
		m.Blocks = json.RawMessage(b)
	}
	if md := c.Param("metadata"); md != "" {
		m.Metadata = json.RawMessage(md)
	}
	if !s.enqueue(m) {
		return nil, "restricted_too_many"
	}
	msg := map[string]any{"type": "delayed_message", "subtype": "bot_message", "text": m.Text, "bot_id": BotID}
	if m.Blocks != nil {
		msg["blocks"] = m.Blocks
	}
	return map[string]any{"channel": channel, "scheduled_message_id": m.ID,
		"post_at": strconv.FormatInt(postAt.Unix(), 10), "message": msg}, ""
}

// checkPostAt reads post_at, a Unix time in seconds, and checks it against
// the server's clock.
func (s *Server) checkPostAt(v string) (time.Time, string) {
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(v, 64)
		if ferr != nil {
			return time.Time{}, "invalid_time"
		}
		sec = int64(f)
	}
	at, now := time.Unix(sec, 0), s.clockNow()
	switch {
	case at.Before(now.Truncate(time.Second)):
		return time.Time{}, "time_in_past"
	case at.After(now.Add(scheduleHorizon)):
		return time.Time{}, "time_too_far"
	}
	return at, ""
}

// enqueue adds m unless its channel already has scheduleBurst messages to
// post within one scheduleWindow around m's time; it reports whether it did.
func (s *Server) enqueue(m ScheduledMessage) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	var near []time.Time
	for _, p := range s.sched.pending {
		if p.Channel == m.Channel && p.PostAt.Sub(m.PostAt).Abs() < scheduleWindow {
			near = append(near, p.PostAt)
		}
	}
	near = append(near, m.PostAt)
	slices.SortFunc(near, time.Time.Compare)
	for i := range near {
		j := i
		for j < len(near) && near[j].Sub(near[i]) < scheduleWindow {
			j++
		}
		if j-i > scheduleBurst && !m.PostAt.Before(near[i]) && m.PostAt.Sub(near[i]) < scheduleWindow {
			return false
		}
	}
	i, _ := slices.BinarySearchFunc(s.sched.pending, m, func(a, b ScheduledMessage) int { return a.PostAt.Compare(b.PostAt) })
	s.sched.pending = slices.Insert(s.sched.pending, i, m)
	s.notifyLocked()
	s.wakeWallClockLocked()
	return true
}

// deleteScheduledMessage answers chat.deleteScheduledMessage. A message
// already posted, deleted, unknown, or due within 60 seconds answers
// invalid_scheduled_message_id, as Slack documents.
func (s *Server) deleteScheduledMessage(c Call) (map[string]any, string) {
	if fields, code := s.missingScope("chat:write"); code != "" {
		return fields, code
	}
	channel := resolveChannel(c.Param("channel"))
	if channel == "" {
		return nil, "channel_not_found"
	}
	if code := s.access(channel); code != "" {
		return nil, code
	}
	now := s.clockNow()
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.sched.pending, func(m ScheduledMessage) bool {
		return m.ID == c.Param("scheduled_message_id") && m.Channel == channel
	})
	if i < 0 || s.sched.pending[i].PostAt.Sub(now) < deleteTooLate {
		return nil, "invalid_scheduled_message_id"
	}
	s.sched.pending = slices.Delete(s.sched.pending, i, i+1)
	s.notifyLocked()
	return map[string]any{}, ""
}

// clockNow is the server's time.
func (s *Server) clockNow() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// deliverDue posts every scheduled message whose time has come, by the
// server's clock, each at its own second; one with metadata is dropped.
func (s *Server) deliverDue() {
	now := s.clockNow()
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for n < len(s.sched.pending) && !s.sched.pending[n].PostAt.After(now) {
		n++
	}
	if n == 0 {
		return
	}
	due := slices.Clone(s.sched.pending[:n])
	s.sched.pending = slices.Delete(s.sched.pending, 0, n)
	for _, m := range due {
		if m.Metadata != nil {
			continue // Slack's documented bug: never posted
		}
		s.sched.seq = (s.sched.seq + 1) % 1e6
		ts := m.PostAt.Unix()*1e6 + s.sched.seq
		s.insertLocked(Message{Channel: m.Channel, TS: formatTS(ts), Text: m.Text, Blocks: m.Blocks, ScheduledID: m.ID, Posted: now})
	}
	s.notifyLocked()
}

// insertLocked puts m into its channel's history in ts order. The caller
// holds s.mu.
func (s *Server) insertLocked(m Message) {
	if s.history == nil {
		s.history = map[string][]Message{}
	}
	h := s.history[m.Channel]
	i, _ := slices.BinarySearchFunc(h, m, func(a, b Message) int { return cmpTS(a.TS, b.TS) })
	s.history[m.Channel] = slices.Insert(h, i, m)
}

func cmpTS(a, b string) int {
	x, y := tsValue(a), tsValue(b)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
