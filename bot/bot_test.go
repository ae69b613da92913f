package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
)

// duringFOSDEM is Saturday morning of FOSDEM 2025.
func duringFOSDEM(tb testing.TB) time.Time {
	return time.Date(2025, 2, 1, 11, 5, 0, 0, brussels(tb))
}

func TestSlashCommands(t *testing.T) {
	h := startBot(t, testIndex(t, confirmed), time.Date(2026, 11, 28, 9, 0, 0, 0, brussels(t)))
	tests := []struct {
		name, text string
		want       []string // in the payload
	}{
		{"search", "kubernetes", []string{"Base64 is not encryption", "1 session matches", "Seth Vargo", blocks.ActionRemind}},
		{"empty is help", "", []string{"How to use /session", "speaker:"}},
		{"help", "  HELP ", []string{"How to use /session", "/session kubernetes secrets"}},
		{"no results", "zzzz", []string{"zzzz"}},
		{"follow without a store", "follow rust", []string{"not available", "/session follow"}},
		{"agenda without a store", "agenda", []string{"not available", "/session agenda"}},
		{"follows without a store", "follows", []string{"not available"}},
		{"new as a word is a search", "new kubernetes", []string{"Kubernetes"}},
		{"now without times", "now", []string{"Nothing is running right now"}},
		{"next without times", "next", []string{"Nothing starts within the next hour"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := h.slash(t, tt.text)
			if m.ResponseType != "ephemeral" || m.Text == "" || len(m.Blocks) == 0 {
				t.Errorf("not an ephemeral Block Kit answer: %s", m.raw)
			}
			for _, w := range tt.want {
				if !strings.Contains(m.raw, w) {
					t.Errorf("payload lacks %q: %s", w, m.raw)
				}
			}
		})
	}
	if n := h.logs.count("slash command", "user_id="+fakeslack.UserID, "query=kubernetes", "hits=", "latency_ms="); n != 1 {
		t.Errorf("%d log lines for /session kubernetes, want 1:\n%s", n, h.logs)
	}
	if strings.Contains(h.logs.String(), fakeslack.BotToken) || strings.Contains(h.logs.String(), fakeslack.AppToken) {
		t.Error("a token was logged")
	}
}

func TestHelpExamplesFromProgramme(t *testing.T) {
	h := startBot(t, testIndex(t, fosdem), duringFOSDEM(t))
	first := h.slash(t, "help")
	if again := h.slash(t, ""); again.raw != first.raw {
		t.Errorf("help differs between calls:\n%s\n%s", first.raw, again.raw)
	}
	for _, w := range []string{"/session speaker:", "/session track:"} {
		if !strings.Contains(first.raw, w) {
			t.Errorf("help lacks an example %q: %s", w, first.raw)
		}
	}
}

func TestPaging(t *testing.T) {
	h := startBot(t, testIndex(t, fosdem), duringFOSDEM(t))
	page1 := h.slash(t, "rust")
	token := actionValue(t, page1, blocks.ActionMore)
	if token == "" {
		t.Fatalf("no %s button on page 1: %s", blocks.ActionMore, page1.raw)
	}
	posts := h.press(t, blocks.ActionMore, token, 1)
	page2 := decode(t, posts[0].JSON)
	if page2.ReplaceOriginal == nil || !*page2.ReplaceOriginal || page2.ResponseType != "ephemeral" {
		t.Errorf("page 2 does not replace the ephemeral original: %s", page2.raw)
	}
	if page2.raw == page1.raw || len(page2.Blocks) == 0 {
		t.Errorf("page 2 is not a new page: %s", page2.raw)
	}
	if !strings.Contains(page1.raw, "showing 1–5") || !strings.Contains(page2.raw, "showing 6–10") {
		t.Errorf("pages do not show hits 1–5 then 6–10:\n%s\n%s", page1.raw, page2.raw)
	}
	if n := h.logs.count("next page", "hits="); n != 1 {
		t.Errorf("%d log lines for the next page, want 1", n)
	}
}

func TestButtons(t *testing.T) {
	h := startBot(t, testIndex(t, confirmed), time.Now())
	tests := []struct {
		name, action, value, want string
		replace                   bool
	}{
		{"junk page token", blocks.ActionMore, "not-a-token%%", "expired", true},
		{"remind", blocks.ActionRemind, "k8s-secrets", "coming soon", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := decode(t, h.press(t, tt.action, tt.value, 1)[0].JSON)
			if !strings.Contains(m.raw, tt.want) || m.ReplaceOriginal == nil || *m.ReplaceOriginal != tt.replace {
				t.Errorf("answer %s, want %q with replace_original %v", m.raw, tt.want, tt.replace)
			}
		})
	}
	t.Run("unknown action", func(t *testing.T) {
		ack, err := h.srv.Interaction(testCtx(t), h.srv.BlockActions(fakeslack.Action{ActionID: "nope"}))
		if err != nil || len(ack.Payload) != 0 {
			t.Errorf("ack %s, %v; want a bare ack", ack.Payload, err)
		}
		if n := h.logs.count("unknown action", "action_id=nope"); n != 1 {
			t.Errorf("%d log lines for the unknown action, want 1", n)
		}
	})
}

func TestNowAndNext(t *testing.T) {
	h := startBot(t, testIndex(t, fosdem), duringFOSDEM(t))
	for _, tt := range []struct{ text, want string }{{"now", "Running now"}, {"NEXT", "Starting within the hour"}} {
		m := h.slash(t, tt.text)
		if !strings.Contains(m.raw, tt.want) || !strings.Contains(m.raw, blocks.ActionRemind) {
			t.Errorf("/session %s: want a list titled %q: %s", tt.text, tt.want, m.raw)
		}
	}
}

func TestReconnects(t *testing.T) {
	h := startBot(t, testIndex(t, confirmed), time.Now())
	for _, tt := range []struct {
		name   string
		break_ func()
	}{
		{"disconnect message", func() { h.srv.Disconnect("") }},
		{"dropped socket", h.srv.DropConnections},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.break_()
			if err := h.srv.WaitConnected(testCtx(t), 1); err != nil {
				t.Fatal(err)
			}
			if m := h.slash(t, "kubernetes"); !strings.Contains(m.raw, "Base64 is not encryption") {
				t.Errorf("no answer after reconnecting: %s", m.raw)
			}
		})
	}
	if n := len(h.srv.Calls("apps.connections.open")); n < 3 {
		t.Errorf("apps.connections.open called %d times, want 3 or more", n)
	}
}

func TestDuplicateEnvelopes(t *testing.T) {
	h := startBot(t, testIndex(t, confirmed), time.Now())
	ctx := testCtx(t)
	first, err := h.srv.SlashCommand(ctx, fakeslack.SlashCommand{Text: "kubernetes"})
	if err != nil {
		t.Fatal(err)
	}
	env := first.Envelope
	env.RetryAttempt, env.RetryReason = 1, "timeout"
	again, err := h.srv.Send(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	if string(again.Payload) != string(first.Payload) {
		t.Errorf("redelivery acked with another payload:\n%s\n%s", first.Payload, again.Payload)
	}
	if n := h.logs.count("slash command", "query=kubernetes"); n != 1 {
		t.Errorf("command handled %d times, want once", n)
	}

	url := h.srv.NewResponseURL()
	remind := h.srv.BlockActions(fakeslack.Action{ActionID: blocks.ActionRemind, Value: "x", ResponseURL: url})
	ack, err := h.srv.Interaction(ctx, remind)
	if err != nil {
		t.Fatal(err)
	}
	h.posts(t, url, 1)
	env = ack.Envelope
	env.RetryAttempt = 1
	if _, err := h.srv.Send(ctx, env); err != nil {
		t.Fatal(err)
	}
	h.press(t, blocks.ActionRemind, "y", 1) // a later post, so a second one for url would show
	if n := len(h.posts(t, url, 1)); n != 1 {
		t.Errorf("redelivered button press posted %d times, want once", n)
	}
}

// panicky is an index whose search panics for the query "boom".
type panicky struct{ searcher }

func (p panicky) Search(ctx context.Context, q index.Query) (index.Result, error) {
	if q.Raw == "boom" {
		panic("injected panic")
	}
	return p.searcher.Search(ctx, q)
}

func (p panicky) Sessions() ([]session.Session, error) { return p.searcher.Sessions() }

func TestPanicIsAnApology(t *testing.T) {
	h := startBot(t, panicky{testIndex(t, confirmed)}, time.Now())
	m := h.slash(t, "boom")
	if !strings.Contains(m.raw, "Sorry") || strings.Contains(m.raw, "panic") {
		t.Errorf("want a short apology: %s", m.raw)
	}
	if n := h.logs.count("handler panicked", "injected panic", "goroutine"); n != 1 {
		t.Errorf("panic logged %d times with its stack, want once:\n%s", n, h.logs)
	}
	if m := h.slash(t, "kubernetes"); !strings.Contains(m.raw, "Base64 is not encryption") {
		t.Errorf("no answer after a panic: %s", m.raw)
	}
}

func TestResponseURLRetries(t *testing.T) {
	h := startBot(t, testIndex(t, confirmed), time.Now())
	h.srv.FailNext(fakeslack.MethodResponseURL, 1, fakeslack.Fault{Status: 429})
	posts := h.press(t, blocks.ActionRemind, "k8s-secrets", 2)
	if posts[0].Error != "ratelimited" || posts[1].Error != "" {
		t.Errorf("posts answered %q then %q, want ratelimited then ok", posts[0].Error, posts[1].Error)
	}
}

func TestShutdown(t *testing.T) {
	h := startBot(t, testIndex(t, confirmed), time.Now())
	h.slash(t, "kubernetes")
	h.stop()
	if err := <-h.done; err != nil {
		t.Errorf("Run after cancel = %v, want nil", err)
	}
	h.done <- nil // for the cleanup
}

// actionValue returns the value of the first element with actionID.
func actionValue(t *testing.T, m message, actionID string) string {
	t.Helper()
	var walk func(v any) string
	walk = func(v any) string {
		switch v := v.(type) {
		case map[string]any:
			if v["action_id"] == actionID {
				s, _ := v["value"].(string)
				return s
			}
			for _, x := range v {
				if s := walk(x); s != "" {
					return s
				}
			}
		case []any:
			for _, x := range v {
				if s := walk(x); s != "" {
					return s
				}
			}
		}
		return ""
	}
	var doc any
	if err := json.Unmarshal([]byte(m.raw), &doc); err != nil {
		t.Fatal(err)
	}
	return walk(doc)
}
