package fakeslack

import (
	"net/http"
	"strconv"
	"time"
)

// Fault is what a call answers instead of its normal response.
//
// Status 429 answers Slack's rate limit: a Retry-After header of RetryAfter in
// whole seconds (rounded up, so 0 sends "0") and {"ok":false,"error":"ratelimited"},
// which slack-go returns as *slack.RateLimitedError. Another non-200 Status
// answers that status (slack-go returns slack.StatusCodeError). Status 0 or 200
// with Error answers {"ok":false,"error":Error}. Delay holds the answer back;
// a Fault with only a Delay answers normally, late. Either way the call is
// recorded when it arrives, before the Delay.
type Fault struct {
	Status     int
	RetryAfter time.Duration
	Error      string
	Delay      time.Duration
}

// FailNext makes the next n calls of method (a Web API method name, or
// MethodResponseURL) answer f. Faults queue up: a second FailNext applies
// after the first is used up. The calls are still recorded, with Call.Error.
func (s *Server) FailNext(method string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[method] = append(s.faults[method], f)
	}
}

// takeFault pops the next fault queued for method.
func (s *Server) takeFault(method string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[method]
	if len(q) == 0 {
		return Fault{}, false
	}
	s.faults[method] = q[1:]
	return q[0], true
}

// reply returns the answer f makes, or false when f only delays the normal one.
func (f Fault) reply() (reply, bool) {
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	code := f.Error
	switch {
	case status == http.StatusOK && code == "":
		return reply{}, false
	case code == "" && status == http.StatusTooManyRequests:
		code = "ratelimited"
	case code == "":
		code = "internal_error"
	}
	rep := errReply(status, code)
	if status == http.StatusTooManyRequests {
		rep.header = http.Header{"Retry-After": {retryAfter(f.RetryAfter)}}
	}
	return rep, true
}

// answer returns the reply to call: the next fault queued for its method, or
// else what normal answers.
func (s *Server) answer(method string, normal func() reply) reply {
	f, _ := s.takeFault(method)
	rep, faulted := f.reply()
	if !faulted {
		rep = normal()
	}
	rep.delay = f.Delay
	return rep
}

// retryAfter renders d as the whole seconds of a Retry-After header, rounding up.
func retryAfter(d time.Duration) string {
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}
