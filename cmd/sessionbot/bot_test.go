package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/blockkit"
	"github.com/sessionbot/sessionbot/fakeslack"
)

// syncBuffer is stdout shared by the bot's goroutines and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// slackEnvFor returns a getenv pointing the bot at srv (API URL without its
// trailing slash, which runBot adds).
func slackEnvFor(srv *fakeslack.Server, extra map[string]string) func(string) string {
	env := map[string]string{
		"SLACK_BOT_TOKEN": fakeslack.BotToken,
		"SLACK_APP_TOKEN": fakeslack.AppToken,
		"SLACK_API_URL":   strings.TrimSuffix(srv.APIURL(), "/"),
	}
	for k, v := range extra {
		env[k] = v
	}
	return func(k string) string { return env[k] }
}

// ackText sends /session text and returns the validated ack payload.
func ackText(t *testing.T, ctx context.Context, srv *fakeslack.Server, text string) string {
	t.Helper()
	ack, err := srv.SlashCommand(ctx, fakeslack.SlashCommand{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if err := blockkit.ValidateMessage(ack.Payload); err != nil {
		t.Fatalf("/session %s: %v\n%s", text, err, ack.Payload)
	}
	var m struct {
		ResponseType string `json:"response_type"`
	}
	if err := json.Unmarshal(ack.Payload, &m); err != nil || m.ResponseType != "ephemeral" {
		t.Errorf("/session %s: not ephemeral (%v): %s", text, err, ack.Payload)
	}
	return string(ack.Payload)
}

func TestRunServesSlack(t *testing.T) {
	srv := fakeslack.New(t)
	cfg := testConfig(t, "confirmed-sessions.txt", "auto")
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	runCtx, stop := context.WithCancel(ctx)
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(runCtx, []string{"run", "-config", cfg}, slackEnvFor(srv, map[string]string{"SESSIONBOT_LOG_FORMAT": "json"}), &out)
	}()
	if err := srv.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	tests := []struct{ text, want string }{
		{"kubernetes", "Base64 is not encryption"},
		{"", "How to use /session"},
		{"zzzz", "zzzz"},
	}
	for _, tt := range tests {
		if got := ackText(t, ctx, srv, tt.text); !strings.Contains(got, tt.want) {
			t.Errorf("/session %s: lacks %q: %s", tt.text, tt.want, got)
		}
	}
	srv.Disconnect("")
	if got := ackText(t, ctx, srv, "kubernetes"); !strings.Contains(got, "Base64 is not encryption") {
		t.Errorf("after a disconnect: %s", got)
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("run after cancel = %v, want nil", err)
	}
	logs := out.String()
	if !strings.Contains(logs, `"msg":"slash command"`) || !strings.Contains(logs, `"latency_ms"`) {
		t.Errorf("no JSON log line per command:\n%s", logs)
	}
	if strings.Contains(logs, fakeslack.BotToken) || strings.Contains(logs, fakeslack.AppToken) {
		t.Error("a token was logged")
	}
}

func TestRunTokenErrors(t *testing.T) {
	cfg := testConfig(t, "confirmed-sessions.txt", "auto")
	tests := []struct {
		name    string
		env     map[string]string
		want    []string
		wantNot []string
	}{
		{"none", map[string]string{}, []string{"SLACK_BOT_TOKEN is not set", "SLACK_APP_TOKEN is not set", "OAuth & Permissions", "connections:write"}, nil},
		{"swapped", map[string]string{"SLACK_BOT_TOKEN": "xapp-1-secret", "SLACK_APP_TOKEN": "xoxb-secret"},
			[]string{`SLACK_BOT_TOKEN does not start with "xoxb-"`, `SLACK_APP_TOKEN does not start with "xapp-"`}, []string{"secret"}},
		{"app token missing", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, []string{"SLACK_APP_TOKEN is not set", "App-Level Tokens"}, []string{"SLACK_BOT_TOKEN"}},
		{"user token as bot token", map[string]string{"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_APP_TOKEN": "xapp-1"}, []string{`SLACK_BOT_TOKEN does not start with "xoxb-"`}, []string{"SLACK_APP_TOKEN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(t.Context(), []string{"run", "-config", cfg}, func(k string) string { return tt.env[k] }, &out)
			if err == nil {
				t.Fatal("run succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(err.Error(), w) {
					t.Errorf("error mentions %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestRunRejectedToken(t *testing.T) {
	srv := fakeslack.New(t)
	cfg := testConfig(t, "confirmed-sessions.txt", "auto")
	getenv := slackEnvFor(srv, map[string]string{"SLACK_APP_TOKEN": "xapp-1-revoked"})
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	var out syncBuffer
	if err := run(ctx, []string{"-config", cfg}, getenv, &out); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Errorf("run with a token Slack rejects = %v, want an invalid_auth error", err)
	}
}

func TestAPIURLDefault(t *testing.T) {
	env, err := readSlackEnv(func(k string) string {
		return map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}[k]
	})
	if err != nil || env.apiURL != defaultAPIURL {
		t.Errorf("api URL %q, %v; want %q", env.apiURL, err, defaultAPIURL)
	}
}
