package fakeslack

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// SlashCommand is a user typing a slash command. Empty fields get defaults.
type SlashCommand struct {
	Command     string // default "/session"
	Text        string
	UserID      string // default UserID
	ChannelID   string // default ChannelID
	ResponseURL string // default a fresh NewResponseURL
	TriggerID   string // default a fresh trigger ID
}

// SlashCommand delivers cmd as a slash_commands envelope and returns the ack.
// Its answer — the ack's payload, then what the bot posts to the
// response_url — is shown in the channel as Slack shows it (Ephemerals).
func (s *Server) SlashCommand(ctx context.Context, cmd SlashCommand) (Ack, error) {
	payload := s.slashPayload(cmd)
	env := Envelope{EnvelopeID: newEnvelopeID(), Type: TypeSlashCommands, Payload: payload, AcceptsResponsePayload: true}
	s.expectSlashAck(env.EnvelopeID, payload["response_url"], target{channel: payload["channel_id"],
		user: payload["user_id"], ephemeral: true, command: strings.TrimSpace(payload["command"] + " " + payload["text"])})
	defer s.forgetSlash(env.EnvelopeID)
	return s.Send(ctx, env)
}

// slashPayload is cmd as Slack sends it: the form fields of the HTTP variant,
// all strings (is_enterprise_install too).
func (s *Server) slashPayload(cmd SlashCommand) map[string]string {
	cmd.Command = or(cmd.Command, "/session")
	cmd.UserID = or(cmd.UserID, UserID)
	cmd.ChannelID = or(cmd.ChannelID, ChannelID)
	if cmd.ResponseURL == "" {
		cmd.ResponseURL = s.NewResponseURL()
	}
	return map[string]string{
		"token": verificationToken, "team_id": TeamID, "team_domain": teamDomain,
		"channel_id": cmd.ChannelID, "channel_name": channelName(cmd.ChannelID),
		"user_id": cmd.UserID, "user_name": s.userName(cmd.UserID),
		"command": cmd.Command, "text": cmd.Text, "api_app_id": AppID,
		"is_enterprise_install": "false", "response_url": cmd.ResponseURL,
		"trigger_id": or(cmd.TriggerID, newTriggerID()),
	}
}

// Interaction delivers payload (a block_actions, view_submission, … payload,
// for example from BlockActions) as an interactive envelope and returns the ack.
func (s *Server) Interaction(ctx context.Context, payload any) (Ack, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return Ack{}, err
	}
	kind := jsonString(jsonField(raw, "type"))
	accepts := kind == "view_submission" || kind == "block_suggestion"
	return s.Send(ctx, Envelope{Type: TypeInteractive, Payload: json.RawMessage(raw), AcceptsResponsePayload: accepts})
}

// Event delivers event (the inner event, such as AppHomeOpened's) wrapped in
// an event_callback as an events_api envelope, and returns the ack.
func (s *Server) Event(ctx context.Context, event any) (Ack, error) {
	raw, err := json.Marshal(event)
	if err != nil {
		return Ack{}, err
	}
	var inner map[string]any
	if err := json.Unmarshal(raw, &inner); err != nil || inner["type"] == nil {
		return Ack{}, errors.New("fakeslack: an event must be a JSON object with a type")
	}
	if ts, _ := inner["event_ts"].(string); ts == "" {
		inner["event_ts"] = s.nextTS()
	}
	return s.Send(ctx, Envelope{Type: TypeEventsAPI, Payload: s.eventCallback(inner)})
}

// eventCallback wraps an inner event as the Events API does.
func (s *Server) eventCallback(inner map[string]any) map[string]any {
	return map[string]any{
		"token": verificationToken, "team_id": TeamID, "api_app_id": AppID,
		"event": inner, "type": "event_callback",
		"event_id": s.newID("Ev"), "event_time": time.Now().Unix(),
		"authorizations": []any{map[string]any{"enterprise_id": nil, "team_id": TeamID,
			"user_id": BotUserID, "is_bot": true, "is_enterprise_install": false}},
		"is_ext_shared_channel": false, "event_context": "4-" + randomHex(20),
	}
}

// AppHomeOpened returns the app_home_opened event Slack sends when userID
// opens the app's Home tab, for Event.
func AppHomeOpened(userID string) map[string]any {
	return map[string]any{"type": "app_home_opened", "user": userID, "channel": DMChannel(userID), "tab": "home"}
}

func (s *Server) userName(id string) string {
	s.mu.Lock()
	u := s.users[id]
	s.mu.Unlock()
	u.ID = id
	return u.withDefaults().Name
}

// channelName is the channel_name Slack sends for a channel ID.
func channelName(id string) string {
	switch {
	case strings.HasPrefix(id, "D"):
		return "directmessage"
	case strings.HasPrefix(id, "G"):
		return "privategroup"
	}
	return "channel-" + strings.ToLower(id)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
