package fakeslack

import (
	"net/http"
	"strings"
)

// responseURLUses is how often Slack accepts a POST to one response_url.
const responseURLUses = 5

// NewResponseURL returns a fresh response_url on this server. It accepts five
// POSTs, as Slack's do; each is recorded as a Call with Method
// MethodResponseURL and answered {"ok":true}. Later POSTs get 404 used_url.
func (s *Server) NewResponseURL() string {
	id := randomHex(12)
	s.mu.Lock()
	s.responses[id] = 0
	s.mu.Unlock()
	return s.url + "/response/" + id
}

// serveResponse answers a POST to a response_url.
func (s *Server) serveResponse(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	call, err := readCall(r, MethodResponseURL)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	call.ResponseURL = s.url + r.URL.Path
	id := strings.TrimPrefix(r.URL.Path, "/response/")
	s.finish(w, r, call, s.answer(MethodResponseURL, func() reply {
		rep := s.useResponseURL(id)
		if rep.status == http.StatusOK {
			s.respondTo(id, call) // shown before the bot hears back
		}
		return rep
	}))
}

// responseID returns the id of a response_url this server made.
func (s *Server) responseID(url string) (string, bool) {
	id, ok := strings.CutPrefix(url, s.url+"/response/")
	return id, ok && id != ""
}

// useResponseURL counts one use of the response_url id.
func (s *Server) useResponseURL(id string) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	uses, ok := s.responses[id]
	switch {
	case !ok:
		return errReply(http.StatusNotFound, "expired_url")
	case uses >= responseURLUses:
		return errReply(http.StatusNotFound, "used_url")
	}
	s.responses[id] = uses + 1
	return okReply(nil)
}
