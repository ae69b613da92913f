package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestTryButtonsInBrowser presses every kind of button the bot sends, in
// Chromium against `sessionbot try -demo`: Next, Remind me and Undo on a
// search page, Cancel and a link button in the agenda, Unfollow in the
// list of follows, and Cancel in the App Home.
func TestTryButtonsInBrowser(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	tab := newBrowser(t, ctx, "Europe/Brussels")
	url, _ := startTry(t, "-demo", "-listen", "127.0.0.1:0")
	do(t, tab, "open the page", chromedp.Navigate(url), chromedp.WaitVisible(composer))

	typeLine(t, tab, "/session serverless data security teams", "showing 1–5")
	press(t, tab, "session.more", "Next", "showing 6–7")
	press(t, tab, "session.remind", "Remind me", "Reminder set")
	press(t, tab, "session.unremind", "Undo", "")
	poll(t, tab, "Undo turns back into Remind me",
		`document.querySelector("`+lastMessage+` button[data-action-id='session.unremind']") === null`)
	press(t, tab, "session.remind", "Remind me again", "Reminder set")

	typeLine(t, tab, "/session agenda", "Your agenda")
	eval[bool](t, tab, `window.open = (u) => { window.opened = u; return null }, true`)
	press(t, tab, "session.calendar", "Add to calendar", "")
	poll(t, tab, "the link opened", `(window.opened || "").startsWith("https://calendar.google.com/")`)
	press(t, tab, "session.unremind", "Cancel", "You have no reminders")

	typeLine(t, tab, "/session follow kubernetes", "kubernetes")
	typeLine(t, tab, "/session follows", "Your follows")
	press(t, tab, "follow.remove", "Unfollow", "You follow nothing")

	typeLine(t, tab, "/session kubernetes secrets", "Base64 is not encryption")
	press(t, tab, "session.remind", "Remind me", "Reminder set")
	do(t, tab, "open the App Home", chromedp.Click(dmLink), chromedp.Click(chromedp.CSS("#tab-home")))
	poll(t, tab, "the Home with the agenda", `document.getElementById("home").innerText.includes("Base64 is not encryption")`)
	do(t, tab, "Cancel in the Home", chromedp.Click(chromedp.CSS(`#home button[data-action-id="session.unremind"]`)))
	poll(t, tab, "the Home without the reminder", `document.getElementById("home").innerText.includes("You have no reminders yet")`)
	if status := eval[string](t, tab, `document.getElementById("status").innerText`); status != "" {
		t.Errorf("the page reports: %s", status)
	}
}

// typeLine types line in the channel in view and waits for a new answer
// holding want.
func typeLine(t *testing.T, tab context.Context, line, want string) {
	t.Helper()
	n := eval[int](t, tab, `document.querySelectorAll("#messages .msg").length`)
	do(t, tab, "type "+line, chromedp.SendKeys(composer, line+kb.Enter))
	poll(t, tab, "the answer to "+line, `(() => {
		const ms = document.querySelectorAll("#messages .msg");
		return ms.length > `+strconv.Itoa(n)+` && ms[ms.length-1].innerText.includes(`+jsString(want)+`)
	})()`)
}

// press clicks the first button with actionID in the last message and,
// unless want is "", waits until that message holds want.
func press(t *testing.T, tab context.Context, actionID, label, want string) {
	t.Helper()
	do(t, tab, "press "+label, chromedp.Click(chromedp.CSS(lastMessage+` button[data-action-id="`+actionID+`"]`)))
	if want != "" {
		poll(t, tab, "after "+label, `document.querySelector("`+lastMessage+`").innerText.includes(`+jsString(want)+`)`)
	}
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	return strconv.Quote(strings.ReplaceAll(s, "\n", " "))
}
