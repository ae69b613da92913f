package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// process is a running sessionbot binary whose output the test reads.
type process struct {
	cmd *exec.Cmd
	out *syncBuffer
}

// startBinary runs `sessionbot run` against srv and waits until it is
// connected.
func startBinary(t *testing.T, ctx context.Context, bin, cfg string, srv *fakeslack.Server, env map[string]string) *process {
	t.Helper()
	cmd := exec.Command(bin, "run", "-config", cfg)
	cmd.Dir = filepath.Dir(cfg)
	getenv := slackEnvFor(srv, env)
	cmd.Env = append(os.Environ(), "SESSIONBOT_LOG_LEVEL=debug")
	for _, k := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_API_URL"} {
		cmd.Env = append(cmd.Env, k+"="+getenv(k))
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &process{cmd: cmd, out: &syncBuffer{}}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.kill() })
	if err := srv.WaitConnected(ctx, 1); err != nil {
		p.kill()
		t.Fatalf("%v\n%s", err, p.out.String())
	}
	return p
}

// kill ends the process with SIGKILL, as an OOM killer or a power cut
// would: no deferred function, no graceful shutdown.
func (p *process) kill() {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	_ = p.cmd.Wait()
}

// stop ends the process with SIGTERM and waits for it to exit.
func (p *process) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		t.Errorf("sessionbot run after SIGTERM: %v\n%s", err, p.out.String())
	}
}

// TestKilledDuringDigestPostsOnce kills the bot (SIGKILL) while Slack is
// slowly accepting an announcement digest. Slack has the message; the bot
// never heard back. After the restart the digest must not be posted again:
// the bot finds its earlier post in the channel's history and says so.
func TestKilledDuringDigestPostsOnce(t *testing.T) {
	bin := sessionbotBinary(t)
	srv := fakeslack.New(t)
	dir := t.TempDir()
	source := filepath.Join(dir, "sessions.yaml")
	writeProgramme(t, source, "Alpha talk", "Beta talk")
	cfg := filepath.Join(dir, "sessionbot.yaml")
	os.WriteFile(cfg, []byte("data_dir: ./data\ntimezone: Europe/Brussels\nsource:\n  url: sessions.yaml\n"), 0o600)
	env := map[string]string{"SESSIONBOT_ANNOUNCE_CHANNEL": announceChannel, "SESSIONBOT_ADMINS": fakeslack.UserID,
		"SESSIONBOT_SOURCE_POLL": "@every 1h"}
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()

	p := startBinary(t, ctx, bin, cfg, srv, env)
	writeProgramme(t, source, "Alpha talk", "Beta talk", "Gamma talk", "Delta talk", "Epsilon talk")
	srv.FailNext("chat.postMessage", 1, fakeslack.Fault{Delay: 6 * time.Second})
	if _, err := srv.SlashCommand(ctx, fakeslack.SlashCommand{Text: "sync", ResponseURL: srv.NewResponseURL()}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitCalls(ctx, "chat.postMessage", 1); err != nil {
		t.Fatalf("no digest posted: %v\n%s", err, p.out.String())
	}
	p.kill() // Slack is still "answering": the bot never learns the post went out
	if err := srv.WaitConnected(ctx, 0); err != nil {
		t.Fatal(err)
	}

	p = startBinary(t, ctx, bin, cfg, srv, env)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(p.out.String(), "earlier post was found") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	p.stop(t)
	digests := 0
	for _, m := range srv.History(announceChannel) {
		if strings.Contains(m.Text, "3 new sessions") {
			digests++
		}
	}
	if digests != 1 {
		t.Errorf("%d digests in the announce channel after the restart, want 1", digests)
	}
	if !strings.Contains(p.out.String(), "earlier post was found") {
		t.Errorf("the restarted bot did not log finding its earlier post:\n%s", p.out.String())
	}
}
