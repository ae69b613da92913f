package metrics

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestHooks(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	m := New(reg)
	m.SlashCommand("search", "ok", 40*time.Millisecond)
	m.SlashCommand("search", "ok", 3*time.Second)
	m.SlashCommand("agenda", "error", time.Millisecond)
	m.Search("found")
	m.Synced("changed", 2*time.Second)
	m.Synced("failed", time.Second)
	m.ReminderSent(3 * time.Second)
	m.ReminderSent(-time.Second) // a clock step: counted as on time
	m.Connected(false)
	m.Connected(true)
	got := gatherText(t, reg)
	for _, line := range []string{
		`sessionbot_slash_commands_total{command="search",outcome="ok"} 2`,
		`sessionbot_slash_commands_total{command="agenda",outcome="error"} 1`,
		`sessionbot_slash_commands_total{command="follow",outcome="no_match"} 0`, // known series start at 0
		`sessionbot_syncs_total{outcome="held"} 0`,
		`sessionbot_syncs_total{outcome="changed"} 1`,
		`sessionbot_searches_total{outcome="timeout"} 0`,
		`sessionbot_slash_command_duration_seconds_bucket{command="search",le="0.05"} 1`,
		`sessionbot_slash_command_duration_seconds_bucket{command="search",le="5"} 2`,
		`sessionbot_reminder_lateness_seconds_bucket{le="0.5"} 1`,
		`sessionbot_reminder_lateness_seconds_bucket{le="5"} 2`,
		`sessionbot_sync_duration_seconds_count{outcome="failed"} 1`,
		`sessionbot_reminders_sent_total 2`,
		`sessionbot_socketmode_connections_total 2`,
		`sessionbot_socketmode_reconnects_total 1`,
	} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("missing %q", line)
		}
	}
	if problems, err := testutil.GatherAndLint(reg); err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %v", problems, err)
	}
}

// gatherText is the registry's exposition in the text format.
func gatherText(t *testing.T, reg prometheus.Gatherer) string {
	t.Helper()
	srv := httptest.NewServer(Handler(reg))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

func TestNewRegistry(t *testing.T) {
	got := gatherText(t, NewRegistry())
	want := []string{"go_goroutines ", "go_memstats_heap_alloc_bytes "}
	if runtime.GOOS == "linux" {
		want = append(want, "process_resident_memory_bytes ", "process_open_fds ")
	}
	for _, name := range want {
		if !strings.Contains(got, "\n"+name) {
			t.Errorf("no %s", name)
		}
	}
}

func TestState(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	last := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	fail := false
	RegisterState(reg, func() (State, error) {
		if fail {
			return State{}, errors.New("store closed")
		}
		return State{Sessions: 9, Announcements: 1, Notices: 2, Reminders: 3, LastSync: last, Connected: true}, nil
	})
	got := gatherText(t, reg)
	for _, line := range []string{
		"sessionbot_sessions 9", "sessionbot_announcements_pending 1", "sessionbot_notices_pending 2",
		"sessionbot_reminders_pending 3", "sessionbot_sync_last_success_timestamp_seconds 1.7958564e+09",
		"sessionbot_socketmode_connected 1",
	} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("missing %q in:\n%s", line, got)
		}
	}
	if problems, err := testutil.GatherAndLint(reg); err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %v", problems, err)
	}
	fail = true
	if _, err := reg.Gather(); err == nil || !strings.Contains(err.Error(), "store closed") {
		t.Errorf("Gather with a failing read = %v", err)
	}
}

func TestSlackTransport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/chat.postMessage":
			io.WriteString(w, `{"ok":true,"channel":"C1","ts":"1.2"}`)
		case "/api/conversations.history":
			io.WriteString(w, `{"ok":false,"error":"not_in_channel"}`)
		case "/api/views.publish":
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/api/auth.test":
			w.WriteHeader(http.StatusBadGateway)
		default:
			io.WriteString(w, `{"ok":false,"error":"<script>"}`)
		}
	}))
	defer srv.Close()
	reg := prometheus.NewPedanticRegistry()
	m := New(reg)
	client := &http.Client{Transport: m.SlackTransport(http.DefaultTransport)}
	for _, method := range []string{"chat.postMessage", "chat.postMessage", "conversations.history", "views.publish", "auth.test", "../../etc"} {
		resp, err := client.Post(srv.URL+"/api/"+method, "application/x-www-form-urlencoded", strings.NewReader("token=x"))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if method == "chat.postMessage" && !strings.Contains(string(body), `"ts":"1.2"`) {
			t.Errorf("the caller got %q, not Slack's answer", body)
		}
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	if _, err := client.Post(closed.URL+"/api/chat.postMessage", "", nil); err == nil {
		t.Fatal("a closed server answered")
	}
	got := gatherText(t, reg)
	for _, line := range []string{
		`sessionbot_slack_api_calls_total{method="chat.postMessage",outcome="ok"} 2`,
		`sessionbot_slack_api_calls_total{method="chat.postMessage",outcome="network_error"} 1`,
		`sessionbot_slack_api_calls_total{method="conversations.history",outcome="error"} 1`,
		`sessionbot_slack_api_errors_total{error="not_in_channel",method="conversations.history"} 1`,
		`sessionbot_slack_api_calls_total{method="views.publish",outcome="rate_limited"} 1`,
		`sessionbot_slack_api_calls_total{method="auth.test",outcome="http_error"} 1`,
		`sessionbot_slack_api_calls_total{method="other",outcome="error"} 1`,
		`sessionbot_slack_api_errors_total{error="unknown",method="other"} 1`,
		`sessionbot_slack_api_call_duration_seconds_count{method="chat.postMessage"} 3`,
	} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("missing %q in:\n%s", line, got)
		}
	}
}
