package fakeslack

import (
	"encoding/base64"
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
	// ScheduledID is the scheduled_message_id of a message Slack posted
	// from chat.scheduleMessage's queue; "" for one posted at once.
	ScheduledID string
	Files       []string  // IDs of the files shared with it (files.completeUploadExternal)
	Posted      time.Time // when the server posted it, by its clock
}

// Page sizes of conversations.history, as Slack documents them. Apps not
// approved for the Slack Marketplace (every self-hosted sessionbot) get at
// most 15 messages a page, and 15 when they ask for none; Marketplace apps
// 100 by default and up to 999. (Slack also limits such apps to one
// history request a minute; the fake does not, and FailNext can answer
// 429 instead.)
const (
	nonMarketplacePage  = 15
	marketplaceDefault  = 100
	marketplaceMaxLimit = 999
)

// WithMarketplaceApp makes conversations.history page as for an app
// approved for the Slack Marketplace: 100 messages by default, up to 999.
func WithMarketplaceApp() Option {
	return func(s *Server) { s.pageMax = marketplaceMaxLimit }
}

// WithNow makes the server take message timestamps (ts) from now instead of
// the wall clock, so that code on another clock — a test's, or the bot's in
// `sessionbot try`, which the playground moves forward — gets ts values it
// can compare with its own times (conversations.history's oldest).
func WithNow(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// History returns the messages of channel (a channel ID, or a user ID for
// the DM with that user), oldest first.
func (s *Server) History(channel string) []Message {
	s.deliverDue()
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
	if m.Posted.IsZero() {
		m.Posted = s.clockNow()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.insertLocked(m)
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
// time with an opaque cursor for the next page. Metadata is included only
// when include_all_metadata is set, as Slack does. The bot needs the
// channel kind's history scope and, but for a DM, to be in the channel.
func (s *Server) conversationsHistory(c Call) (map[string]any, string) {
	channel := c.Param("channel")
	if channel == "" {
		return nil, "channel_not_found"
	}
	if fields, code := s.missingScope(s.historyScope(channel)); code != "" {
		return fields, code
	}
	if code := s.access(channel); code != "" {
		return nil, code
	}
	limit, from, code := s.historyPage(c)
	if code != "" {
		return nil, code
	}
	msgs, code := s.window(channel, c.Param("oldest"), c.Param("latest"), isTrue(c.Param("inclusive")))
	if code != "" {
		return nil, code
	}
	start := 0
	for start < len(msgs) && from > 0 && tsValue(msgs[start].TS) > from {
		start++
	}
	page := msgs[start:min(start+limit, len(msgs))]
	out := make([]map[string]any, 0, len(page))
	for _, m := range page {
		out = append(out, historyMessage(m, isTrue(c.Param("include_all_metadata"))))
	}
	more := start+limit < len(msgs)
	next := ""
	if more {
		next = encodeCursor(msgs[start+limit].TS)
	}
	return map[string]any{"messages": out, "has_more": more, "pin_count": 0,
		"response_metadata": map[string]any{"next_cursor": next}}, ""
}

// isTrue reads a boolean argument as Slack does: "true" or "1".
func isTrue(v string) bool { return v == "1" || v == "true" }

// historyPage reads limit and cursor: the page size, within what the app
// may ask for, and the ts (in microseconds) the page starts at, or 0.
func (s *Server) historyPage(c Call) (limit int, from int64, code string) {
	s.mu.Lock()
	pageMax := s.pageMax
	s.mu.Unlock()
	limit = min(marketplaceDefault, pageMax)
	if v := c.Param("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, "invalid_limit"
		}
		if n > 0 {
			limit = min(n, pageMax)
		}
	}
	if cur := c.Param("cursor"); cur != "" {
		ts, ok := decodeCursor(cur)
		if !ok {
			return 0, 0, "invalid_cursor"
		}
		from = ts
	}
	return limit, from, ""
}

// encodeCursor makes the opaque cursor of a page starting at ts, shaped as
// Slack's: base64 of "next_ts:" and the ts without its dot.
func encodeCursor(ts string) string {
	return base64.StdEncoding.EncodeToString([]byte("next_ts:" + strings.Replace(ts, ".", "", 1)))
}

// decodeCursor reads a cursor encodeCursor made.
func decodeCursor(cur string) (int64, bool) {
	raw, err := base64.StdEncoding.DecodeString(cur)
	if err != nil {
		return 0, false
	}
	digits, ok := strings.CutPrefix(string(raw), "next_ts:")
	n, err := strconv.ParseInt(digits, 10, 64)
	return n, ok && err == nil && n > 0
}

// window returns channel's messages within (oldest, latest), newest first,
// or the error Slack gives for a timestamp it cannot read.
func (s *Server) window(channel, oldest, latest string, inclusive bool) ([]Message, string) {
	lo, hi := tsValue(oldest), tsValue(latest)
	switch {
	case oldest != "" && lo == 0 && oldest != "0":
		return nil, "invalid_ts_oldest"
	case latest != "" && hi == 0 && latest != "0":
		return nil, "invalid_ts_latest"
	}
	var out []Message
	for _, m := range s.History(channel) {
		v := tsValue(m.TS)
		if (v < lo || (v == lo && !inclusive && oldest != "")) || (latest != "" && (v > hi || (v == hi && !inclusive))) {
			continue
		}
		out = append([]Message{m}, out...)
	}
	return out, ""
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
