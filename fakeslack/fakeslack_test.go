package fakeslack_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// testCtx bounds every wait in a test. The waits end on conditions, not on
// it, so it is generous: a loaded 2-core machine can stall a -race run.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func newAPI(srv *fakeslack.Server) *slack.Client {
	return slack.New(fakeslack.BotToken, slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken(fakeslack.AppToken))
}

// bot is a real socketmode client that acks every envelope and remembers the
// requests it got.
type bot struct {
	mu   sync.Mutex
	reqs []socketmode.Event
}

func (b *bot) handle(c *socketmode.Client, evt socketmode.Event) {
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	b.mu.Lock()
	b.reqs = append(b.reqs, evt)
	b.mu.Unlock()
	var payload any
	if cmd, ok := evt.Data.(slack.SlashCommand); ok {
		payload = map[string]any{"text": "hi " + cmd.Text}
	}
	_ = c.Ack(*evt.Request, payload)
}

func (b *bot) events() []socketmode.Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]socketmode.Event(nil), b.reqs...)
}

// startBot runs a socketmode client against srv until the test ends.
func startBot(t *testing.T, srv *fakeslack.Server, opts ...socketmode.Option) *bot {
	b := &bot{}
	client := socketmode.New(newAPI(srv), opts...)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = client.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case evt := <-client.Events:
				b.handle(client, evt)
			case <-ctx.Done():
				return
			}
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait() })
	return b
}

func TestSlashCommandAckPayload(t *testing.T) {
	srv := fakeslack.New(t)
	b := startBot(t, srv)
	ack, err := srv.SlashCommand(testCtx(t), fakeslack.SlashCommand{Command: "/session", Text: "kubernetes", UserID: "U0ALICE"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"text":"hi kubernetes"}`, string(ack.Payload)); diff != "" {
		t.Errorf("ack payload (-want +got):\n%s", diff)
	}
	evts := b.events()
	if len(evts) != 1 {
		t.Fatalf("bot got %d envelopes, want 1", len(evts))
	}
	cmd := evts[0].Data.(slack.SlashCommand)
	if cmd.Command != "/session" || cmd.UserID != "U0ALICE" || cmd.ChannelID != fakeslack.ChannelID ||
		cmd.TeamID != fakeslack.TeamID || cmd.APIAppID != fakeslack.AppID || cmd.TriggerID == "" {
		t.Errorf("bot decoded %+v", cmd)
	}
	if !evts[0].Request.AcceptsResponsePayload || evts[0].Request.EnvelopeID != ack.EnvelopeID {
		t.Errorf("request %+v, ack envelope %s", evts[0].Request, ack.EnvelopeID)
	}
	if got := cmd.ResponseURL; len(got) < 10 || got[:len("http://127.0.0.1:")] != "http://127.0.0.1:" {
		t.Errorf("response_url %q not on the fake", got)
	}
}

func TestInteractionAndEvent(t *testing.T) {
	srv := fakeslack.New(t)
	b := startBot(t, srv)
	ctx := testCtx(t)
	payload := srv.BlockActions(fakeslack.Action{ActionID: "session.remind", Value: "k8s-secrets", Ephemeral: true})
	if _, err := srv.Interaction(ctx, payload); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Event(ctx, fakeslack.AppHomeOpened("U0BOB")); err != nil {
		t.Fatal(err)
	}
	evts := b.events()
	cb := evts[0].Data.(slack.InteractionCallback)
	if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) != 1 ||
		cb.ActionCallback.BlockActions[0].ActionID != "session.remind" || cb.ActionCallback.BlockActions[0].Value != "k8s-secrets" ||
		cb.User.ID != fakeslack.UserID || cb.Channel.ID != fakeslack.ChannelID || !cb.Container.IsEphemeral || cb.ResponseURL == "" {
		t.Errorf("bot decoded interaction %+v", cb)
	}
	ev := evts[1].Data.(slackevents.EventsAPIEvent)
	home, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if !ok || home.User != "U0BOB" || home.Tab != "home" || home.Channel != fakeslack.DMChannel("U0BOB") || home.EventTimeStamp == "" {
		t.Errorf("bot decoded event %+v (%T)", ev, ev.InnerEvent.Data)
	}
}

func TestHomeViewAction(t *testing.T) {
	srv := fakeslack.New(t)
	b := startBot(t, srv)
	payload := srv.BlockActions(fakeslack.Action{ActionID: "session.unremind", Value: "x", ViewID: "V123"})
	if _, err := srv.Interaction(testCtx(t), payload); err != nil {
		t.Fatal(err)
	}
	cb := b.events()[0].Data.(slack.InteractionCallback)
	if cb.Container.Type != "view" || cb.View.ID != "V123" || cb.View.Type != slack.VTHomeTab || cb.ResponseURL != "" {
		t.Errorf("bot decoded %+v", cb)
	}
}

func TestRedeliverySameEnvelope(t *testing.T) {
	srv := fakeslack.New(t)
	b := startBot(t, srv)
	ctx := testCtx(t)
	first, err := srv.SlashCommand(ctx, fakeslack.SlashCommand{Text: "now"})
	if err != nil {
		t.Fatal(err)
	}
	env := first.Envelope
	env.RetryAttempt, env.RetryReason = 1, "timeout"
	again, err := srv.Send(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	evts := b.events()
	if len(evts) != 2 || again.EnvelopeID != first.EnvelopeID {
		t.Fatalf("got %d envelopes, ids %s and %s", len(evts), first.EnvelopeID, again.EnvelopeID)
	}
	r := evts[1].Request
	if r.EnvelopeID != first.EnvelopeID || r.RetryAttempt != 1 || r.RetryReason != "timeout" {
		t.Errorf("redelivered request %+v", r)
	}
	if evts[0].Data.(slack.SlashCommand).ResponseURL != evts[1].Data.(slack.SlashCommand).ResponseURL {
		t.Error("redelivery changed the payload")
	}
}

func TestReconnect(t *testing.T) {
	for name, cut := range map[string]func(*fakeslack.Server){
		"disconnect": func(s *fakeslack.Server) { s.Disconnect("") },
		"drop":       (*fakeslack.Server).DropConnections,
	} {
		t.Run(name, func(t *testing.T) {
			srv := fakeslack.New(t)
			startBot(t, srv)
			ctx := testCtx(t)
			if err := srv.WaitConnected(ctx, 1); err != nil {
				t.Fatal(err)
			}
			cut(srv)
			if _, err := srv.WaitCalls(ctx, "apps.connections.open", 2); err != nil {
				t.Fatal(err)
			}
			if err := srv.WaitConnected(ctx, 1); err != nil {
				t.Fatal(err)
			}
			if _, err := srv.SlashCommand(ctx, fakeslack.SlashCommand{Text: "after"}); err != nil {
				t.Fatalf("after reconnecting: %v", err)
			}
		})
	}
}

func TestNoPingsMakesClientReconnect(t *testing.T) {
	srv := fakeslack.New(t, fakeslack.WithPingInterval(0))
	startBot(t, srv, socketmode.OptionPingInterval(100*time.Millisecond))
	if _, err := srv.WaitCalls(testCtx(t), "apps.connections.open", 2); err != nil {
		t.Fatal(err)
	}
}

func TestSendWaitsForAClient(t *testing.T) {
	srv := fakeslack.New(t)
	ctx := testCtx(t)
	type result struct {
		ack fakeslack.Ack
		err error
	}
	done := make(chan result, 1)
	go func() {
		ack, err := srv.SlashCommand(ctx, fakeslack.SlashCommand{Text: "early"})
		done <- result{ack, err}
	}()
	startBot(t, srv)
	r := <-done
	if r.err != nil || string(r.ack.Payload) != `{"text":"hi early"}` {
		t.Errorf("ack %+v, %v", r.ack, r.err)
	}
}

func TestSendWithoutClientTimesOut(t *testing.T) {
	srv := fakeslack.New(t)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := srv.Event(ctx, fakeslack.AppHomeOpened("U0BOB"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want deadline exceeded", err)
	}
}

func TestEventNeedsType(t *testing.T) {
	srv := fakeslack.New(t)
	if _, err := srv.Event(testCtx(t), map[string]any{"user": "U1"}); err == nil {
		t.Error("event without type accepted")
	}
	if _, err := srv.Event(testCtx(t), json.RawMessage(`[1]`)); err == nil {
		t.Error("non-object event accepted")
	}
}
