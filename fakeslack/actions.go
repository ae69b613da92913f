package fakeslack

import (
	"encoding/json"
)

// Action is a user clicking an interactive element, for BlockActions. Empty
// fields get defaults.
type Action struct {
	UserID    string // default UserID
	ActionID  string
	BlockID   string // default a fresh block ID
	Value     string
	Type      string // the element type; default "button"
	TriggerID string // default a fresh trigger ID

	// A click on a message: in ChannelID (default ChannelID), on the message
	// MessageTS (default a fresh ts), ephemeral or not (a slash command's
	// answer is). ResponseURL defaults to a fresh NewResponseURL.
	ChannelID   string
	MessageTS   string
	Ephemeral   bool
	ResponseURL string

	// A click in a view instead, such as the App Home: its ID. Views have no
	// channel and no response_url.
	ViewID string
}

// BlockActions returns the block_actions payload Slack sends for a, for
// Interaction. slack-go decodes it into a slack.InteractionCallback.
func (s *Server) BlockActions(a Action) json.RawMessage {
	a = s.actionDefaults(a)
	action := map[string]any{
		"type": a.Type, "action_id": a.ActionID, "block_id": a.BlockID, "action_ts": s.nextTS(),
		"text": map[string]any{"type": "plain_text", "text": "Button", "emoji": true},
	}
	if a.Value != "" {
		action["value"] = a.Value
	}
	name := s.userName(a.UserID)
	p := map[string]any{
		"type": "block_actions", "token": verificationToken, "api_app_id": AppID,
		"user":       map[string]any{"id": a.UserID, "username": name, "name": name, "team_id": TeamID},
		"team":       map[string]any{"id": TeamID, "domain": teamDomain},
		"enterprise": nil, "is_enterprise_install": false, "trigger_id": a.TriggerID,
		"state":   map[string]any{"values": map[string]any{}},
		"actions": []any{action},
	}
	if a.ViewID != "" {
		addViewContainer(p, a)
	} else {
		addMessageContainer(p, a)
		s.bindResponseURL(a.ResponseURL, target{channel: a.ChannelID, user: a.UserID, ts: a.MessageTS, ephemeral: a.Ephemeral})
	}
	raw, _ := json.Marshal(p) // plain maps and strings always encode
	return raw
}

func (s *Server) actionDefaults(a Action) Action {
	a.UserID = or(a.UserID, UserID)
	a.BlockID = or(a.BlockID, s.newID("b"))
	a.Type = or(a.Type, "button")
	a.TriggerID = or(a.TriggerID, newTriggerID())
	if a.ViewID == "" {
		a.ChannelID = or(a.ChannelID, ChannelID)
		a.MessageTS = or(a.MessageTS, s.nextTS())
		if a.ResponseURL == "" {
			a.ResponseURL = s.NewResponseURL()
		}
	}
	return a
}

func addViewContainer(p map[string]any, a Action) {
	p["container"] = map[string]any{"type": "view", "view_id": a.ViewID}
	p["view"] = map[string]any{
		"id": a.ViewID, "team_id": TeamID, "type": "home", "blocks": []any{},
		"private_metadata": "", "callback_id": "", "hash": randomHex(8),
		"state": map[string]any{"values": map[string]any{}}, "root_view_id": a.ViewID,
		"app_id": AppID, "bot_id": BotID, "app_installed_team_id": TeamID,
	}
}

func addMessageContainer(p map[string]any, a Action) {
	p["container"] = map[string]any{"type": "message", "message_ts": a.MessageTS,
		"channel_id": a.ChannelID, "is_ephemeral": a.Ephemeral}
	p["channel"] = map[string]any{"id": a.ChannelID, "name": channelName(a.ChannelID)}
	p["response_url"] = a.ResponseURL
	if !a.Ephemeral {
		p["message"] = map[string]any{"type": "message", "ts": a.MessageTS, "text": "",
			"user": BotUserID, "bot_id": BotID, "app_id": AppID, "team": TeamID}
	}
}
