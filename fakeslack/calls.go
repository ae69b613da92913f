package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"
)

// MethodResponseURL is the Call.Method of a POST to a response_url.
const MethodResponseURL = "response_url"

// Call is one request the server received: a Web API method call or a POST to
// a response_url.
type Call struct {
	Method      string          // "chat.postMessage", …, or MethodResponseURL
	Token       string          // from the Authorization header or the token field
	Form        url.Values      // query and form fields; nil for a JSON body without query
	JSON        json.RawMessage // the body when it was JSON; nil otherwise
	ResponseURL string          // the URL posted to, for MethodResponseURL calls
	Error       string          // the error answered ("ratelimited", "invalid_auth", …); "" when ok
	At          time.Time
}

// Param returns the named parameter whichever encoding the client used: the
// form field, or else the top-level JSON field (a string's value, any other
// value as JSON text). It returns "" when the parameter is absent.
func (c Call) Param(name string) string {
	if v, ok := c.Form[name]; ok && len(v) > 0 {
		return v[0]
	}
	raw := jsonField(c.JSON, name)
	var str string
	if json.Unmarshal(raw, &str) == nil {
		return str
	}
	return string(raw)
}

// Blocks returns the Block Kit blocks of the call as a JSON array: the blocks
// form field (chat.*), the top-level blocks JSON field (response_url), or the
// blocks of the JSON view (views.*). It returns nil when there are none.
func (c Call) Blocks() json.RawMessage {
	if b := c.Form.Get("blocks"); b != "" {
		return json.RawMessage(b)
	}
	if b := jsonField(c.JSON, "blocks"); b != nil {
		return b
	}
	return jsonField(jsonField(c.JSON, "view"), "blocks")
}

// jsonField returns the named field of a JSON object, or nil.
func jsonField(obj json.RawMessage, name string) json.RawMessage {
	var fields map[string]json.RawMessage
	if len(obj) == 0 || json.Unmarshal(obj, &fields) != nil {
		return nil
	}
	v := fields[name]
	if string(v) == "null" {
		return nil
	}
	return v
}

// Calls returns the calls received so far, in order: all of them when method
// is "", else those of that method.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method)
}

func (s *Server) callsLocked(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitCalls waits until at least n calls of method ("" for any) have been
// received and returns all of them. When ctx ends first it returns those
// received so far and an error saying how many were missing.
func (s *Server) WaitCalls(ctx context.Context, method string, n int) ([]Call, error) {
	var got []Call
	err := s.waitFor(ctx, func() bool {
		got = s.callsLocked(method)
		return len(got) >= n
	})
	if err != nil {
		return got, fmt.Errorf("fakeslack: waiting for %d %q calls, got %d: %w", n, method, len(got), err)
	}
	return got, nil
}

// record appends c to the calls and wakes waiters.
func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	s.notifyLocked()
}
