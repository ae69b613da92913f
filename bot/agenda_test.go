package bot_test

import (
	"strings"
	"testing"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/store"
)

// setReminders gives user reminders for ids directly in the store.
func (p *personal) setReminders(t *testing.T, user string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		e, _, err := p.st.Known(id)
		if err != nil {
			t.Fatal(err)
		}
		r := store.Reminder{UserID: user, SessionID: id, Created: morning(t), Start: e.Session.Start}
		if !r.Start.IsZero() {
			r.Due = r.Start.Add(-lead)
		}
		if _, _, err := p.st.SetReminder(r); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAgenda(t *testing.T) {
	p := startPersonal(t)
	if m := p.slash(t, "agenda"); !strings.Contains(m.raw, "no reminders yet") {
		t.Errorf("empty agenda: %s", m.raw)
	}
	p.setReminders(t, fakeslack.UserID, "lightning", "go", "rust", "k8s", "breakfast")
	m := p.slash(t, "agenda")
	order := []string{"Your agenda", "Kubernetes Secrets", "Async Rust", "Go generics", "Lightning talks", "time to be announced"}
	last := -1
	for _, w := range order {
		i := strings.Index(m.raw, w)
		if i <= last {
			t.Fatalf("agenda lacks %q or has it out of order: %s", w, m.raw)
		}
		last = i
	}
	if strings.Contains(m.raw, "Breakfast") {
		t.Errorf("a session that is over is on the agenda: %s", m.raw)
	}
	if n := strings.Count(m.raw, "overlaps with"); n != 2 {
		t.Errorf("%d overlap warnings, want 2 (k8s and rust): %s", n, m.raw)
	}
	if n := strings.Count(m.raw, "calendar.google.com"); n != 3 {
		t.Errorf("%d calendar links, want one per timed session: %s", n, m.raw)
	}
	for _, id := range []string{"k8s", "rust", "go", "lightning"} {
		if !hasButton(t, m, blocks.ActionUnremind, id) {
			t.Errorf("no Cancel for %s", id)
		}
	}
	// Cancel from the agenda renders the agenda again without it.
	after, _ := p.click(t, m, blocks.ActionUnremind, "rust", fakeslack.UserID, false)
	if after.ReplaceOriginal == nil || !*after.ReplaceOriginal || strings.Contains(after.raw, "Async Rust") || strings.Contains(after.raw, "overlaps") {
		t.Errorf("agenda after cancelling rust: %s", after.raw)
	}
}
