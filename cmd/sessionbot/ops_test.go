package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/ops"
)

// freeAddr returns a loopback address no one listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// opsConfig writes a config with ops.listen on a free port and a programme
// of two sessions tomorrow, and returns the config's path and the listener's
// base URL.
func opsConfig(t *testing.T, extra string) (cfg, base string) {
	t.Helper()
	dir := t.TempDir()
	start := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
	prog := fmt.Sprintf("sessions:\n"+
		"  - id: rust\n    title: Rust in the kernel\n    room: Janson\n    start: %s\n    end: %s\n"+
		"  - id: gpu\n    title: GPU drivers for everyone\n    room: K.1.105\n    start: %s\n    end: %s\n",
		start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339),
		start.Add(2*time.Hour).Format(time.RFC3339), start.Add(3*time.Hour).Format(time.RFC3339))
	if err := os.WriteFile(filepath.Join(dir, "sessions.yaml"), []byte(prog), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cfg = filepath.Join(dir, "sessionbot.yaml")
	body := "data_dir: ./data\ntimezone: Europe/Brussels\nsource:\n  url: sessions.yaml\nops:\n  listen: " + addr + "\n" + extra
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg, "http://" + addr
}

// get fetches url and returns the status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

// readyz fetches /readyz.
func readyz(t *testing.T, base string) (int, ops.Readiness) {
	t.Helper()
	code, body := get(t, base+"/readyz")
	var r ops.Readiness
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("/readyz: %v: %s", err, body)
	}
	return code, r
}

// TestOpsListener: with ops.listen set, the running bot answers /healthz,
// /readyz (200, then 503 naming Slack once the connection is lost) and
// /metrics with its own metrics and the standard ones; `sessionbot health`
// follows /readyz.
func TestOpsListener(t *testing.T) {
	srv := fakeslack.New(t)
	cfg, base := opsConfig(t, "")
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	var out syncBuffer
	stop := startRun(t, ctx, srv, cfg, &out)
	defer stop()

	if code, body := get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("/healthz: %d %s", code, body)
	}
	// The fake counts the socket before slack-go has read Slack's hello,
	// which is when the bot calls itself connected: wait for that.
	code, r := readyz(t, base)
	for deadline := time.Now().Add(10 * time.Second); code != http.StatusOK && time.Now().Before(deadline); code, r = readyz(t, base) {
		time.Sleep(20 * time.Millisecond)
	}
	if code != http.StatusOK || !r.Ready || len(r.Checks) != 3 {
		t.Errorf("/readyz: %d %+v, want 200 and ready, with the store, slack and sync checks", code, r)
	}
	if got := ackText(t, ctx, srv, "rust"); !strings.Contains(got, "in the kernel") {
		t.Fatalf("/session rust: %s", got)
	}
	ackText(t, ctx, srv, "zzzzqqq")
	health, err := runCmd(t, "health", "-config", cfg)
	if err != nil || strings.TrimSpace(health) != "ready" {
		t.Errorf("health = %q, %v; want ready", health, err)
	}

	code, metrics := get(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`sessionbot_slash_commands_total{command="search",outcome="ok"} 1`,
		`sessionbot_slash_commands_total{command="search",outcome="no_match"} 1`,
		`sessionbot_slash_command_duration_seconds_count{command="search"} 2`,
		`sessionbot_searches_total{outcome="found"} 1`,
		`sessionbot_syncs_total{outcome="changed"} 1`,
		`sessionbot_sync_duration_seconds_count{outcome="changed"} 1`,
		`sessionbot_sessions 2`,
		`sessionbot_announcements_pending 0`,
		`sessionbot_reminders_pending 0`,
		`sessionbot_socketmode_connected 1`,
		`sessionbot_socketmode_connections_total 1`,
		`sessionbot_slack_api_calls_total{method="auth.test",outcome="ok"} 1`,
		`sessionbot_slack_api_calls_total{method="apps.connections.open",outcome="ok"} 2`, // the check at start, the connection
		`go_goroutines `,
		`process_resident_memory_bytes `,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if m := regexp.MustCompile(`(?m)^sessionbot_sync_last_success_timestamp_seconds (\S+)$`).FindStringSubmatch(metrics); m == nil || m[1] == "0" {
		t.Errorf("no time of the last successful sync: %v", m)
	}

	// Slack goes away: not ready, naming the connection.
	srv.FailNext("apps.connections.open", 1000, fakeslack.Fault{Status: http.StatusServiceUnavailable})
	srv.DropConnections()
	deadline := time.Now().Add(20 * time.Second)
	for code, r = readyz(t, base); code == http.StatusOK && time.Now().Before(deadline); code, r = readyz(t, base) {
		time.Sleep(50 * time.Millisecond)
	}
	if code != http.StatusServiceUnavailable || r.Ready || !strings.Contains(fmt.Sprint(r.Checks), "slack false the Socket Mode connection is not up") {
		t.Errorf("/readyz without Slack: %d %+v", code, r)
	}
	_, err = runCmd(t, "health", "-config", cfg)
	if err == nil || !strings.Contains(err.Error(), "not ready: slack: the Socket Mode connection is not up") {
		t.Errorf("health without Slack = %v", err)
	}
}

// TestHealthWithoutListener: health says what is missing, and that nothing
// answers where the config says the bot listens.
func TestHealthWithoutListener(t *testing.T) {
	cfg := testConfig(t, "confirmed-sessions.txt", "auto")
	_, err := runCmd(t, "health", "-config", cfg)
	if err == nil || !strings.Contains(err.Error(), "ops.listen is not set") || !strings.Contains(err.Error(), "SESSIONBOT_OPS_LISTEN") {
		t.Errorf("health without ops.listen = %v", err)
	}
	cfg, _ = opsConfig(t, "")
	_, err = runCmd(t, "health", "-config", cfg)
	if err == nil || !strings.Contains(err.Error(), "is sessionbot running, with this ops.listen?") {
		t.Errorf("health with nothing listening = %v", err)
	}
}

// TestBackupRestore is the scenario: reminders and follows set, a
// backup taken while the bot runs, the data directory wiped, the backup
// restored, the bot started again — the agenda and the follows are back
// and nothing is announced again.
func TestBackupRestore(t *testing.T) {
	srv := fakeslack.New(t)
	cfg, _ := opsConfig(t, "announce:\n  channel: "+announceChannel+"\n  on_first_sync: true\n")
	dataDir := filepath.Join(filepath.Dir(cfg), "data")
	backup := filepath.Join(t.TempDir(), "sessionbot-backup.db")
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	var out syncBuffer
	stop := startRun(t, ctx, srv, cfg, &out)
	if _, err := srv.WaitHistory(ctx, announceChannel, 1); err != nil {
		t.Fatalf("the first sync announced nothing: %v\n%s", err, out.String())
	}
	ackText(t, ctx, srv, "rust")
	if _, err := srv.Interaction(ctx, srv.BlockActions(fakeslack.Action{
		ActionID: blocks.ActionRemind, BlockID: "s:rust", Value: "rust", Ephemeral: true, ResponseURL: srv.NewResponseURL()})); err != nil {
		t.Fatal(err)
	}
	if got := ackText(t, ctx, srv, "follow gpu drivers"); !strings.Contains(got, "gpu drivers") {
		t.Fatalf("follow: %s", got)
	}
	got, err := runCmd(t, "backup", "-config", cfg, backup)
	if err != nil || !strings.Contains(got, "(from the running bot)") || !strings.Contains(got, "1 reminders to send, 1 follows") {
		t.Fatalf("backup while running = %q, %v", got, err)
	}
	if _, err := runCmd(t, "restore", "-config", cfg, backup); err == nil || !strings.Contains(err.Error(), "stop the running sessionbot first") {
		t.Errorf("restore while running = %v", err)
	}
	stop()
	announced := len(srv.History(announceChannel))

	if err := os.RemoveAll(dataDir); err != nil {
		t.Fatal(err)
	}
	notStore := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notStore, []byte("not a database"), 0o600)
	if _, err := runCmd(t, "restore", "-config", cfg, notStore); err == nil || !strings.HasPrefix(err.Error(), "store: cannot restore from "+notStore+": ") ||
		strings.Count(err.Error(), "store:") != 1 {
		t.Errorf("restore of a text file = %v, want one clear line", err)
	}
	got, err = runCmd(t, "restore", "-config", cfg, backup)
	if err != nil || !strings.Contains(got, "restored") || !strings.Contains(got, "rebuilt") {
		t.Fatalf("restore = %q, %v", got, err)
	}

	stop = startRun(t, ctx, srv, cfg, &out)
	defer stop()
	if got := ackText(t, ctx, srv, "agenda"); !strings.Contains(got, "Rust in the kernel") {
		t.Errorf("agenda after the restore: %s", got)
	}
	if got := ackText(t, ctx, srv, "follows"); !strings.Contains(got, "gpu drivers") {
		t.Errorf("follows after the restore: %s", got)
	}
	if got := ackText(t, ctx, srv, "gpu"); !strings.Contains(got, "drivers for everyone") {
		t.Errorf("the index was not rebuilt from the restored store: %s", got)
	}
	if got := typeSync(t, ctx, srv); !strings.Contains(got, "unchanged") {
		t.Errorf("sync after the restore: %s", got)
	}
	if n := len(srv.History(announceChannel)); n != announced {
		t.Errorf("%d announcements after the restore, %d before: the restored store forgot what was announced", n, announced)
	}
}

// TestBackupStopped: with no bot running the backup is taken directly, and
// says so; with no store there is nothing to back up.
func TestBackupStopped(t *testing.T) {
	cfg, _ := opsConfig(t, "")
	if _, err := runCmd(t, "backup", "-config", cfg, filepath.Join(t.TempDir(), "b.db")); err == nil || !strings.Contains(err.Error(), "there is no store to back up") {
		t.Errorf("backup with no store = %v", err)
	}
	if out, err := runCmd(t, "sync", "-config", cfg); err != nil {
		t.Fatalf("sync: %v\n%s", err, out)
	}
	out, err := runCmd(t, "backup", "-config", cfg, filepath.Join(t.TempDir(), "b.db"))
	if err != nil || strings.Contains(out, "running bot") || !strings.Contains(out, "2 sessions") {
		t.Errorf("backup of a stopped store = %q, %v", out, err)
	}
}

// TestRestoreOlderFormat: a backup in an older store format is restored,
// said to be upgraded at the next start, and is, with its contents.
func TestRestoreOlderFormat(t *testing.T) {
	cfg, _ := opsConfig(t, "")
	old := filepath.Join(t.TempDir(), "format1.db")
	data, err := os.ReadFile(filepath.Join("..", "..", "store", "testdata", "format1.db"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(old, data, 0o600)
	out, err := runCmd(t, "restore", "-config", cfg, old)
	if err != nil || !strings.Contains(out, "store format 1, an older one: sessionbot upgrades it when it next opens it") {
		t.Fatalf("restore of format 1 = %q, %v", out, err)
	}
	if out, err := runCmd(t, "sync", "-config", cfg); err != nil {
		t.Fatalf("sync on the restored store: %v\n%s", err, out)
	}
	out, err = runCmd(t, "backup", "-config", cfg, filepath.Join(t.TempDir(), "b.db"))
	if err != nil || !strings.Contains(out, "1 follows") {
		t.Errorf("backup after opening the restored store = %q, %v; want it upgraded with its follow", out, err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(cfg), "data", "sessionbot.db.format1.bak")); err != nil {
		t.Errorf("no copy of the format-1 store kept: %v", err)
	}
}
