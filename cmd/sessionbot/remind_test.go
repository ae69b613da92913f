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
	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
)

// TestRunRemindsByDM drives a reminder through `run`: the button on a search
// result stores it, and the postman sends one DM at start - lead.
func TestRunRemindsByDM(t *testing.T) {
	srv := fakeslack.New(t)
	dir := t.TempDir()
	start := time.Now().Add(time.Minute + 3*time.Second).Truncate(time.Second) // due in about 3 s with a 1m lead
	programme := fmt.Sprintf("sessions:\n  - id: keynote\n    title: Opening keynote\n    room: Janson\n    start: %s\n    end: %s\n",
		start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
	os.WriteFile(filepath.Join(dir, "sessions.yaml"), []byte(programme), 0o600)
	cfg := filepath.Join(dir, "sessionbot.yaml")
	os.WriteFile(cfg, []byte("data_dir: ./data\nsource:\n  url: sessions.yaml\nreminders:\n  lead: 1m\n"), 0o600)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	var out syncBuffer
	stop := startRun(t, ctx, srv, cfg, &out)

	if got := ackText(t, ctx, srv, "keynote"); !strings.Contains(got, blocks.ActionRemind) {
		t.Fatalf("no Remind me button: %s", got)
	}
	for range 2 { // pressing twice stores one reminder
		_, err := srv.Interaction(ctx, srv.BlockActions(fakeslack.Action{
			ActionID: blocks.ActionRemind, BlockID: "s:keynote", Value: "keynote", Ephemeral: true, ResponseURL: srv.NewResponseURL()}))
		if err != nil {
			t.Fatal(err)
		}
	}
	dms, err := srv.WaitCalls(ctx, "chat.postMessage", 1)
	if err != nil {
		stop()
		t.Fatalf("no reminder DM: %v\n%s", err, out.String())
	}
	dm := dms[0]
	if sent := dm.At; sent.Before(start.Add(-time.Minute)) {
		t.Errorf("DM sent at %v, before it was due (%v)", sent, start.Add(-time.Minute))
	}
	if dm.Param("channel") != fakeslack.UserID && !strings.HasPrefix(dm.Param("channel"), "D") {
		t.Errorf("DM went to %q, not the user", dm.Param("channel"))
	}
	if err := blockkit.Validate(dm.Blocks()); err != nil {
		t.Errorf("reminder blocks: %v", err)
	}
	if b := string(dm.Blocks()); !strings.Contains(b, "Opening keynote") || !strings.Contains(b, "Janson") {
		t.Errorf("reminder lacks title or room: %s", b)
	}
	stop() // the postman has finished every round it started
	if n := len(srv.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d DMs, want exactly one", n)
	}
}
