package fakeslack

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxBody bounds a request body; Slack's own limits are far lower for
// everything sessionbot sends.
const maxBody = 4 << 20

// tokenKind says which token a method accepts.
type tokenKind int

const (
	botTokenOnly tokenKind = iota
	appTokenOnly
	botIdentity // auth.test: any token Slack knows, but only the bot token is a bot
)

// method answers one Web API method: the fields of an ok response, or the
// error code of an ok:false one.
type method struct {
	token  tokenKind
	handle func(*Server, Call) (fields map[string]any, errCode string)
}

// lookup returns the Web API method called name.
func lookup(name string) (method, bool) {
	switch name {
	case "auth.test":
		return method{botIdentity, (*Server).authTest}, true
	case "apps.connections.open":
		return method{appTokenOnly, (*Server).connectionsOpen}, true
	case "chat.postMessage":
		return method{botTokenOnly, (*Server).postMessage}, true
	case "chat.postEphemeral":
		return method{botTokenOnly, (*Server).postEphemeral}, true
	case "chat.update":
		return method{botTokenOnly, (*Server).update}, true
	case "conversations.history":
		return method{botTokenOnly, (*Server).conversationsHistory}, true
	case "conversations.open":
		return method{botTokenOnly, (*Server).conversationsOpen}, true
	case "users.info":
		return method{botTokenOnly, (*Server).usersInfo}, true
	case "views.publish":
		return method{botTokenOnly, (*Server).viewsPublish}, true
	case "views.open":
		return method{botTokenOnly, (*Server).viewsOpen}, true
	}
	return lookupMore(name)
}

// reply is an HTTP response about to be written.
type reply struct {
	status int
	header http.Header
	body   map[string]any
	delay  time.Duration
}

func okReply(fields map[string]any) reply {
	body := map[string]any{"ok": true}
	for k, v := range fields {
		body[k] = v
	}
	return reply{status: http.StatusOK, body: body}
}

func errReply(status int, code string) reply {
	return reply{status: status, body: map[string]any{"ok": false, "error": code}}
}

// serveAPI answers /api/METHOD.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	call, err := readCall(r, strings.TrimPrefix(r.URL.Path, "/api/"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.finish(w, r, call, s.answer(call.Method, func() reply { return s.dispatch(call) }))
}

// finish records call with the outcome in rep, then writes rep.
func (s *Server) finish(w http.ResponseWriter, r *http.Request, call Call, rep reply) {
	if ok, _ := rep.body["ok"].(bool); !ok {
		call.Error, _ = rep.body["error"].(string)
	}
	s.record(call)
	s.sleep(r.Context(), rep.delay)
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(rep.status)
	_ = json.NewEncoder(w).Encode(rep.body)
}

// dispatch checks the token and runs the method.
func (s *Server) dispatch(call Call) reply {
	s.deliverDue() // with an injected clock, what fell due is posted before anything else
	m, ok := lookup(call.Method)
	if !ok {
		return errReply(http.StatusOK, "unknown_method")
	}
	if code := s.tokenError(call.Token, m.token); code != "" {
		return errReply(http.StatusOK, code)
	}
	fields, code := m.handle(s, call)
	if code != "" {
		rep := errReply(http.StatusOK, code)
		for k, v := range fields { // missing_scope's needed and provided
			rep.body[k] = v
		}
		return rep
	}
	return okReply(fields)
}

// tokenError is the error code a call with token answers for a method that
// takes kind, or "" when the token may call it.
func (s *Server) tokenError(token string, kind tokenKind) string {
	s.mu.Lock()
	code := s.rejected[token]
	s.mu.Unlock()
	switch {
	case token == "":
		return "not_authed"
	case code != "":
		return code
	case token != BotToken && token != AppToken:
		return "invalid_auth"
	case kind == botIdentity && token == AppToken:
		return "invalid_auth" // an app-level token passed where the bot token belongs
	case kind != botIdentity && (token == AppToken) != (kind == appTokenOnly):
		return "not_allowed_token_type"
	}
	return ""
}

// RejectToken makes every Web API call with token answer code from now on,
// as Slack answers once a token was revoked ("token_revoked"), has expired
// ("token_expired"), or belongs to a deactivated user or workspace
// ("account_inactive"). Any code may be given; "" accepts the token again.
func (s *Server) RejectToken(token, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "" {
		delete(s.rejected, token)
		return
	}
	s.rejected[token] = code
}

// readCall reads a request the way Slack does: form-encoded or JSON body, query
// parameters, and the token from the Authorization header or the token field.
func readCall(r *http.Request, name string) (Call, error) {
	call := Call{Method: name, At: time.Now()}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype == "application/json" {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			return call, err
		}
		if len(strings.TrimSpace(string(body))) > 0 {
			call.JSON = body
		}
		if q := r.URL.Query(); len(q) > 0 {
			call.Form = q
		}
	} else {
		r.Body = http.MaxBytesReader(nil, r.Body, maxBody)
		if err := r.ParseForm(); err != nil {
			return call, err
		}
		call.Form = r.Form
	}
	call.Token = bearer(r.Header.Get("Authorization"))
	if call.Token == "" {
		call.Token = call.Form.Get("token")
	}
	return call, nil
}

func bearer(h string) string {
	if t, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(t)
	}
	return ""
}

// authTest answers auth.test for the bot token, with the fields Slack's
// documentation shows for a bot: url, team, user, team_id, user_id, bot_id
// and is_enterprise_install.
func (s *Server) authTest(Call) (map[string]any, string) {
	return map[string]any{
		"url":                   "https://" + teamDomain + ".slack.com/",
		"team":                  "Fakeslack Test",
		"user":                  "sessionbot",
		"team_id":               TeamID,
		"user_id":               BotUserID,
		"bot_id":                BotID,
		"is_enterprise_install": false,
	}, ""
}

// connectionsOpen answers apps.connections.open with a single-use websocket URL.
func (s *Server) connectionsOpen(Call) (map[string]any, string) {
	ticket := randomHex(16)
	s.mu.Lock()
	s.tickets[ticket] = true
	s.mu.Unlock()
	u := "ws" + strings.TrimPrefix(s.url, "http") + "/link/?" +
		url.Values{"ticket": {ticket}, "app_id": {AppID}}.Encode()
	return map[string]any{"url": u}, ""
}

// usersInfo answers users.info.
func (s *Server) usersInfo(c Call) (map[string]any, string) {
	id := c.Param("user")
	s.mu.Lock()
	u, ok := s.users[id]
	s.mu.Unlock()
	if !ok {
		if !looksLikeUserID(id) {
			return nil, "user_not_found"
		}
		u = User{ID: id}
	}
	return map[string]any{"user": u.withDefaults().object()}, ""
}

func looksLikeUserID(id string) bool {
	if len(id) < 3 || (id[0] != 'U' && id[0] != 'W') {
		return false
	}
	for _, r := range id {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
