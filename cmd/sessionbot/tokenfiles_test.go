package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// writeSecret writes content to a file in dir, as Docker writes a secret
// to /run/secrets, and returns its path.
func writeSecret(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o400); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSlackTokensFromFiles(t *testing.T) {
	dir := t.TempDir()
	bot := writeSecret(t, dir, "bot", "xoxb-from-file\n")
	app := writeSecret(t, dir, "app", "xapp-from-file\r\n")
	empty := writeSecret(t, dir, "empty", "\n")
	swapped := writeSecret(t, dir, "swapped", "xapp-secret-value\n")
	huge := writeSecret(t, dir, "huge", "xoxb-"+strings.Repeat("x", maxSecretSize))
	missing := filepath.Join(dir, "missing")
	tests := []struct {
		name      string
		env       map[string]string
		bot, app  string   // the tokens read, when no error is wanted
		wantErr   []string // substrings of the error
		notInErrs []string
	}{
		{name: "both files, newlines trimmed", env: map[string]string{"SLACK_BOT_TOKEN_FILE": bot, "SLACK_APP_TOKEN_FILE": app},
			bot: "xoxb-from-file", app: "xapp-from-file"},
		{name: "one file, one variable", env: map[string]string{"SLACK_BOT_TOKEN_FILE": bot, "SLACK_APP_TOKEN": "xapp-env"},
			bot: "xoxb-from-file", app: "xapp-env"},
		{name: "both forms set", env: map[string]string{"SLACK_BOT_TOKEN": "xoxb-env", "SLACK_BOT_TOKEN_FILE": bot, "SLACK_APP_TOKEN": "xapp-env"},
			wantErr: []string{"both SLACK_BOT_TOKEN and SLACK_BOT_TOKEN_FILE are set"}, notInErrs: []string{"SLACK_APP_TOKEN"}},
		{name: "missing file", env: map[string]string{"SLACK_BOT_TOKEN": "xoxb-env", "SLACK_APP_TOKEN_FILE": missing},
			wantErr: []string{"SLACK_APP_TOKEN_FILE: open " + missing + ": no such file or directory"}},
		{name: "a directory", env: map[string]string{"SLACK_BOT_TOKEN_FILE": dir, "SLACK_APP_TOKEN": "xapp-env"},
			wantErr: []string{"SLACK_BOT_TOKEN_FILE: read " + dir + ": is a directory"}},
		{name: "empty file", env: map[string]string{"SLACK_BOT_TOKEN_FILE": empty, "SLACK_APP_TOKEN": "xapp-env"},
			wantErr: []string{"SLACK_BOT_TOKEN_FILE (" + empty + ") is empty"}},
		{name: "the other token in the file", env: map[string]string{"SLACK_BOT_TOKEN_FILE": swapped, "SLACK_APP_TOKEN": "xapp-env"},
			wantErr:   []string{`SLACK_BOT_TOKEN_FILE (` + swapped + `) does not start with "xoxb-"`, "OAuth & Permissions"},
			notInErrs: []string{"secret-value"}},
		{name: "not a token file", env: map[string]string{"SLACK_BOT_TOKEN_FILE": huge, "SLACK_APP_TOKEN": "xapp-env"},
			wantErr: []string{"SLACK_BOT_TOKEN_FILE: " + huge + " is larger than 64 KiB"}, notInErrs: []string{"xxxx"}},
		{name: "neither form", env: map[string]string{"SLACK_APP_TOKEN": "xapp-env"},
			wantErr: []string{"SLACK_BOT_TOKEN is not set (nor SLACK_BOT_TOKEN_FILE)"}},
		{name: "both problems at once", env: map[string]string{"SLACK_BOT_TOKEN_FILE": missing, "SLACK_APP_TOKEN": "xapp-env", "SLACK_APP_TOKEN_FILE": app},
			wantErr: []string{"SLACK_BOT_TOKEN_FILE: open", "both SLACK_APP_TOKEN and SLACK_APP_TOKEN_FILE are set"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := readSlackEnv(func(k string) string { return tt.env[k] })
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff([]string{tt.bot, tt.app}, []string{env.botToken, env.appToken}); diff != "" {
					t.Errorf("tokens (-want +got):\n%s", diff)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error; tokens %q, %q", env.botToken, env.appToken)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			for _, w := range tt.notInErrs {
				if strings.Contains(err.Error(), w) {
					t.Errorf("error mentions %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestRunWithTokenFiles serves Slack with both tokens read from files, as in
// the container (/run/secrets) and under systemd (LoadCredential).
func TestRunWithTokenFiles(t *testing.T) {
	srv := fakeslack.New(t)
	cfg := testConfig(t, "confirmed-sessions.txt", "auto")
	dir := t.TempDir()
	env := map[string]string{
		"SLACK_BOT_TOKEN_FILE": writeSecret(t, dir, "slack_bot_token", fakeslack.BotToken+"\n"),
		"SLACK_APP_TOKEN_FILE": writeSecret(t, dir, "slack_app_token", fakeslack.AppToken+"\n"),
		"SLACK_API_URL":        srv.APIURL(),
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	runCtx, stop := context.WithCancel(ctx)
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(runCtx, []string{"run", "-config", cfg}, func(k string) string { return env[k] }, &out)
	}()
	if err := srv.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if got := ackText(t, ctx, srv, "kubernetes"); !strings.Contains(got, "Base64 is not encryption") {
		t.Errorf("/session kubernetes: %s", got)
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("run = %v", err)
	}
}

// TestSyncPostsWithTokenFile: `sessionbot sync` posts queued announcements
// with the bot token from SLACK_BOT_TOKEN_FILE, and says so when that file
// can't be read.
func TestSyncPostsWithTokenFile(t *testing.T) {
	srv := fakeslack.New(t)
	dir := t.TempDir()
	env := map[string]string{
		"SESSIONBOT_ANNOUNCE_CHANNEL":       announceChannel,
		"SESSIONBOT_ANNOUNCE_ON_FIRST_SYNC": "true",
		"SLACK_BOT_TOKEN_FILE":              filepath.Join(dir, "missing"),
		"SLACK_API_URL":                     srv.APIURL(),
	}
	getenv := func(k string) string { return env[k] }
	cfg := testConfig(t, "confirmed-sessions.txt", "auto")
	var out strings.Builder
	err := run(t.Context(), []string{"sync", "-config", cfg}, getenv, &out)
	if err == nil || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN_FILE: open "+env["SLACK_BOT_TOKEN_FILE"]) {
		t.Fatalf("sync with a missing token file = %v\n%s", err, out.String())
	}
	env["SLACK_BOT_TOKEN_FILE"] = writeSecret(t, dir, "slack_bot_token", fakeslack.BotToken+"\n")
	out.Reset()
	if err := run(t.Context(), []string{"sync", "-config", cfg}, getenv, &out); err != nil {
		t.Fatalf("sync: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "1 announcement(s) posted to "+announceChannel) || len(srv.Calls("chat.postMessage")) != 1 {
		t.Errorf("posted %d messages; output:\n%s", len(srv.Calls("chat.postMessage")), out.String())
	}
}
