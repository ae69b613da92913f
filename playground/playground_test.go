package playground

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/sessionbot/sessionbot/clock"
	"github.com/sessionbot/sessionbot/fakeslack"
)

const announce = "C0ANNOUNCE1"

// harness is a page over a fake Slack with a stand-in bot that answers
// every slash command with "you said …" and records the clicks.
type harness struct {
	srv     *httptest.Server
	slack   *fakeslack.Server
	clock   *clock.Clock
	page    *Page
	next    time.Time // the next reminder; zero: none
	mu      sync.Mutex
	clicks  []slack.InteractionCallback
	synced  int
	syncErr error
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{clock: &clock.Clock{}}
	h.slack = fakeslack.New(t, fakeslack.WithNow(h.clock.Now))
	h.page = New(Options{
		Slack: h.slack, Clock: h.clock, User: fakeslack.UserID, Channel: fakeslack.ChannelID, Announce: announce,
		Source: "programme.yaml", Sync: h.sync, NextReminder: h.nextReminder,
	})
	h.srv = httptest.NewServer(h.page)
	t.Cleanup(func() { h.page.Close(); h.srv.Close() })
	h.startBot(t)
	if err := h.slack.WaitConnected(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) sync(context.Context) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.synced++
	if h.syncErr != nil {
		return "the source could not be read", h.syncErr
	}
	return "1 new, 0 changed, 0 removed", nil
}

func (h *harness) nextReminder(t time.Time) (time.Time, bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.next, !h.next.IsZero() && h.next.After(t), nil
}

// startBot connects a socketmode client that acks as a bot would.
func (h *harness) startBot(t *testing.T) {
	api := slack.New(fakeslack.BotToken, slack.OptionAPIURL(h.slack.APIURL()), slack.OptionAppLevelToken(fakeslack.AppToken))
	client := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = client.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case evt := <-client.Events:
				h.handle(client, evt)
			case <-ctx.Done():
				return
			}
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait() })
}

func (h *harness) handle(c *socketmode.Client, evt socketmode.Event) {
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	var payload any
	switch d := evt.Data.(type) {
	case slack.SlashCommand:
		payload = map[string]any{"response_type": "ephemeral", "text": "you said " + d.Text}
	case slack.InteractionCallback:
		h.mu.Lock()
		h.clicks = append(h.clicks, d)
		h.mu.Unlock()
	}
	_ = c.Ack(*evt.Request, payload)
}

// post sends body to the page's API and decodes the answer.
func (h *harness) post(t *testing.T, path string, body any) (int, answer) {
	t.Helper()
	raw, _ := json.Marshal(body)
	resp, err := http.Post(h.srv.URL+path, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans answer
	_ = json.NewDecoder(resp.Body).Decode(&ans)
	return resp.StatusCode, ans
}

// state fetches the state, waiting for a change from since.
func (h *harness) state(t *testing.T, since string) state {
	t.Helper()
	resp, err := http.Get(h.srv.URL + "/api/state?since=" + since)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st state
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestCommand(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name       string
		body       map[string]string
		wantStatus int
		wantError  string
	}{
		{"the app's command", map[string]string{"channel": fakeslack.ChannelID, "text": "/session  kubernetes "}, http.StatusOK, ""},
		{"in the DM", map[string]string{"channel": fakeslack.DMChannel(fakeslack.UserID), "text": "/session agenda"}, http.StatusOK, ""},
		{"another command", map[string]string{"channel": fakeslack.ChannelID, "text": "/remind me"}, http.StatusBadRequest, "/remind is not a valid command"},
		{"unknown channel", map[string]string{"channel": "C0ELSEWHERE", "text": "/session x"}, http.StatusBadRequest, "unknown channel"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, ans := h.post(t, "/api/command", tc.body)
			if status != tc.wantStatus || !strings.Contains(ans.Error, tc.wantError) || (tc.wantError == "") != (ans.Error == "") {
				t.Errorf("status %d, %+v; want %d and an error with %q", status, ans, tc.wantStatus, tc.wantError)
			}
		})
	}
	st := h.state(t, "")
	var got []string
	for _, c := range st.Conversations {
		for _, m := range c.Messages {
			got = append(got, c.Name+": "+m.Command+" → "+m.Text)
		}
	}
	want := []string{"general: /session kubernetes → you said kubernetes", "sessionbot: /session agenda → you said agenda"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("shown (-want +got):\n%s", diff)
	}
}

// TestAction: a click on an ephemeral answer reaches the bot as Slack
// sends it: the message's channel, ts, ephemeral, the button's IDs.
func TestAction(t *testing.T) {
	h := newHarness(t)
	h.post(t, "/api/command", map[string]string{"channel": fakeslack.ChannelID, "text": "/session x"})
	msg := h.state(t, "").Conversations[0].Messages[0]
	status, ans := h.post(t, "/api/action", map[string]string{"channel": fakeslack.ChannelID, "ts": msg.TS,
		"action_id": "session.remind", "block_id": "s:k8s", "value": "k8s", "type": "button"})
	if status != http.StatusOK {
		t.Fatalf("status %d: %+v", status, ans)
	}
	h.post(t, "/api/action", map[string]string{"view": "V0HOME", "action_id": "follow.remove", "value": "kubernetes"})
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.clicks) != 2 {
		t.Fatalf("the bot got %d clicks, want 2", len(h.clicks))
	}
	c := h.clicks[0]
	a := c.ActionCallback.BlockActions[0]
	if c.Channel.ID != fakeslack.ChannelID || c.Container.MessageTs != msg.TS || !c.Container.IsEphemeral ||
		a.ActionID != "session.remind" || a.BlockID != "s:k8s" || a.Value != "k8s" || c.User.ID != fakeslack.UserID || c.ResponseURL == "" {
		t.Errorf("the bot got %+v with %+v", c, a)
	}
	home := h.clicks[1]
	if home.View.ID != "V0HOME" || home.Container.Type != "view" || home.ResponseURL != "" {
		t.Errorf("a click in the Home reached the bot as %+v", home)
	}
}

func TestClock(t *testing.T) {
	h := newHarness(t)
	var woken atomic.Int32
	h.clock.OnJump(func() { woken.Add(1) })
	if status, ans := h.post(t, "/api/clock", map[string]any{"to": "next-reminder"}); status != http.StatusConflict ||
		!strings.Contains(ans.Error, "No reminder is waiting") {
		t.Errorf("a jump with no reminder: %d %+v", status, ans)
	}
	for _, by := range []int64{0, -60, 15 * 24 * 3600} {
		if status, _ := h.post(t, "/api/clock", map[string]any{"by": by}); status != http.StatusBadRequest {
			t.Errorf("a jump by %ds answered %d, want 400", by, status)
		}
	}
	if status, _ := h.post(t, "/api/clock", map[string]any{"by": 600}); status != http.StatusOK || h.clock.Offset() != 10*time.Minute {
		t.Errorf("a jump by 600s: %d, offset %v", status, h.clock.Offset())
	}
	h.mu.Lock()
	h.next = h.clock.Now().Add(26 * time.Hour)
	h.mu.Unlock()
	status, ans := h.post(t, "/api/clock", map[string]any{"to": "next-reminder"})
	if d := h.next.Sub(h.clock.Now()); status != http.StatusOK || d < 59*time.Second || d > time.Minute {
		t.Errorf("jump to the reminder: %d %+v; now %v before it, want a minute", status, ans, d)
	}
	if n := woken.Load(); n != 2 {
		t.Errorf("the bot's loops were woken %d times, want once a jump (2)", n)
	}
	if st := h.state(t, ""); st.NextReminder == nil || *st.NextReminder != h.next.UnixMilli() || st.Offset < (26*time.Hour).Milliseconds() {
		t.Errorf("state: next reminder %v, offset %d", st.NextReminder, st.Offset)
	}
}

func TestSync(t *testing.T) {
	h := newHarness(t)
	if _, ans := h.post(t, "/api/sync", nil); ans.Message != "Synced: 1 new, 0 changed, 0 removed" {
		t.Errorf("sync answered %+v", ans)
	}
	h.mu.Lock()
	h.syncErr = errors.New("fetch failed")
	h.mu.Unlock()
	if _, ans := h.post(t, "/api/sync", nil); ans.Error != "Sync failed: the source could not be read" {
		t.Errorf("a failed sync answered %+v", ans)
	}
}

// TestStateWaits: a state request with the current version waits for a
// change — a message, a clock jump — and one without answers at once.
func TestStateWaits(t *testing.T) {
	h := newHarness(t)
	first := h.state(t, "")
	for _, change := range []struct {
		name string
		do   func()
	}{
		{"a message", func() {
			h.post(t, "/api/command", map[string]string{"channel": fakeslack.ChannelID, "text": "/session x"})
		}},
		{"a clock jump", func() { h.post(t, "/api/clock", map[string]any{"by": 60}) }},
	} {
		t.Run(change.name, func(t *testing.T) {
			since := h.state(t, "").Version
			got := make(chan state, 1)
			go func() { got <- h.state(t, since) }()
			select {
			case st := <-got:
				t.Fatalf("answered at once with version %s (asked past %s)", st.Version, since)
			case <-time.After(200 * time.Millisecond):
			}
			change.do()
			select {
			case st := <-got:
				if st.Version == since {
					t.Errorf("answered the same version %s", since)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no answer after a change")
			}
		})
	}
	if first.Source != "programme.yaml" || len(first.Conversations) != 3 || first.Conversations[1].ID != announce {
		t.Errorf("state: %+v", first)
	}
}

// TestPageServed: the page and its scripts are in the binary, served with
// a content security policy that allows no inline or foreign scripts.
func TestPageServed(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/", "/app.js", "/mrkdwn.js", "/blocks.js", "/style.css"} {
		resp, err := http.Get(h.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
			t.Errorf("GET %s: %s, CSP %q", path, resp.Status, resp.Header.Get("Content-Security-Policy"))
		}
	}
}

// TestForeignRequests: another site cannot drive the playground from the
// user's browser: not by a name pointed at this machine, not by a form.
func TestForeignRequests(t *testing.T) {
	h := newHarness(t)
	req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/api/state", nil)
	req.Host = "rebound.example:8080"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a request for another host: %s", resp.Status)
	}
	resp, err = http.Post(h.srv.URL+"/api/clock", "text/plain", strings.NewReader(`{"by":3600}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("a form-like post: %s", resp.Status)
	}
	if h.clock.Offset() != 0 {
		t.Error("the clock moved")
	}
	for _, host := range []string{"localhost:8080", "127.0.0.1", "[::1]:8080"} {
		if !localHost(host) {
			t.Errorf("localHost(%q) = false", host)
		}
	}
}
