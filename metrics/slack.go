package metrics

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"path"
	"regexp"
	"time"
)

// Outcomes of a Slack Web API call.
const (
	SlackOK           = "ok"            // HTTP 200 and "ok": true
	SlackError        = "error"         // HTTP 200 and "ok": false (slack_api_errors_total has the code)
	SlackRateLimited  = "rate_limited"  // HTTP 429
	SlackHTTPError    = "http_error"    // another HTTP status
	SlackNetworkError = "network_error" // no answer: refused, reset, timed out
)

// maxInspect bounds how much of an answer is read to find its "ok": Web
// API answers are JSON objects well under it.
const maxInspect = 8 << 20

// apiMethod matches a Web API method name (chat.postMessage); anything
// else is counted as "other", so a stray URL cannot add series.
var apiMethod = regexp.MustCompile(`^[a-z]+(\.[a-zA-Z]+)+$`)

// SlackTransport returns an http.RoundTripper for slack-go's HTTP client
// that counts each Web API call through next by method and outcome (429s
// included) and times it.
func (m *Metrics) SlackTransport(next http.RoundTripper) http.RoundTripper {
	return slackTransport{next: next, m: m}
}

type slackTransport struct {
	next http.RoundTripper
	m    *Metrics
}

func (t slackTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	method := path.Base(req.URL.Path)
	if !apiMethod.MatchString(method) {
		method = "other"
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	t.m.slackTime.WithLabelValues(method).Observe(time.Since(start).Seconds())
	if err != nil {
		t.m.slackCalls.WithLabelValues(method, SlackNetworkError).Inc()
		return resp, err
	}
	outcome, code := SlackOK, ""
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		outcome = SlackRateLimited
	case resp.StatusCode != http.StatusOK:
		outcome = SlackHTTPError
	default:
		code, err = slackCode(resp)
		if err != nil {
			t.m.slackCalls.WithLabelValues(method, SlackNetworkError).Inc()
			return nil, err
		}
		if code != "" {
			outcome = SlackError
			t.m.slackErrs.WithLabelValues(method, code).Inc()
		}
	}
	t.m.slackCalls.WithLabelValues(method, outcome).Inc()
	return resp, nil
}

// slackCode reads resp's body and puts it back, and returns Slack's error
// code when the answer says "ok": false ("unknown" when it names none).
func slackCode(resp *http.Response) (string, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxInspect))
	resp.Body.Close()
	if err != nil {
		return "", err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var answer struct {
		OK    *bool  `json:"ok"`
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &answer) != nil || answer.OK == nil || *answer.OK {
		return "", nil
	}
	if answer.Error == "" || !apiError.MatchString(answer.Error) {
		return "unknown", nil
	}
	return answer.Error, nil
}

// apiError matches a Slack error code (not_in_channel).
var apiError = regexp.MustCompile(`^[a-z_]{1,64}$`)
