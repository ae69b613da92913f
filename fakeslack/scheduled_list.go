package fakeslack

import (
	"encoding/base64"
	"strconv"
	"strings"
)

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
