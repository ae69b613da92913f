package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
)

// liveConfig writes a programme of one keynote in Janson starting at start
// and a config with lead 1m for reminders, schedule_ahead 10s, and
// Janson's room channel with a 1m lead; it returns the config's path.
func liveConfig(t *testing.T, start time.Time) string {
	t.Helper()
	dir := t.TempDir()
	programme := fmt.Sprintf("sessions:\n  - id: keynote\n    title: Opening keynote\n    room: Janson\n    start: %s\n    end: %s\n",
		start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
	if err := os.WriteFile(filepath.Join(dir, "sessions.yaml"), []byte(programme), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "sessionbot.yaml")
	text := "data_dir: ./data\nsource:\n  url: sessions.yaml\nreminders:\n  lead: 1m\n  schedule_ahead: 10s\n" +
		"live:\n  rooms:\n    Janson: C0JANSON001\n  lead: 1m\n  stream_url: https://stream.example.org/{room}\n"
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestRunScheduledReminderWhileStopped: a reminder set well before it is
// due is handed to Slack (chat.scheduleMessage); the bot stops; Slack posts
// the DM at its due second all the same, and the restarted bot sends no
// second one. (When the stop cuts the chat.scheduleMessage request short,
// the restarted bot finds the message in Slack's list or, once posted, in
// the DM: the outcome is the same.)
func TestRunScheduledReminderWhileStopped(t *testing.T) {
	srv := fakeslack.New(t)
	start := time.Now().Add(time.Minute + 25*time.Second).Truncate(time.Second)
	due := start.Add(-time.Minute)
	cfg := liveConfig(t, start)
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	var out syncBuffer
	stop := startRun(t, ctx, srv, cfg, &out)
	_, err := srv.Interaction(ctx, srv.BlockActions(fakeslack.Action{
		ActionID: blocks.ActionRemind, BlockID: "s:keynote", Value: "keynote", Ephemeral: true, ResponseURL: srv.NewResponseURL()}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitCalls(ctx, "chat.scheduleMessage", 1); err != nil {
		stop()
		t.Fatalf("not handed to Slack: %v\n%s", err, out.String())
	}
	stop()
	if time.Now().After(due) {
		t.Fatal("the machine is too slow: the bot stopped after the due time")
	}
	msgs, err := srv.WaitHistory(ctx, fakeslack.UserID, 1)
	if err != nil {
		t.Fatal(err)
	}
	m := msgs[0]
	if m.ScheduledID == "" || m.TS[:10] != fmt.Sprint(due.Unix()) || m.Posted.Before(due) {
		t.Errorf("DM %v posted at %v: want Slack's scheduled message at %v", m, m.Posted, due)
	}
	if !strings.Contains(string(m.Blocks), "Opening keynote") || strings.Contains(string(m.Blocks), "metadata") {
		t.Errorf("DM blocks %s", m.Blocks)
	}
	stop = startRun(t, ctx, srv, cfg, &out)
	time.Sleep(2 * time.Second) // the restarted postman's first rounds
	stop()
	if n := len(srv.History(fakeslack.UserID)); n != 1 {
		t.Errorf("%d DMs after the restart, want exactly one", n)
	}
	for _, c := range srv.Calls("chat.postMessage") {
		if ch := c.Param("channel"); ch == fakeslack.UserID || ch == fakeslack.DMChannel(fakeslack.UserID) {
			t.Errorf("the bot posted a reminder Slack had: %v", c.Form)
		}
	}
}

// TestRunRoomPostAcrossRestart: the card reaches the room's channel once,
// at start - live.lead, though the bot restarted before and after it.
func TestRunRoomPostAcrossRestart(t *testing.T) {
	srv := fakeslack.New(t)
	start := time.Now().Add(time.Minute + 8*time.Second).Truncate(time.Second)
	cfg := liveConfig(t, start)
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	var out syncBuffer
	stop := startRun(t, ctx, srv, cfg, &out)
	stop()
	stop = startRun(t, ctx, srv, cfg, &out)
	msgs, err := srv.WaitHistory(ctx, "C0JANSON001", 1)
	if err != nil {
		stop()
		t.Fatalf("no room post: %v\n%s", err, out.String())
	}
	if at := msgs[0].Posted; at.Before(start.Add(-time.Minute)) || at.After(start.Add(-time.Minute+5*time.Second)) {
		t.Errorf("posted at %v, want at %v", at, start.Add(-time.Minute))
	}
	body := string(msgs[0].Blocks)
	for _, w := range []string{"Starting in 1 min", "Opening keynote", "Janson", "https://stream.example.org/janson"} {
		if !strings.Contains(body, w) {
			t.Errorf("room post lacks %q: %s", w, body)
		}
	}
	stop()
	stop = startRun(t, ctx, srv, cfg, &out)
	time.Sleep(time.Second)
	stop()
	if n := len(srv.History("C0JANSON001")); n != 1 {
		t.Errorf("%d room posts, want one", n)
	}
}
