package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Envelope types Slack sends over Socket Mode.
const (
	TypeSlashCommands = "slash_commands"
	TypeInteractive   = "interactive"
	TypeEventsAPI     = "events_api"
)

// Envelope is one Socket Mode message that expects an ack.
type Envelope struct {
	EnvelopeID             string // a random UUID when empty
	Type                   string // TypeSlashCommands, TypeInteractive or TypeEventsAPI
	Payload                any    // sent as JSON; a json.RawMessage as is
	AcceptsResponsePayload bool
	RetryAttempt           int    // 0 on first delivery
	RetryReason            string // "" on first delivery, e.g. "timeout" on a retry
}

// Ack is the client's acknowledgement of an envelope.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage // the ack's payload; nil when it had none
	Latency    time.Duration   // from writing the envelope to reading the ack
	// Envelope is what was sent, with its EnvelopeID filled in: Send it again
	// with RetryAttempt raised to redeliver it, as Slack does.
	Envelope Envelope
}

// ackMsg is an ack read from a websocket.
type ackMsg struct {
	payload json.RawMessage
	at      time.Time
}

// Send delivers env to the newest connected client, waiting for one to
// connect if none is, and waits for the ack with its envelope ID, from any
// connection (slack-go sends acks queued during a reconnect on the new one).
// It fails when ctx ends or the server closes first. Send does not redeliver
// by itself when a connection is lost before the ack: Send Ack.Envelope again.
func (s *Server) Send(ctx context.Context, env Envelope) (Ack, error) {
	if env.EnvelopeID == "" {
		env.EnvelopeID = newEnvelopeID()
	}
	fail := func(err error) (Ack, error) {
		return Ack{EnvelopeID: env.EnvelopeID, Envelope: env},
			fmt.Errorf("fakeslack: %s envelope %s: %w", env.Type, env.EnvelopeID, err)
	}
	payload, err := json.Marshal(env.Payload)
	if err != nil {
		return fail(fmt.Errorf("encoding: %w", err))
	}
	frame, err := json.Marshal(env.wire(payload))
	if err != nil {
		return fail(fmt.Errorf("encoding: %w", err))
	}
	ack, err := s.sendFrame(ctx, env.EnvelopeID, frame)
	if err != nil {
		return fail(err)
	}
	ack.Envelope = env
	return ack, nil
}

// SendRaw writes frame to the newest connected client as one text frame,
// byte for byte, for what Slack should never send but a client must
// survive: a payload that is not an object, actions that are not a list, an
// unknown envelope type, a missing envelope_id, something that is not JSON.
// When envelopeID is not empty it waits for the ack with that ID, as Send
// does; otherwise it returns once the frame is written.
func (s *Server) SendRaw(ctx context.Context, envelopeID string, frame []byte) (Ack, error) {
	ack, err := s.sendFrame(ctx, envelopeID, frame)
	if err != nil {
		return ack, fmt.Errorf("fakeslack: raw frame %s: %w", envelopeID, err)
	}
	return ack, nil
}

// sendFrame delivers frame and, when id is not empty, waits for its ack.
func (s *Server) sendFrame(ctx context.Context, id string, frame []byte) (Ack, error) {
	var acks chan ackMsg
	if id != "" {
		acks = s.await(id)
		defer s.unawait(id, acks)
	}
	sent, err := s.deliver(ctx, frame)
	switch {
	case err != nil:
		return Ack{EnvelopeID: id}, fmt.Errorf("sending: %w", err)
	case id == "":
		return Ack{}, nil
	}
	select {
	case a := <-acks:
		return Ack{EnvelopeID: id, Payload: a.payload, Latency: a.at.Sub(sent)}, nil
	case <-ctx.Done():
		return Ack{EnvelopeID: id}, fmt.Errorf("no ack: %w", ctx.Err())
	case <-s.done:
		return Ack{EnvelopeID: id}, fmt.Errorf("no ack: %w", ErrClosed)
	}
}

// wire is env as Slack writes it on the websocket.
func (env Envelope) wire(payload json.RawMessage) map[string]any {
	return map[string]any{
		"envelope_id":              env.EnvelopeID,
		"type":                     env.Type,
		"payload":                  payload,
		"accepts_response_payload": env.AcceptsResponsePayload,
		"retry_attempt":            env.RetryAttempt,
		"retry_reason":             env.RetryReason,
	}
}

// deliver writes frame to the newest connection accepting envelopes, waiting
// for one, and returns when it was written.
func (s *Server) deliver(ctx context.Context, frame []byte) (time.Time, error) {
	for {
		var c *conn
		if err := s.waitFor(ctx, func() bool { c = s.newestLocked(); return c != nil }); err != nil {
			return time.Time{}, err
		}
		sent := time.Now()
		if err := c.writeFrame(frame); err == nil {
			return sent, nil
		}
		s.retire(c) // broken: its reader will notice and unregister it
	}
}

// await registers interest in the ack for id.
func (s *Server) await(id string) chan ackMsg {
	ch := make(chan ackMsg, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waiters[id] = append(s.waiters[id], ch)
	return ch
}

// unawait withdraws interest registered by await.
func (s *Server) unawait(id string, ch chan ackMsg) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waiters[id] = slices.DeleteFunc(s.waiters[id], func(c chan ackMsg) bool { return c == ch })
	if len(s.waiters[id]) == 0 {
		delete(s.waiters, id)
	}
}

// deliverAck hands an ack to everyone waiting for its envelope ID. Acks nobody
// waits for (late, or duplicates) are dropped, as Slack drops them.
func (s *Server) deliverAck(id string, a ackMsg) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slashAckedLocked(id, a.payload)
	for _, ch := range s.waiters[id] {
		select {
		case ch <- a:
		default:
		}
	}
	delete(s.waiters, id)
}
