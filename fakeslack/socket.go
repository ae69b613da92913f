package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// writeTimeout bounds one websocket write, so a client that stops reading
// cannot wedge the server.
const writeTimeout = 5 * time.Second

// conn is one Socket Mode websocket.
type conn struct {
	ws        *websocket.Conn
	n         int // order of connection, to prefer the newest
	writeMu   sync.Mutex
	closed    chan struct{}
	closeOnce sync.Once
}

// write sends v as one JSON text frame.
func (c *conn) write(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.writeFrame(b)
}

// writeFrame sends b as one text frame, as it is.
func (c *conn) writeFrame(b []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if err := c.ws.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil {
		return err
	}
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

// drop closes the socket without a close frame, as a network failure would.
func (c *conn) drop() {
	c.closeOnce.Do(func() {
		close(c.closed)
		_ = c.ws.Close()
	})
}

// debugInfo is the debug_info Slack puts in hello and disconnect messages.
func debugInfo() map[string]any {
	return map[string]any{"host": "applink-fakeslack-127-0-0-1", "build_number": 1, "approximate_connection_time": 18060}
}

// serveLink accepts a Socket Mode websocket for a ticket from
// apps.connections.open, says hello, pings, and reads acks until it closes.
func (s *Server) serveLink(w http.ResponseWriter, r *http.Request) {
	if !s.enter() {
		http.Error(w, "closed", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	if !s.useTicket(r.URL.Query().Get("ticket")) {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the client
	}
	c := &conn{ws: ws, closed: make(chan struct{})}
	defer s.unregister(c)
	defer c.drop()
	num, ok := s.register(c)
	if !ok || c.write(map[string]any{"type": "hello", "num_connections": num,
		"debug_info": debugInfo(), "connection_info": map[string]any{"app_id": AppID}}) != nil {
		return
	}
	s.accept(c)
	s.wg.Go(func() { s.ping(c) }) // safe: this goroutine holds the WaitGroup above zero
	s.readAcks(c)
}

// useTicket consumes a ticket handed out by apps.connections.open.
func (s *Server) useTicket(t string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	ok := s.tickets[t]
	delete(s.tickets, t)
	return ok
}

// register adds c, not yet accepting envelopes, and returns the number of
// connections counting c.
func (s *Server) register(c *conn) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, false
	}
	s.seq++
	c.n = s.seq
	s.conns[c] = false
	return s.activeLocked() + 1, true
}

// accept lets c receive envelopes.
func (s *Server) accept(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.conns[c]; ok {
		s.conns[c] = true
		s.notifyLocked()
	}
}

func (s *Server) unregister(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	s.notifyLocked()
}

// retire stops sending envelopes to c; it stays open until it closes.
func (s *Server) retire(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.conns[c]; ok {
		s.conns[c] = false
		s.notifyLocked()
	}
}

func (s *Server) activeLocked() int {
	n := 0
	for _, accepting := range s.conns {
		if accepting {
			n++
		}
	}
	return n
}

// connList returns the connections: only those accepting envelopes, or all.
func (s *Server) connList(acceptingOnly bool) []*conn {
	var out []*conn
	for c, accepting := range s.conns {
		if accepting || !acceptingOnly {
			out = append(out, c)
		}
	}
	return out
}

// newestLocked returns the newest connection accepting envelopes, or nil.
func (s *Server) newestLocked() *conn {
	var best *conn
	for _, c := range s.connList(true) {
		if best == nil || c.n > best.n {
			best = c
		}
	}
	return best
}

// ping sends websocket pings, which slack-go expects within its ping interval.
func (s *Server) ping(c *conn) {
	if s.pingInterval <= 0 {
		return
	}
	t := time.NewTicker(s.pingInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(writeTimeout)) != nil {
				return
			}
		case <-c.closed:
			return
		case <-s.done:
			return
		}
	}
}

// readAcks reads the client's acks until the socket fails or closes.
func (s *Server) readAcks(c *conn) {
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var a struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &a) == nil && a.EnvelopeID != "" {
			s.deliverAck(a.EnvelopeID, ackMsg{payload: a.Payload, at: time.Now()})
		}
	}
}

// Disconnect sends Slack's disconnect message to every connection, with
// reason "refresh_requested" when reason is "", and stops sending envelopes to
// them: the client is expected to call apps.connections.open and reconnect.
func (s *Server) Disconnect(reason string) {
	if reason == "" {
		reason = "refresh_requested"
	}
	s.mu.Lock()
	conns := s.connList(true)
	for _, c := range conns {
		s.conns[c] = false
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.write(map[string]any{"type": "disconnect", "reason": reason, "debug_info": debugInfo()})
	}
}

// DropConnections closes every Socket Mode connection abruptly, without a
// close frame, as a network failure would.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := s.connList(false)
	for _, c := range conns {
		delete(s.conns, c)
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.drop()
	}
}

// Connections returns the number of Socket Mode connections open and able to
// receive envelopes: one told to Disconnect no longer counts.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.activeLocked()
}

// WaitConnected waits until exactly n connections can receive envelopes.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	got := 0
	err := s.waitFor(ctx, func() bool {
		got = s.activeLocked()
		return got == n
	})
	if err != nil {
		return fmt.Errorf("fakeslack: waiting for %d connections, have %d: %w", n, got, err)
	}
	return nil
}
