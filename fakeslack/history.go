package fakeslack

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Message is a message in a channel's history: one the bot posted with
// chat.postMessage, or one a test put there with AddMessage.
type Message struct {
	Channel  string
	TS       string
	Text     string
	Blocks   json.RawMessage // nil when it had none
	Metadata json.RawMessage // {"event_type":…,"event_payload":{…}}; nil when it had none
}

// Limits of conversations.history, as Slack documents them.
const (
	defaultHistoryLimit = 100
	maxHistoryLimit     = 999
)

// WithNow makes the server take message timestamps (ts) from now instead of
// the wall clock, so that a test with an injected clock gets ts values its
// code can compare with its own times (conversations.history's oldest).
func WithNow(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// History returns the messages of channel (a channel ID, or a user ID for
// the DM with that user), oldest first.
func (s *Server) History(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.history[resolveChannel(channel)]...)
}

// AddMessage puts a message from the bot into channel's history without a
// recorded call, as if it had been posted before (by an earlier run of the
// bot that crashed before noting it), and returns its ts. metadata is the
// JSON the message carries, or nil.
func (s *Server) AddMessage(channel, text string, metadata json.RawMessage) string {
	m := Message{Channel: resolveChannel(channel), TS: s.nextTS(), Text: text, Metadata: metadata}
	s.remember(m)
	return m.TS
}

// remember appends m to its channel's history.
func (s *Server) remember(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.history == nil {
		s.history = map[string][]Message{}
	}
	s.history[m.Channel] = append(s.history[m.Channel], m)
	s.notifyLocked()
}

// resolveChannel maps a user ID to the DM channel with that user, as
// chat.postMessage does.
func resolveChannel(channel string) string {
	if looksLikeUserID(channel) {
		return DMChannel(channel)
	}
	return channel
}

// conversationsHistory answers conversations.history: the channel's
// messages newer than oldest (and up to latest), newest first, limit at a
// time with a cursor for the next page. Metadata is included only when
// include_all_metadata is set, as Slack does.
func (s *Server) conversationsHistory(c Call) (map[string]any, string) {
	channel := c.Param("channel")
	if channel == "" {
		return nil, "channel_not_found"
	}
	limit, offset, code := historyPage(c)
	if code != "" {
		return nil, code
	}
	msgs := s.window(channel, c.Param("oldest"), c.Param("latest"), c.Param("inclusive") == "1")
	withMeta := c.Param("include_all_metadata") == "1" || c.Param("include_all_metadata") == "true"
	page := msgs[min(offset, len(msgs)):min(offset+limit, len(msgs))]
	out := make([]map[string]any, 0, len(page))
	for _, m := range page {
		out = append(out, historyMessage(m, withMeta))
	}
	more := offset+limit < len(msgs)
	next := ""
	if more {
		next = "off:" + strconv.Itoa(offset+limit)
	}
	return map[string]any{"messages": out, "has_more": more, "pin_count": 0,
		"response_metadata": map[string]any{"next_cursor": next}}, ""
}

// historyPage reads limit and cursor.
func historyPage(c Call) (limit, offset int, code string) {
	limit = defaultHistoryLimit
	if v := c.Param("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, "invalid_limit"
		}
		if n > 0 {
			limit = min(n, maxHistoryLimit)
		}
	}
	if cur := c.Param("cursor"); cur != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(cur, "off:"))
		if err != nil || !strings.HasPrefix(cur, "off:") || n < 0 {
			return 0, 0, "invalid_cursor"
		}
		offset = n
	}
	return limit, offset, ""
}

// window returns channel's messages within (oldest, latest), newest first.
func (s *Server) window(channel, oldest, latest string, inclusive bool) []Message {
	lo, hi := tsValue(oldest), tsValue(latest)
	var out []Message
	for _, m := range s.History(channel) {
		v := tsValue(m.TS)
		if (v < lo || (v == lo && !inclusive && oldest != "")) || (latest != "" && (v > hi || (v == hi && !inclusive))) {
			continue
		}
		out = append([]Message{m}, out...)
	}
	return out
}

// tsValue reads a message ts ("1700000000.000100") as microseconds; "" or
// garbage is 0.
func tsValue(ts string) int64 {
	sec, frac, _ := strings.Cut(ts, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return 0
	}
	frac = (frac + "000000")[:6]
	f, _ := strconv.ParseInt(frac, 10, 64)
	return n*1e6 + f
}

// historyMessage is the message object conversations.history returns.
func historyMessage(m Message, withMeta bool) map[string]any {
	out := map[string]any{"type": "message", "ts": m.TS, "text": m.Text,
		"user": BotUserID, "bot_id": BotID, "app_id": AppID, "team": TeamID}
	if m.Blocks != nil {
		out["blocks"] = m.Blocks
	}
	if withMeta && m.Metadata != nil {
		out["metadata"] = m.Metadata
	}
	return out
}

// postedMessage is the history entry of a chat.postMessage call.
func postedMessage(c Call, channel, ts string) Message {
	m := Message{Channel: channel, TS: ts, Text: c.Param("text")}
	if b := c.Param("blocks"); b != "" {
		m.Blocks = json.RawMessage(b)
	}
	if md := c.Param("metadata"); md != "" && json.Valid([]byte(md)) {
		m.Metadata = json.RawMessage(md)
	}
	return m
}

// checkMetadata returns the error Slack gives for metadata that is not a
// JSON object with an event_type.
func checkMetadata(c Call) string {
	md := c.Param("metadata")
	if md == "" {
		return ""
	}
	var v struct {
		EventType    string          `json:"event_type"`
		EventPayload json.RawMessage `json:"event_payload"`
	}
	if err := json.Unmarshal([]byte(md), &v); err != nil || v.EventType == "" {
		return "invalid_metadata_format"
	}
	return ""
}

// String renders m for test failures.
func (m Message) String() string {
	return fmt.Sprintf("%s@%s %q %s", m.Channel, m.TS, m.Text, m.Metadata)
}
