package bot_test

import (
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// lead is the reminder lead time of the personal tests.
const lead = 10 * time.Minute

// morning is 09:00 on the day of personalProgramme.
func morning(tb testing.TB) time.Time {
	return time.Date(2026, 11, 28, 9, 0, 0, 0, brussels(tb))
}

// personalProgramme is a small day: two overlapping morning talks, one at
// noon, one without a time, one over and one running at morning.
func personalProgramme(tb testing.TB) []session.Session {
	day := func(h, m int) time.Time { return time.Date(2026, 11, 28, h, m, 0, 0, brussels(tb)) }
	return []session.Session{
		{ID: "k8s", Title: "Kubernetes Secrets done right", Room: "Main Hall", Start: day(10, 0), End: day(10, 45),
			Speakers: []session.Speaker{{Name: "Seth Vargo"}}, Abstract: "Secrets in etcd.", URL: "https://example.org/k8s"},
		{ID: "rust", Title: "Async Rust in practice", Room: "Room B", Start: day(10, 30), End: day(11, 15), Abstract: "Tokio."},
		{ID: "go", Title: "Go generics, two years on", Room: "Room C", Start: day(12, 0), End: day(12, 45), Abstract: "Type parameters."},
		{ID: "lightning", Title: "Lightning talks", Abstract: "Five minutes each."},
		{ID: "breakfast", Title: "Breakfast keynote", Room: "Main Hall", Start: day(8, 0), End: day(8, 45)},
		{ID: "running", Title: "Morning workshop on kubernetes", Room: "Lab", Start: day(8, 45), End: day(9, 30)},
	}
}

// personal is a bot with a real store and index of personalProgramme.
type personal struct {
	*harness
	st    *store.Store
	wakes *atomic.Int32
}

func startPersonal(t *testing.T, changes ...func(*bot.Options)) *personal {
	t.Helper()
	sessions := personalProgramme(t)
	ix, err := index.Open(t.TempDir(), index.Options{Location: brussels(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if _, err := ix.Sync(sessions); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.TempDir()+"/sessionbot.db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := st.Apply(store.Commit{Sessions: sessions, Now: morning(t).Add(-time.Hour), Announce: true}); err != nil {
		t.Fatal(err)
	}
	p := &personal{st: st, wakes: &atomic.Int32{}}
	all := append([]func(*bot.Options){func(o *bot.Options) {
		o.Reminders, o.Follows, o.Recent, o.Lead = st, st, st, lead
		o.Wake = func() { p.wakes.Add(1) }
	}}, changes...)
	p.harness = startBot(t, ix, morning(t), all...)
	return p
}

// click presses the element actionID with value on m, an ephemeral message
// of user unless shared, and returns the answer posted to its response_url.
func (p *personal) click(t *testing.T, m message, actionID, value, user string, shared bool) (message, fakeslack.Ack) {
	t.Helper()
	blockID := blockIDOf(t, m, actionID, value)
	url := p.srv.NewResponseURL()
	a := fakeslack.Action{UserID: user, ActionID: actionID, Value: value, BlockID: blockID, Ephemeral: !shared, ResponseURL: url}
	ack, err := p.srv.Interaction(testCtx(t), p.srv.BlockActions(a))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, p.posts(t, url, 1)[0].JSON), ack
}

// reminders returns the session IDs of user's pending reminders.
func (p *personal) reminders(t *testing.T, user string) []string {
	t.Helper()
	rs, err := p.st.UserReminders(user)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.SessionID)
	}
	return ids
}

// blockIDOf returns the block_id of the block holding the element actionID
// with value in m, failing when there is none.
func blockIDOf(t *testing.T, m message, actionID, value string) string {
	t.Helper()
	id, ok := findButton(t, m, actionID, value)
	if !ok {
		t.Fatalf("no %s button for %q in %s", actionID, value, m.raw)
	}
	return id
}

// hasButton reports whether m has the element actionID with value.
func hasButton(t *testing.T, m message, actionID, value string) bool {
	_, ok := findButton(t, m, actionID, value)
	return ok
}

// findButton finds the element actionID with value in m's blocks (in an
// actions block or as a section's accessory) and returns its block_id.
func findButton(t *testing.T, m message, actionID, value string) (string, bool) {
	t.Helper()
	for _, raw := range m.Blocks {
		var b struct {
			BlockID   string            `json:"block_id"`
			Elements  []json.RawMessage `json:"elements"`
			Accessory json.RawMessage   `json:"accessory"`
		}
		if err := json.Unmarshal(raw, &b); err != nil {
			t.Fatal(err)
		}
		for _, el := range append(b.Elements, b.Accessory) {
			var e struct {
				ActionID string `json:"action_id"`
				Value    string `json:"value"`
			}
			_ = json.Unmarshal(el, &e)
			if e.ActionID == actionID && e.Value == value {
				return b.BlockID, true
			}
		}
	}
	return "", false
}

func TestRemindOnSearchPage(t *testing.T) {
	p := startPersonal(t)
	page := p.slash(t, "kubernetes")
	if !hasButton(t, page, blocks.ActionRemind, "k8s") {
		t.Fatalf("no Remind me for k8s: %s", page.raw)
	}
	got, ack := p.click(t, page, blocks.ActionRemind, "k8s", fakeslack.UserID, false)
	if got.ReplaceOriginal == nil || !*got.ReplaceOriginal || got.ResponseType != "ephemeral" {
		t.Errorf("want the page replaced: %s", got.raw)
	}
	if !strings.Contains(got.raw, "Reminder set") || !hasButton(t, got, blocks.ActionUnremind, "k8s") || !hasButton(t, got, blocks.ActionRemind, "running") {
		t.Errorf("want the k8s card reminded and the others not: %s", got.raw)
	}
	rs, err := p.st.UserReminders(fakeslack.UserID)
	if err != nil || len(rs) != 1 || rs[0].SessionID != "k8s" || !rs[0].Due.Equal(rs[0].Start.Add(-lead)) {
		t.Fatalf("reminders %+v, %v; want one for k8s due 10 minutes before", rs, err)
	}

	// The same button again, from a new envelope, and a redelivery.
	p.click(t, page, blocks.ActionRemind, "k8s", fakeslack.UserID, false)
	env := ack.Envelope
	env.RetryAttempt, env.RetryReason = 1, "timeout"
	if _, err := p.srv.Send(testCtx(t), env); err != nil {
		t.Fatal(err)
	}
	if ids := p.reminders(t, fakeslack.UserID); len(ids) != 1 {
		t.Errorf("reminders %v after pressing twice and a redelivery, want one", ids)
	}
	if n := p.logs.count("reminder set", "created=true"); n != 1 {
		t.Errorf("%d reminders created, want 1", n)
	}

	// Undo on the replaced page.
	undone, _ := p.click(t, got, blocks.ActionUnremind, "k8s", fakeslack.UserID, false)
	if ids := p.reminders(t, fakeslack.UserID); len(ids) != 0 {
		t.Errorf("reminders %v after undo, want none", ids)
	}
	if undone.ReplaceOriginal == nil || !*undone.ReplaceOriginal || !hasButton(t, undone, blocks.ActionRemind, "k8s") || strings.Contains(undone.raw, "Reminder set") {
		t.Errorf("undo should bring Remind me back: %s", undone.raw)
	}
	if w := p.wakes.Load(); w != 2 {
		t.Errorf("Wake called %d times, want 2 (set, cancel)", w)
	}
}

func TestRemindOnSharedMessage(t *testing.T) {
	p := startPersonal(t)
	digest := decode(t, mustJSON(t, blocks.Digest(personalProgramme(t)[:3], brussels(t))))
	first, _ := p.click(t, digest, blocks.ActionRemind, "rust", fakeslack.UserID, true)
	if first.ReplaceOriginal == nil || *first.ReplaceOriginal || first.ResponseType != "ephemeral" {
		t.Errorf("a shared message must not be replaced: %s", first.raw)
	}
	if !strings.Contains(first.raw, "Reminder set ✓ for") || !strings.Contains(first.raw, "10 minutes before") || !hasButton(t, first, blocks.ActionUnremind, "rust") {
		t.Errorf("want a confirmation with Undo: %s", first.raw)
	}
	second, _ := p.click(t, digest, blocks.ActionRemind, "rust", fakeslack.UserID, true)
	if !strings.Contains(second.raw, "already have a reminder") {
		t.Errorf("second press should say it was set already: %s", second.raw)
	}
	if ids := p.reminders(t, fakeslack.UserID); len(ids) != 1 {
		t.Errorf("reminders %v, want one", ids)
	}
	// A page key nobody knows (a restart) gets a confirmation too.
	stale := fakeslack.Action{ActionID: blocks.ActionRemind, Value: "go", BlockID: "p:unknownkey|s:go", Ephemeral: true, ResponseURL: p.srv.NewResponseURL()}
	if _, err := p.srv.Interaction(testCtx(t), p.srv.BlockActions(stale)); err != nil {
		t.Fatal(err)
	}
	m := decode(t, p.posts(t, stale.ResponseURL, 1)[0].JSON)
	if m.ReplaceOriginal == nil || *m.ReplaceOriginal || !strings.Contains(m.raw, "Reminder set ✓") {
		t.Errorf("unknown page: want a confirmation, not a replacement: %s", m.raw)
	}
}

func TestRemindRefusals(t *testing.T) {
	p := startPersonal(t)
	list := decode(t, mustJSON(t, blocks.SessionList("all", personalProgramme(t), brussels(t))))
	tests := []struct {
		id, want string
		stored   bool
	}{
		{"breakfast", "already over", false},
		{"running", "already started", false},
		{"lightning", "once it has a time", true},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			m, _ := p.click(t, list, blocks.ActionRemind, tt.id, "U0OTHER01", true)
			if !strings.Contains(m.raw, tt.want) {
				t.Errorf("answer %s, want %q", m.raw, tt.want)
			}
			r, ok, err := p.st.Reminder("U0OTHER01", tt.id)
			if err != nil || ok != tt.stored || !r.Due.IsZero() {
				t.Errorf("reminder %+v stored=%v (%v), want stored=%v with no due time", r, ok, err, tt.stored)
			}
		})
	}
	t.Run("unknown session", func(t *testing.T) {
		url := p.srv.NewResponseURL()
		a := fakeslack.Action{ActionID: blocks.ActionRemind, Value: "nope", ResponseURL: url}
		if _, err := p.srv.Interaction(testCtx(t), p.srv.BlockActions(a)); err != nil {
			t.Fatal(err)
		}
		if m := decode(t, p.posts(t, url, 1)[0].JSON); !strings.Contains(m.raw, "can't find that session") {
			t.Errorf("answer %s", m.raw)
		}
	})
}

func TestRemindOpensDMOnce(t *testing.T) {
	p := startPersonal(t)
	list := decode(t, mustJSON(t, blocks.SessionList("all", personalProgramme(t), brussels(t))))
	for _, id := range []string{"k8s", "rust", "go"} {
		p.click(t, list, blocks.ActionRemind, id, fakeslack.UserID, true)
	}
	p.click(t, list, blocks.ActionRemind, "k8s", "U0OTHER02", true)
	calls := p.srv.Calls("conversations.open")
	if len(calls) != 2 || calls[0].Param("users") != fakeslack.UserID || calls[1].Param("users") != "U0OTHER02" {
		t.Errorf("conversations.open calls %d, want one per user", len(calls))
	}
	if ch, ok, err := p.st.DMChannel(fakeslack.UserID); err != nil || !ok || ch != fakeslack.DMChannel(fakeslack.UserID) {
		t.Errorf("DM channel %q, %v, %v; want it cached", ch, ok, err)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
