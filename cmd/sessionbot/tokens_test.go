package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// TestRunVerifiesTokens: at start, run asks Slack about both tokens
// (auth.test, apps.connections.open) and names the variable Slack refused,
// before it touches the data directory.
func TestRunVerifiesTokens(t *testing.T) {
	for _, tc := range []struct {
		name              string
		env               map[string]string
		reject            map[string]string // token -> code the fake answers for it
		want, wantNot     []string
		wantAuthTestCalls int
	}{
		{"wrong bot token", map[string]string{"SLACK_BOT_TOKEN": "xoxb-not-this-workspace"}, nil,
			[]string{"SLACK_BOT_TOKEN was rejected by Slack (auth.test: invalid_auth", "Bot User OAuth Token"},
			[]string{"SLACK_APP_TOKEN"}, 1},
		{"revoked bot token", nil, map[string]string{fakeslack.BotToken: "token_revoked"},
			[]string{"SLACK_BOT_TOKEN was rejected by Slack (auth.test: token_revoked: the token was revoked"},
			[]string{"SLACK_APP_TOKEN"}, 1},
		{"expired bot token", nil, map[string]string{fakeslack.BotToken: "token_expired"},
			[]string{"SLACK_BOT_TOKEN was rejected by Slack (auth.test: token_expired"}, []string{"SLACK_APP_TOKEN"}, 1},
		{"inactive account", nil, map[string]string{fakeslack.BotToken: "account_inactive"},
			[]string{"SLACK_BOT_TOKEN was rejected by Slack (auth.test: account_inactive"}, []string{"SLACK_APP_TOKEN"}, 1},
		{"wrong app token", map[string]string{"SLACK_APP_TOKEN": "xapp-1-not-this-app"}, nil,
			[]string{"SLACK_APP_TOKEN was rejected by Slack (apps.connections.open: invalid_auth", "connections:write"},
			[]string{"SLACK_BOT_TOKEN"}, 1},
		{"app token of the wrong type", nil, map[string]string{fakeslack.AppToken: "not_allowed_token_type"},
			[]string{"SLACK_APP_TOKEN was rejected by Slack (apps.connections.open: not_allowed_token_type"},
			[]string{"SLACK_BOT_TOKEN"}, 1},
		{"both wrong", map[string]string{"SLACK_BOT_TOKEN": "xoxb-nope", "SLACK_APP_TOKEN": "xapp-nope"}, nil,
			[]string{"SLACK_BOT_TOKEN was rejected", "SLACK_APP_TOKEN was rejected"}, nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := fakeslack.New(t)
			for token, code := range tc.reject {
				srv.RejectToken(token, code)
			}
			cfg := testConfig(t, "confirmed-sessions.txt", "auto")
			var out syncBuffer
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			err := run(ctx, []string{"run", "-config", cfg}, slackEnvFor(srv, tc.env), &out)
			if err == nil {
				t.Fatal("run succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(err.Error(), w) {
					t.Errorf("error names %q:\n%v", w, err)
				}
			}
			if n := len(srv.Calls("auth.test")); n != tc.wantAuthTestCalls {
				t.Errorf("auth.test called %d times, want %d", n, tc.wantAuthTestCalls)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(cfg), "data")); !os.IsNotExist(err) {
				t.Errorf("the data directory was created before the tokens were checked (%v)", err)
			}
		})
	}
}

// TestRunLogsTheBot: an accepted bot token is logged with the identity
// auth.test gives; a Slack that fails to answer does not stop the bot.
func TestRunLogsTheBot(t *testing.T) {
	srv := fakeslack.New(t)
	srv.FailNext("auth.test", 1, fakeslack.Fault{Status: 503})
	cfg := testConfig(t, "confirmed-sessions.txt", "auto")
	var out syncBuffer
	stop := startRun(t, t.Context(), srv, cfg, &out)
	stop()
	if !strings.Contains(out.String(), "could not check a Slack token; going on") || !strings.Contains(out.String(), "variable=SLACK_BOT_TOKEN") {
		t.Errorf("a 503 from auth.test is not logged as such:\n%s", out.String())
	}
	// The first run's socket may still count until the fake reads its
	// close: wait, or the second run is stopped before it has begun.
	if err := srv.WaitConnected(t.Context(), 0); err != nil {
		t.Fatal(err)
	}
	out = syncBuffer{}
	stop = startRun(t, t.Context(), srv, cfg, &out)
	stop()
	if !strings.Contains(out.String(), "Slack accepted the bot token") || !strings.Contains(out.String(), "bot_id="+fakeslack.BotID) {
		t.Errorf("the bot's identity is not logged:\n%s", out.String())
	}
}

// TestRunStopsWhenTheAppTokenIsRefused: a token Slack refuses on a
// reconnect ends run with an error naming SLACK_APP_TOKEN, whether
// slack-go gives up by itself (token_revoked) or would retry forever
// (token_expired).
func TestRunStopsWhenTheAppTokenIsRefused(t *testing.T) {
	for _, code := range []string{"token_revoked", "token_expired"} {
		t.Run(code, func(t *testing.T) {
			srv := fakeslack.New(t)
			cfg := testConfig(t, "confirmed-sessions.txt", "auto")
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			var out syncBuffer
			done := make(chan error, 1)
			go func() { done <- run(ctx, []string{"run", "-config", cfg}, slackEnvFor(srv, nil), &out) }()
			if err := srv.WaitConnected(ctx, 1); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			srv.RejectToken(fakeslack.AppToken, code)
			srv.Disconnect("")
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "SLACK_APP_TOKEN was rejected by Slack while connecting ("+code) {
					t.Errorf("run = %v, want SLACK_APP_TOKEN named with %s", err, code)
				}
			case <-ctx.Done():
				t.Fatalf("run still running after Slack refused the app token\n%s", out.String())
			}
		})
	}
}
