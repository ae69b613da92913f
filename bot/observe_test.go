package bot_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
)

// observer records what the bot tells it.
type observer struct {
	mu       sync.Mutex
	commands []string // "command outcome"
	searches []string
	connects []bool
}

func (o *observer) SlashCommand(command, outcome string, took time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if took <= 0 {
		outcome += " (no duration)"
	}
	o.commands = append(o.commands, command+" "+outcome)
}

func (o *observer) Search(outcome string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.searches = append(o.searches, outcome)
}

func (o *observer) Connected(reconnect bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.connects = append(o.connects, reconnect)
}

func (o *observer) got() (commands, searches []string, connects []bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.commands...), append([]string(nil), o.searches...), append([]bool(nil), o.connects...)
}

// failing is an index whose search fails for "fail" and panics for "boom".
type failing struct{ searcher }

func (f failing) Search(ctx context.Context, q index.Query) (index.Result, error) {
	switch q.Raw {
	case "fail":
		return index.Result{}, errors.New("disk gone")
	case "boom":
		panic("injected panic")
	}
	return f.searcher.Search(ctx, q)
}

func (f failing) Sessions() ([]session.Session, error) { return f.searcher.Sessions() }

// TestObserver: every /session command is reported once with its outcome,
// searches with theirs, and each Socket Mode connection; Connected follows
// the connection.
func TestObserver(t *testing.T) {
	obs := &observer{}
	h := startBot(t, failing{testIndex(t, confirmed)}, time.Now(), func(o *bot.Options) { o.Observer = obs })
	for _, text := range []string{"kubernetes", "zzzzqqq", "help", "fail", "boom", "agenda", "sync"} {
		h.slash(t, text)
	}
	wantCommands := []string{
		"search ok", "search no_match", "help ok", "search error", "search error", "agenda ok", "sync ok",
	}
	commands, searches, connects := obs.got()
	if diff := cmp.Diff(wantCommands, commands); diff != "" {
		t.Errorf("commands (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"found", "no_match", "error"}, searches); diff != "" {
		t.Errorf("searches (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]bool{false}, connects); diff != "" {
		t.Errorf("connections (-want +got):\n%s", diff)
	}
	h.srv.Disconnect("")
	if err := h.srv.WaitConnected(testCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	h.slash(t, "kubernetes") // served by the new connection
	if _, _, connects = obs.got(); !cmp.Equal(connects, []bool{false, true}) {
		t.Errorf("after a disconnect: connections %v, want a reconnect", connects)
	}
}
