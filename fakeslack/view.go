package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
)

// Ephemeral is a message only one user sees in a channel, as Slack shows
// it: a slash command's answer (the ack's payload, or a post to its
// response_url), a post to a button's response_url, or chat.postEphemeral.
type Ephemeral struct {
	Message
	User string // the one user who sees it
	// Command is what the user typed when the message answers a slash
	// command ("/session kubernetes"); "" otherwise.
	Command string
}

// seen is what users see beyond the channels' history: ephemeral messages,
// where each response_url posts, and each user's Home tab.
type seen struct {
	ephemerals []Ephemeral
	targets    map[string]*target         // response_url id -> where it posts
	slashes    map[string]*target         // envelope id of a slash command -> its response_url's target
	homes      map[string]json.RawMessage // user -> the view views.publish stored last
}

// target is where a response_url posts: the channel and user of the slash
// command or click it came with, and the message it may replace (ts ""
// until a slash command's first answer).
type target struct {
	channel, user, ts string
	ephemeral         bool
	command           string
}

func (v *seen) init() {
	if v.targets == nil {
		v.targets = map[string]*target{}
		v.slashes = map[string]*target{}
		v.homes = map[string]json.RawMessage{}
	}
}

// Ephemerals returns the ephemeral messages user sees in channel (a
// channel ID, or a user ID for the DM with that user), oldest first.
func (s *Server) Ephemerals(channel, user string) []Ephemeral {
	channel = resolveChannel(channel)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Ephemeral
	for _, e := range s.seen.ephemerals {
		if e.Channel == channel && e.User == user {
			out = append(out, e)
		}
	}
	return out
}

// Home returns the view views.publish last stored as user's Home tab, with
// the fields Slack adds (its id among them), and whether there is one.
func (s *Server) Home(user string) (json.RawMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.seen.homes[user]
	return v, ok
}

// Version counts the changes to what the server holds: calls, messages,
// connections. It only grows.
func (s *Server) Version() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version
}

// WaitChange waits until Version is other than version, and returns it.
func (s *Server) WaitChange(ctx context.Context, version uint64) (uint64, error) {
	var now uint64
	err := s.waitFor(ctx, func() bool { now = s.version; return now != version })
	if err != nil {
		return now, fmt.Errorf("fakeslack: waiting for a change: %w", err)
	}
	return now, nil
}

// bindResponseURL makes the response_url url post to t. URLs not made by
// NewResponseURL are left alone.
func (s *Server) bindResponseURL(url string, t target) {
	id, ok := s.responseID(url)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen.init()
	s.seen.targets[id] = &t
}

// expectSlashAck arranges for the ack of the slash command envelope id to
// be shown as the answer in the command's channel.
func (s *Server) expectSlashAck(envelopeID, responseURL string, t target) {
	s.bindResponseURL(responseURL, t)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen.init()
	if id, ok := s.responseID(responseURL); ok && s.seen.targets[id] != nil {
		s.seen.slashes[envelopeID] = s.seen.targets[id]
		return
	}
	s.seen.slashes[envelopeID] = &t
}

// forgetSlash drops what expectSlashAck arranged once the ack is in (or
// never came).
func (s *Server) forgetSlash(envelopeID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.seen.slashes, envelopeID)
}

// slashAckedLocked shows a slash command's ack payload, if it has a
// message, as Slack does: to the user alone unless its response_type is
// in_channel. It runs as the ack is read, before any response_url post the
// bot makes after it. The caller holds s.mu.
func (s *Server) slashAckedLocked(envelopeID string, payload json.RawMessage) {
	t := s.seen.slashes[envelopeID]
	if t == nil {
		return
	}
	delete(s.seen.slashes, envelopeID)
	var r response
	if len(payload) == 0 || json.Unmarshal(payload, &r) != nil || !r.hasMessage() {
		return
	}
	s.postLocked(t, r)
}

// response is a message posted to a response_url (or in a slash command's
// ack), with the fields that say where it goes.
type response struct {
	Text            string          `json:"text"`
	Blocks          json.RawMessage `json:"blocks"`
	ResponseType    string          `json:"response_type"`
	ReplaceOriginal flag            `json:"replace_original"`
	DeleteOriginal  flag            `json:"delete_original"`
}

func (r response) hasMessage() bool {
	return r.Text != "" || len(r.Blocks) > 0 && string(r.Blocks) != "null"
}

// flag reads a boolean as Slack takes it: true, or the string "true".
type flag bool

// UnmarshalJSON accepts true, false, "true" and "false".
func (f *flag) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = v == true || v == "true"
	return nil
}

// respondTo applies a post to the response_url id: it deletes or replaces
// the message the URL belongs to, or adds a new one, ephemeral unless
// response_type is in_channel.
func (s *Server) respondTo(id string, c Call) {
	var r response
	if c.JSON != nil {
		_ = json.Unmarshal(c.JSON, &r)
	} else {
		r = response{Text: c.Param("text"), ResponseType: c.Param("response_type"),
			ReplaceOriginal: c.Param("replace_original") == "true", DeleteOriginal: c.Param("delete_original") == "true"}
		if b := c.Param("blocks"); b != "" {
			r.Blocks = json.RawMessage(b)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.seen.targets[id]
	if t == nil {
		return
	}
	switch {
	case bool(r.DeleteOriginal) && t.ts != "":
		s.deleteLocked(t)
	case bool(r.ReplaceOriginal) && t.ts != "":
		s.replaceLocked(t, r)
	case r.hasMessage():
		s.postLocked(t, r)
	}
	s.notifyLocked()
}

// postLocked adds r as a new message where t points, and makes it the
// message t replaces from now on when t had none (a slash command's).
func (s *Server) postLocked(t *target, r response) {
	m := Message{Channel: t.channel, TS: s.nextTSLocked(), Text: r.Text, Blocks: blocksOf(r)}
	if r.ResponseType == "in_channel" {
		if s.history == nil {
			s.history = map[string][]Message{}
		}
		s.history[m.Channel] = append(s.history[m.Channel], m)
	} else {
		s.seen.ephemerals = append(s.seen.ephemerals, Ephemeral{Message: m, User: t.user, Command: t.command})
	}
	if t.ts == "" {
		t.ts, t.ephemeral = m.TS, r.ResponseType != "in_channel"
	}
	s.notifyLocked()
}

// replaceLocked replaces the text and blocks of the message t points at.
func (s *Server) replaceLocked(t *target, r response) {
	if t.ephemeral {
		for i, e := range s.seen.ephemerals {
			if e.Channel == t.channel && e.TS == t.ts {
				s.seen.ephemerals[i].Text, s.seen.ephemerals[i].Blocks = r.Text, blocksOf(r)
			}
		}
		return
	}
	for i, m := range s.history[t.channel] {
		if m.TS == t.ts {
			s.history[t.channel][i].Text, s.history[t.channel][i].Blocks = r.Text, blocksOf(r)
		}
	}
}

// deleteLocked removes the message t points at.
func (s *Server) deleteLocked(t *target) {
	if t.ephemeral {
		s.seen.ephemerals = slices.DeleteFunc(s.seen.ephemerals, func(e Ephemeral) bool {
			return e.Channel == t.channel && e.TS == t.ts
		})
		return
	}
	s.history[t.channel] = slices.DeleteFunc(s.history[t.channel], func(m Message) bool { return m.TS == t.ts })
}

func blocksOf(r response) json.RawMessage {
	if len(r.Blocks) == 0 || string(r.Blocks) == "null" {
		return nil
	}
	return r.Blocks
}

// rememberEphemeral records a chat.postEphemeral message.
func (s *Server) rememberEphemeral(e Ephemeral) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen.ephemerals = append(s.seen.ephemerals, e)
	s.notifyLocked()
}

// rememberHome records view as user's Home tab.
func (s *Server) rememberHome(user string, view map[string]any) {
	raw, err := json.Marshal(view)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen.init()
	s.seen.homes[user] = raw
	s.notifyLocked()
}
