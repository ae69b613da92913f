package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/index"
)

// ackLimit is Slack's: an envelope not acked within 3 s shows the user an
// error. The tests allow the whole of it, as Slack does.
const ackLimit = 3 * time.Second

// slowSearcher answers after a delay, as a big index under load would.
type slowSearcher struct {
	searcher
	delay time.Duration
}

func (s slowSearcher) Search(ctx context.Context, q index.Query) (index.Result, error) {
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return index.Result{}, ctx.Err()
	}
	return s.searcher.Search(ctx, q)
}

// TestAckNeverWaitsForFollowUps: with every response_url post stalled and
// more "Next 5" presses in flight than there are handlers, a new /session
// is still acked, with its answer, within Slack's limit.
func TestAckNeverWaitsForFollowUps(t *testing.T) {
	h := startBot(t, testIndex(t, fosdem), duringFOSDEM(t), func(o *bot.Options) { o.Concurrency = 4 })
	token := actionValue(t, h.slash(t, "rust"), blocks.ActionMore)
	h.srv.FailNext(fakeslack.MethodResponseURL, 40, fakeslack.Fault{Delay: 5 * time.Second})
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			a := fakeslack.Action{ActionID: blocks.ActionMore, Value: token, Ephemeral: true}
			if _, err := h.srv.Interaction(testCtx(t), h.srv.BlockActions(a)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if _, err := h.srv.WaitCalls(testCtx(t), fakeslack.MethodResponseURL, 8); err != nil {
		t.Fatal(err) // the follow-up slots are full of stalled posts
	}
	ack, err := h.srv.SlashCommand(testCtx(t), fakeslack.SlashCommand{Text: "kubernetes"})
	if err != nil {
		t.Fatal(err)
	}
	if ack.Latency > ackLimit || !strings.Contains(string(ack.Payload), "sessions match") {
		t.Errorf("/session acked after %v with %s; want the answer within %v", ack.Latency, ack.Payload, ackLimit)
	}
}

// TestSlowAnswerFollowsTheAck: a search still running at the ack deadline is
// acked with "working on it" and answered through the response_url,
// replacing it.
func TestSlowAnswerFollowsTheAck(t *testing.T) {
	ix := slowSearcher{testIndex(t, confirmed), 3500 * time.Millisecond}
	h := startBot(t, ix, time.Now())
	url := h.srv.NewResponseURL()
	ack, err := h.srv.SlashCommand(testCtx(t), fakeslack.SlashCommand{Text: "kubernetes", ResponseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	if ack.Latency > ackLimit || !strings.Contains(string(ack.Payload), "Working on it") {
		t.Fatalf("acked after %v with %s; want working on it", ack.Latency, ack.Payload)
	}
	late := decode(t, h.posts(t, url, 1)[0].JSON)
	if late.ReplaceOriginal == nil || !*late.ReplaceOriginal || !strings.Contains(late.raw, "Base64 is not encryption") {
		t.Errorf("late answer %s; want the results, replacing the original", late.raw)
	}
}

// TestBusyHandlersStillAck: more commands at once than handlers, each slow:
// every one is acked in time and every one is answered.
func TestBusyHandlersStillAck(t *testing.T) {
	ix := slowSearcher{testIndex(t, confirmed), time.Second}
	h := startBot(t, ix, time.Now(), func(o *bot.Options) { o.Concurrency = 1 })
	const n = 5
	var wg sync.WaitGroup
	urls, acks := make([]string, n), make([]string, n)
	for i := range n {
		urls[i] = h.srv.NewResponseURL()
		wg.Go(func() {
			ack, err := h.srv.SlashCommand(testCtx(t), fakeslack.SlashCommand{Text: "kubernetes", ResponseURL: urls[i]})
			if err != nil {
				t.Error(err)
				return
			}
			acks[i] = string(ack.Payload)
			if ack.Latency > ackLimit {
				t.Errorf("command %d acked after %v", i, ack.Latency)
			}
		})
	}
	wg.Wait()
	late := 0
	for i, url := range urls {
		answer := acks[i]
		if strings.Contains(answer, "Working on it") {
			late++
			answer = string(h.posts(t, url, 1)[0].JSON)
		}
		if !strings.Contains(answer, "Base64 is not encryption") {
			t.Errorf("command %d answered %s", i, answer)
		}
	}
	if late == 0 {
		t.Errorf("no command was answered late; with one slow handler, most must be")
	}
}
