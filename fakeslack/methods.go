package fakeslack

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// checkPost checks what chat.postMessage and chat.scheduleMessage check
// alike — the scope, the message, its metadata, the channel (a user ID
// meaning the DM) and the bot's access to it — and returns the channel
// resolved, or the error fields and code to answer.
func (s *Server) checkPost(c Call) (channel string, fields map[string]any, code string) {
	if fields, code := s.missingScope("chat:write"); code != "" {
		return "", fields, code
	}
	channel = c.Param("channel")
	if code := checkMessage(c, channel); code != "" {
		return "", nil, code
	}
	if code := checkMetadata(c); code != "" {
		return "", nil, code
	}
	channel = resolveChannel(channel)
	if code := s.access(channel); code != "" {
		return "", nil, code
	}
	if s.channel(channel).Archived {
		return "", nil, "is_archived"
	}
	return channel, nil, ""
}

// postMessage answers chat.postMessage. A user ID as channel posts to the DM
// with that user, as Slack does. A channel the bot is not in, or an
// archived one, takes no post.
func (s *Server) postMessage(c Call) (map[string]any, string) {
	channel, fields, code := s.checkPost(c)
	if code != "" {
		return fields, code
	}
	ts := s.nextTS()
	s.remember(postedMessage(c, channel, ts))
	return map[string]any{"channel": channel, "ts": ts, "message": botMessage(c, ts)}, ""
}

// postEphemeral answers chat.postEphemeral.
func (s *Server) postEphemeral(c Call) (map[string]any, string) {
	if code := checkMessage(c, c.Param("channel")); code != "" {
		return nil, code
	}
	if !looksLikeUserID(c.Param("user")) {
		return nil, "user_not_found"
	}
	m := Message{Channel: resolveChannel(c.Param("channel")), TS: s.nextTS(), Text: c.Param("text")}
	if b := c.Param("blocks"); b != "" {
		m.Blocks = json.RawMessage(b)
	}
	s.rememberEphemeral(Ephemeral{Message: m, User: c.Param("user")})
	return map[string]any{"message_ts": m.TS}, ""
}

// update answers chat.update.
func (s *Server) update(c Call) (map[string]any, string) {
	channel, ts := c.Param("channel"), c.Param("ts")
	if code := checkMessage(c, channel); code != "" {
		return nil, code
	}
	if ts == "" {
		return nil, "message_not_found"
	}
	return map[string]any{"channel": channel, "ts": ts, "text": c.Param("text"), "message": botMessage(c, ts)}, ""
}

// checkMessage returns the error Slack gives for a message without a channel,
// without content, or with malformed blocks or attachments.
func checkMessage(c Call, channel string) string {
	blocks, attachments := c.Param("blocks"), c.Param("attachments")
	switch {
	case channel == "":
		return "channel_not_found"
	case c.Param("text") == "" && blocks == "" && attachments == "":
		return "no_text"
	case blocks != "" && !isJSONArray(blocks):
		return "invalid_blocks"
	case attachments != "" && !isJSONArray(attachments):
		return "invalid_attachments"
	}
	return ""
}

func isJSONArray(s string) bool {
	var a []json.RawMessage
	return json.Unmarshal([]byte(s), &a) == nil
}

// botMessage is the message object Slack echoes for a message the bot sent.
func botMessage(c Call, ts string) map[string]any {
	m := map[string]any{
		"type": "message", "text": c.Param("text"), "ts": ts,
		"user": BotUserID, "bot_id": BotID, "app_id": AppID, "team": TeamID,
	}
	for _, name := range []string{"blocks", "attachments", "metadata"} {
		if v := c.Param(name); v != "" {
			m[name] = json.RawMessage(v)
		}
	}
	if t := c.Param("thread_ts"); t != "" {
		m["thread_ts"] = t
	}
	return m
}

// conversationsOpen answers conversations.open: a DM channel per user, an MPIM
// for several users.
func (s *Server) conversationsOpen(c Call) (map[string]any, string) {
	if fields, code := s.missingScope("im:write"); code != "" {
		return fields, code
	}
	if ch := c.Param("channel"); ch != "" && c.Param("users") == "" {
		return map[string]any{"channel": map[string]any{"id": ch}}, ""
	}
	users := strings.Split(c.Param("users"), ",")
	if users[0] == "" {
		return nil, "users_list_not_supplied"
	}
	for _, u := range users {
		if !looksLikeUserID(u) {
			return nil, "user_not_found"
		}
	}
	slices.Sort(users)
	ch := imChannel(users)
	s.mu.Lock()
	already := s.opened[ch["id"].(string)]
	s.opened[ch["id"].(string)] = true
	s.mu.Unlock()
	if c.Param("return_im") != "true" {
		ch = map[string]any{"id": ch["id"]}
	}
	return map[string]any{"no_op": already, "already_open": already, "channel": ch}, ""
}

// imChannel is the channel object of the conversation with users (sorted).
func imChannel(users []string) map[string]any {
	ch := map[string]any{"created": time.Now().Unix(), "is_open": true, "is_org_shared": false,
		"last_read": "0000000000.000000", "unread_count": 0, "unread_count_display": 0, "priority": 0}
	if len(users) == 1 {
		ch["id"], ch["is_im"], ch["user"] = DMChannel(users[0]), true, users[0]
	} else {
		ch["id"], ch["is_mpim"] = "G"+strings.Join(users, ""), true
	}
	return ch
}

// viewsPublish answers views.publish.
func (s *Server) viewsPublish(c Call) (map[string]any, string) {
	view := json.RawMessage(c.Param("view"))
	if c.Param("user_id") == "" || jsonString(jsonField(view, "type")) != "home" {
		return nil, "invalid_arguments"
	}
	fields, code := s.viewResponse(view)
	if code == "" {
		s.rememberHome(c.Param("user_id"), fields["view"].(map[string]any))
	}
	return fields, code
}

// viewsOpen answers views.open.
func (s *Server) viewsOpen(c Call) (map[string]any, string) {
	view := json.RawMessage(c.Param("view"))
	if c.Param("trigger_id") == "" {
		return nil, "invalid_trigger_id"
	}
	if jsonString(jsonField(view, "type")) != "modal" {
		return nil, "invalid_arguments"
	}
	return s.viewResponse(view)
}

// viewResponse echoes view with the fields Slack adds to a stored view.
func (s *Server) viewResponse(view json.RawMessage) (map[string]any, string) {
	var v map[string]any
	if err := json.Unmarshal(view, &v); err != nil {
		return nil, "invalid_arguments"
	}
	if _, ok := v["blocks"]; !ok {
		v["blocks"] = []any{}
	}
	id := s.newID("V")
	for k, val := range map[string]any{"id": id, "root_view_id": id, "team_id": TeamID,
		"app_id": AppID, "bot_id": BotID, "app_installed_team_id": TeamID,
		"hash": randomHex(8), "state": map[string]any{"values": map[string]any{}}} {
		v[k] = val
	}
	return map[string]any{"view": v}, ""
}

// jsonString returns the value of a JSON string, or "".
func jsonString(raw json.RawMessage) string {
	var str string
	_ = json.Unmarshal(raw, &str)
	return str
}
