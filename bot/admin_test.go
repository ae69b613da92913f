package bot_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// recentFake answers AddedSince from a fixed list, recording the cut-off.
type recentFake struct {
	entries []store.Entry
	since   time.Time
}

func (r *recentFake) AddedSince(t time.Time) ([]store.Entry, error) {
	r.since = t
	return r.entries, nil
}

func TestNew(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, brussels(t))
	recent := &recentFake{entries: []store.Entry{
		{Session: session.Session{ID: "b", Title: "Newest talk"}, FirstSeen: now.Add(-time.Hour)},
		{Session: session.Session{ID: "a", Title: "Older talk"}, FirstSeen: now.Add(-48 * time.Hour)},
	}}
	h := startBot(t, testIndex(t, confirmed), now, func(o *bot.Options) { o.Recent = recent })
	m := h.slash(t, "new")
	if !strings.Contains(m.raw, "Added in the last 7 days") || strings.Index(m.raw, "Newest talk") > strings.Index(m.raw, "Older talk") {
		t.Errorf("new: %s", m.raw)
	}
	if want := now.Add(-7 * 24 * time.Hour); !recent.since.Equal(want) {
		t.Errorf("AddedSince(%v), want %v", recent.since, want)
	}
	recent.entries = nil
	if m := h.slash(t, "new"); !strings.Contains(m.raw, "No sessions were added in the last 7 days") {
		t.Errorf("new with none: %s", m.raw)
	}
}

func TestNewAndSyncUnavailable(t *testing.T) {
	h := startBot(t, testIndex(t, confirmed), time.Now())
	for _, text := range []string{"new", "sync"} {
		if m := h.slash(t, text); !strings.Contains(m.raw, "is not available on this sessionbot") {
			t.Errorf("%s without a store: %s", text, m.raw)
		}
	}
}

func TestSync(t *testing.T) {
	const admin = "U0ADMIN0001"
	var calls, forced atomic.Int32
	fail := atomic.Bool{}
	syncer := func(ctx context.Context, req bot.SyncRequest) (string, error) {
		calls.Add(1)
		if req.Force {
			forced.Add(1)
		}
		if req.By != admin {
			t.Errorf("sync by %q, want %s", req.By, admin)
		}
		if fail.Load() {
			return "the disk is full", errors.New("write data/sessionbot.db: no space left on device")
		}
		return "3 new, 1 changed, 0 removed", nil
	}
	h := startBot(t, testIndex(t, confirmed), time.Now(), func(o *bot.Options) {
		o.Admins, o.Sync = []string{admin}, syncer
	})

	ack, err := h.srv.SlashCommand(testCtx(t), fakeslack.SlashCommand{Text: "sync", UserID: "U0SOMEONE1"})
	if err != nil {
		t.Fatal(err)
	}
	if m := decode(t, ack.Payload); !strings.Contains(m.raw, "only the organisers") || calls.Load() != 0 {
		t.Errorf("non-admin sync: %s (syncs run: %d)", m.raw, calls.Load())
	}

	for _, tc := range []struct {
		text, want string
		fail       bool
	}{
		{"sync", "Sync done: 3 new, 1 changed, 0 removed", false},
		{"SYNC force", "Sync done: 3 new", false},
		{"sync", "The sync failed: the disk is full.", true},
	} {
		fail.Store(tc.fail)
		url := h.srv.NewResponseURL()
		ack, err := h.srv.SlashCommand(testCtx(t), fakeslack.SlashCommand{Text: tc.text, UserID: admin, ResponseURL: url})
		if err != nil {
			t.Fatal(err)
		}
		if m := decode(t, ack.Payload); !strings.Contains(m.raw, "Syncing the programme now") {
			t.Errorf("%s: ack %s", tc.text, m.raw)
		}
		if m := decode(t, h.posts(t, url, 1)[0].JSON); !strings.Contains(m.raw, tc.want) || strings.Contains(m.raw, "no space left") {
			t.Errorf("%s: result %s, want %q and no Go error", tc.text, m.raw, tc.want)
		}
	}
	if calls.Load() != 3 || forced.Load() != 1 {
		t.Errorf("syncs run %d (forced %d), want 3 (1)", calls.Load(), forced.Load())
	}
}

// TestShutdownCancelsStuckWork: a handler still working when the drain gives
// up (here an admin sync waiting on a source that never answers) has its
// context cancelled before Run returns, so nothing it does outlives Run.
func TestShutdownCancelsStuckWork(t *testing.T) {
	const admin = "U0ADMIN0001"
	started, cancelled := make(chan struct{}), make(chan struct{})
	stuck := func(ctx context.Context, _ bot.SyncRequest) (string, error) {
		close(started)
		<-ctx.Done()
		close(cancelled)
		return "", ctx.Err()
	}
	h := startBot(t, testIndex(t, confirmed), time.Now(), func(o *bot.Options) {
		o.Admins, o.Sync = []string{admin}, stuck
	})
	if _, err := h.srv.SlashCommand(testCtx(t), fakeslack.SlashCommand{Text: "sync", UserID: admin}); err != nil {
		t.Fatal(err)
	}
	<-started
	h.stop()
	select {
	case err := <-h.done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-testCtx(t).Done():
		t.Fatal("Run did not return")
	}
	select {
	case <-cancelled:
	default:
		t.Error("Run returned while the stuck handler's context was still live")
	}
	h.done <- nil // for the cleanup
}

// TestAcceptButton: an admin's press on "Accept the update" (in the DM
// about a held programme update) runs a sync accepting that snapshot, and
// the result comes back through response_url; anyone else is refused.
func TestAcceptButton(t *testing.T) {
	const admin, hash = "U0ADMIN0001", "4f2a9c0d"
	var got []bot.SyncRequest
	var mu sync.Mutex
	syncer := func(_ context.Context, req bot.SyncRequest) (string, error) {
		mu.Lock()
		got = append(got, req)
		mu.Unlock()
		return "0 new, 0 changed, 5 removed (the held update was accepted)", nil
	}
	h := startBot(t, testIndex(t, confirmed), time.Now(), func(o *bot.Options) {
		o.Admins, o.Sync = []string{admin}, syncer
	})
	for _, tc := range []struct{ user, want string }{
		{"U0SOMEONE1", "only the organisers can accept"},
		{admin, "Sync done: 0 new, 0 changed, 5 removed"},
	} {
		url := h.srv.NewResponseURL()
		a := fakeslack.Action{UserID: tc.user, ActionID: blocks.ActionAccept, Value: hash, BlockID: "hold", ResponseURL: url}
		if _, err := h.srv.Interaction(testCtx(t), h.srv.BlockActions(a)); err != nil {
			t.Fatal(err)
		}
		if m := decode(t, h.posts(t, url, 1)[0].JSON); !strings.Contains(m.raw, tc.want) {
			t.Errorf("press by %s: %s, want %q", tc.user, m.raw, tc.want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || got[0] != (bot.SyncRequest{Accept: hash, By: admin}) {
		t.Errorf("syncs run: %+v, want one accepting %s by %s", got, hash, admin)
	}
}
