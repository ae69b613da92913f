package fakeslack

import (
	"slices"
	"strings"
)

// Channel is a conversation of the fake workspace other than a DM.
type Channel struct {
	ID      string
	Private bool // a private channel: its history needs groups:history, and to a non-member it does not exist
	Member  bool // the bot is in it; a public channel it is not in answers not_in_channel
	// Archived channels take no posts (is_archived).
	Archived bool
}

// WithChannels registers channels. A channel ID that is not registered is
// a public channel the bot is in (IDs starting with G, Slack's older
// private channels, a private one), so tests that do not care can post
// anywhere.
func WithChannels(chs ...Channel) Option {
	return func(s *Server) {
		for _, c := range chs {
			s.channels[c.ID] = c
		}
	}
}

// DefaultScopes are the bot token's scopes unless WithScopes says
// otherwise: those manifest.yaml asks for.
var DefaultScopes = []string{"commands", "chat:write", "im:write", "im:history", "channels:history", "groups:history", "files:write"}

// WithScopes replaces the bot token's scopes (DefaultScopes). A method that
// needs another answers missing_scope with the needed and provided fields
// Slack sends.
func WithScopes(scopes ...string) Option {
	return func(s *Server) { s.scopes = slices.Clone(scopes) }
}

// channel returns what the workspace knows of id: a registered channel, or
// a public one (private for a G… ID) the bot is in.
func (s *Server) channel(id string) Channel {
	s.mu.Lock()
	c, ok := s.channels[id]
	s.mu.Unlock()
	if !ok {
		c = Channel{ID: id, Private: strings.HasPrefix(id, "G"), Member: true}
	}
	return c
}

// access returns the error Slack gives the bot for using channel id: a
// DM is always there; a private channel it is not in does not exist for
// it; a public one it is not in answers not_in_channel.
func (s *Server) access(id string) string {
	if isDM(id) {
		return ""
	}
	c := s.channel(id)
	switch {
	case !c.Member && c.Private:
		return "channel_not_found"
	case !c.Member:
		return "not_in_channel"
	}
	return ""
}

// historyScope is the scope conversations.history needs for channel id.
func (s *Server) historyScope(id string) string {
	switch {
	case isDM(id):
		return "im:history"
	case s.channel(id).Private:
		return "groups:history"
	}
	return "channels:history"
}

// missingScope returns the fields and code of a missing_scope answer when
// the bot token lacks scope, or nil and "".
func (s *Server) missingScope(scope string) (map[string]any, string) {
	s.mu.Lock()
	have := s.scopes
	s.mu.Unlock()
	if slices.Contains(have, scope) {
		return nil, ""
	}
	return map[string]any{"needed": scope, "provided": strings.Join(have, ",")}, "missing_scope"
}

// isDM reports whether id is a direct-message channel.
func isDM(id string) bool { return strings.HasPrefix(id, "D") }
