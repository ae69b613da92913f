package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"go.yaml.in/yaml/v3"
)

// Selectors of the page (playground/static/index.html).
const (
	composer     = chromedp.CSS("#composer-input")
	lastMessage  = "#messages > .msg:last-child"
	remindButton = chromedp.CSS(lastMessage + ` button[data-action-id="session.remind"]`)
	undoButton   = chromedp.CSS(lastMessage + ` button[data-action-id="session.unremind"]`)
	jumpReminder = chromedp.CSS("#jump-reminder")
	plusMinute   = chromedp.CSS(`button.jump[data-jump="60"]`)
	syncNow      = chromedp.CSS("#sync-now")
	dmLink       = chromedp.CSS(`a.conv[data-kind="dm"]`)
	announceLink = chromedp.CSS(`a.conv[data-name="announcements"]`)
)

// TestTryInBrowser drives `sessionbot try -demo` in headless Chromium as a
// person would: /session finds a card, Remind me sets a reminder, the
// clock jumps to a minute before it and on, the DM arrives; a session added
// to the programme file and "Sync now" give exactly one digest in the
// announce channel. With -update it writes docs/try.png.
func TestTryInBrowser(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	tab := newBrowser(t, ctx, "America/New_York")
	url, programme := startTry(t, "-demo", "-listen", "127.0.0.1:0")
	do(t, tab, "open the page", chromedp.EmulateViewport(1280, 860), chromedp.Navigate(url),
		chromedp.WaitVisible(composer))
	poll(t, tab, "the bot is connected", `document.body.dataset.version !== undefined`)

	search(t, tab)
	remind(t, tab)
	reminderArrives(t, tab)
	digestOnce(t, tab, url, programme)
}

// search types /session kubernetes secrets and waits for the card.
func search(t *testing.T, tab context.Context) {
	do(t, tab, "type a search", chromedp.SendKeys(composer, "/session kubernetes secrets"+kb.Enter))
	poll(t, tab, "the answer", `(() => {
		const m = document.querySelector("`+lastMessage+`");
		return m && m.classList.contains("ephemeral") && m.innerText.includes("Base64 is not encryption")
	})()`)
	cmd := eval[string](t, tab, `document.querySelector("`+lastMessage+` .msg-command").innerText`)
	if cmd != "/session kubernetes secrets" {
		t.Errorf("the answer is labelled %q, want the command typed", cmd)
	}
	// The card's time is a <!date^…> token shown in the browser's zone.
	dt := eval[string](t, tab, `document.querySelector("`+lastMessage+` time.date").getAttribute("datetime")`)
	if _, err := time.Parse(time.RFC3339, dt); err != nil {
		t.Errorf("the card's time token rendered as %q: %v", dt, err)
	}
}

// remind presses Remind me on the first card and waits for "Reminder set".
func remind(t *testing.T, tab context.Context) {
	do(t, tab, "press Remind me", chromedp.Click(remindButton))
	do(t, tab, "the card turns into Undo", chromedp.WaitVisible(undoButton))
	poll(t, tab, "the next reminder is shown", `document.getElementById("next-reminder").innerText.startsWith("Next reminder due")`)
}

// reminderArrives jumps to a minute before the reminder, then a minute on,
// and finds it in the DM.
func reminderArrives(t *testing.T, tab context.Context) {
	before := eval[float64](t, tab, `Number(document.getElementById("clock").dataset.now)`)
	do(t, tab, "jump to the next reminder", chromedp.Click(jumpReminder))
	poll(t, tab, "the clock moved", `document.getElementById("status").innerText.includes("a minute before the next reminder")`)
	// The reminder is tomorrow: the clock shown moves by hours.
	poll(t, tab, "the clock shown moved", `Number(document.getElementById("clock").dataset.now) - `+
		strconv.FormatFloat(before, 'f', 0, 64)+` > 3600*1000`)
	if note := eval[string](t, tab, `document.getElementById("clock-note").innerText`); !strings.Contains(note, "ahead of real time") {
		t.Errorf("the clock's note says %q", note)
	}
	if n := eval[int](t, tab, `document.querySelectorAll('a.conv[data-kind="dm"] .badge').length`); n != 0 {
		t.Fatal("the DM has a message a minute before the reminder is due")
	}
	do(t, tab, "one more minute", chromedp.Click(plusMinute))
	poll(t, tab, "the DM has news", `document.querySelector('a.conv[data-kind="dm"] .badge') !== null`)
	screenshot(t, tab)
	do(t, tab, "open the DM", chromedp.Click(dmLink))
	poll(t, tab, "the reminder", `document.getElementById("messages").innerText.includes("⏰")`)
	text := eval[string](t, tab, `document.getElementById("messages").innerText`)
	if !strings.Contains(text, "Base64 is not encryption") || !strings.Contains(text, "in 10 minutes") {
		t.Errorf("the DM reads:\n%s", text)
	}
	if n := eval[int](t, tab, `document.querySelectorAll("#messages .msg").length`); n != 1 {
		t.Errorf("the DM has %d messages, want the one reminder", n)
	}
}

// screenshot shows the channel with the answer, the moved clock and the
// DM's unread reminder, and writes docs/try.png with -update.
func screenshot(t *testing.T, tab context.Context) {
	png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
	if err != nil || len(png) < 1000 {
		t.Fatalf("screenshot: %v (%d bytes)", err, len(png))
	}
	if *updateScreenshot {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "try.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// digestOnce adds a session to the programme file, presses Sync now and
// finds exactly one digest naming it in the announce channel.
func digestOnce(t *testing.T, tab context.Context, url, programme string) {
	addSession(t, programme, "Observability for the Impatient")
	do(t, tab, "sync now", chromedp.Click(syncNow))
	poll(t, tab, "the sync's outcome", `document.getElementById("status").innerText.startsWith("Synced: 1 new")`)
	do(t, tab, "open the announce channel", chromedp.Click(announceLink))
	poll(t, tab, "the digest", `document.getElementById("messages").innerText.includes("Observability for the Impatient")`)
	do(t, tab, "sync again", chromedp.Click(syncNow))
	poll(t, tab, "the second sync's outcome", `document.getElementById("status").innerText.includes("unchanged")`)
	if n := eval[int](t, tab, `document.querySelectorAll("#messages .msg").length`); n != 1 {
		t.Errorf("the announce channel shows %d messages, want one digest", n)
	}
	// What the page shows may lag the stand-in by a moment; ask it.
	resp, err := http.Get(url + "api/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st struct {
		Conversations []struct {
			Name     string
			Messages []struct{ Text string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	for _, c := range st.Conversations {
		if c.Name == "announcements" && len(c.Messages) != 1 {
			t.Errorf("the announce channel has %d messages after two syncs, want one digest: %+v", len(c.Messages), c.Messages)
		}
	}
}

// addSession appends a session tomorrow afternoon to the demo programme.
func addSession(t *testing.T, path, title string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var prog struct {
		Sessions []map[string]any `yaml:"sessions"`
	}
	if err := yaml.Unmarshal(data, &prog); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour) // after the clock jumps
	prog.Sessions = append(prog.Sessions, map[string]any{
		"id": "try-added", "title": title, "room": "Room B",
		"speakers": []map[string]string{{"name": "Ada Lovelace", "company": "Analytical Engines"}},
		"abstract": "Added while the playground ran.",
		"start":    start.Format(time.RFC3339), "end": start.Add(45 * time.Minute).Format(time.RFC3339),
	})
	out, err := yaml.Marshal(prog)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}
