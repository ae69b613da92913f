package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/blockkit"
	"github.com/sessionbot/sessionbot/fakeslack"
)

const announceChannel = "C0ANNOUNCE1"

// writeProgramme writes a native YAML programme with one session per title,
// atomically: a running bot's sync must never read it half written.
func writeProgramme(t *testing.T, path string, titles ...string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("sessions:\n")
	for i, title := range titles {
		fmt.Fprintf(&b, "  - id: talk-%s\n    title: %q\n    speakers: [{name: Speaker %d, company: Acme}]\n",
			strings.ToLower(strings.Fields(title)[0]), title, i)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// startRun runs `sessionbot run` against srv until the returned stop is called.
func startRun(t *testing.T, ctx context.Context, srv *fakeslack.Server, cfg string, out *syncBuffer) (stop func()) {
	t.Helper()
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	env := slackEnvFor(srv, map[string]string{
		"SESSIONBOT_ANNOUNCE_CHANNEL": announceChannel,
		"SESSIONBOT_ADMINS":           fakeslack.UserID,
		"SESSIONBOT_SOURCE_POLL":      "@every 1h",
	})
	// A run stopped just before may still hold its connection on the
	// server's side: waiting for it to go keeps WaitConnected below from
	// counting it as this run's.
	if err := srv.WaitConnected(ctx, 0); err != nil {
		t.Fatal(err)
	}
	go func() { done <- run(runCtx, []string{"run", "-config", cfg}, env, out) }()
	if err := srv.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run = %v", err)
		}
	}
}

// typeSync types /session sync as the admin and returns the result posted
// to its response_url.
func typeSync(t *testing.T, ctx context.Context, srv *fakeslack.Server) string {
	t.Helper()
	url := srv.NewResponseURL()
	if _, err := srv.SlashCommand(ctx, fakeslack.SlashCommand{Text: "sync", ResponseURL: url}); err != nil {
		t.Fatal(err)
	}
	for n := 1; ; n++ {
		calls, err := srv.WaitCalls(ctx, fakeslack.MethodResponseURL, n)
		if err != nil {
			t.Fatal(err)
		}
		if last := calls[len(calls)-1]; last.ResponseURL == url {
			return string(last.JSON)
		}
	}
}

// TestRunAnnouncesOnce drives the whole announcement path through `run`: a
// quiet first sync, three sessions added and announced in one digest, nothing
// again on a repeated sync or after a restart.
func TestRunAnnouncesOnce(t *testing.T) {
	srv := fakeslack.New(t)
	dir := t.TempDir()
	source := filepath.Join(dir, "sessions.yaml")
	writeProgramme(t, source, "Alpha talk", "Beta talk")
	cfg := filepath.Join(dir, "sessionbot.yaml")
	os.WriteFile(cfg, []byte("data_dir: ./data\ntimezone: Europe/Brussels\nsource:\n  url: sessions.yaml\n"), 0o600)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	var out syncBuffer

	stop := startRun(t, ctx, srv, cfg, &out)
	if got := ackText(t, ctx, srv, "alpha"); !strings.Contains(got, "talk-alpha") {
		t.Fatalf("first sync did not index the programme: %s\n%s", got, out.String())
	}
	if n := len(srv.Calls("chat.postMessage")); n != 0 {
		t.Fatalf("first sync posted %d messages, want a quiet first sync", n)
	}

	writeProgramme(t, source, "Alpha talk", "Beta talk", "Gamma talk", "Delta talk", "Epsilon talk")
	if got := typeSync(t, ctx, srv); !strings.Contains(got, "Sync done: 3 new, 0 changed, 0 removed") {
		t.Errorf("sync result: %s", got)
	}
	posts := srv.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d posts after adding three sessions, want one digest", len(posts))
	}
	digest := posts[0]
	if err := blockkit.Validate(digest.Blocks()); err != nil {
		t.Errorf("digest blocks: %v", err)
	}
	if digest.Param("channel") != announceChannel {
		t.Errorf("digest went to %q", digest.Param("channel"))
	}
	blocks := string(digest.Blocks())
	for _, title := range []string{"3 new sessions", "Gamma talk", "Delta talk", "Epsilon talk"} {
		if !strings.Contains(blocks, title) {
			t.Errorf("digest lacks %q: %s", title, blocks)
		}
	}
	for _, old := range []string{"Alpha talk", "Beta talk"} {
		if strings.Contains(blocks, old) {
			t.Errorf("digest names %q, which was there before", old)
		}
	}
	if got := ackText(t, ctx, srv, "new"); !strings.Contains(got, "Gamma talk") || strings.Contains(got, "Alpha talk") {
		t.Errorf("/session new: %s", got)
	}
	if got := typeSync(t, ctx, srv); !strings.Contains(got, "unchanged") {
		t.Errorf("second sync: %s", got)
	}
	stop()

	writeProgramme(t, source, "Alpha talk", "Gamma talk", "Delta talk", "Epsilon talk") // Beta removed
	stop = startRun(t, ctx, srv, cfg, &out)
	writeProgramme(t, source, "Alpha talk", "Beta talk", "Gamma talk", "Delta talk", "Epsilon talk") // and back
	typeSync(t, ctx, srv)
	stop()
	if n := len(srv.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d posts in all, want the one digest: a restart, a removal and a return announce nothing", n)
	}
}
