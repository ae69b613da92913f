package fakeslack_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/gorilla/websocket"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// rawSocket is a bare websocket client, to check the wire format itself.
type rawSocket struct {
	ws    *websocket.Conn
	msgs  chan map[string]any
	pings chan struct{}
	done  chan struct{} // closed when the socket fails or closes
}

func dialRaw(t *testing.T, srv *fakeslack.Server) (*rawSocket, string) {
	t.Helper()
	_, url, err := newAPI(srv).StartSocketModeContext(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	ws, _, err := websocket.DefaultDialer.DialContext(testCtx(t), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &rawSocket{ws: ws, msgs: make(chan map[string]any, 10), pings: make(chan struct{}, 1), done: make(chan struct{})}
	ws.SetPingHandler(func(string) error {
		select {
		case r.pings <- struct{}{}:
		default:
		}
		return nil
	})
	go func() {
		defer close(r.done)
		for {
			var m map[string]any
			if ws.ReadJSON(&m) != nil {
				return
			}
			r.msgs <- m
		}
	}()
	t.Cleanup(func() { _ = ws.Close(); <-r.done })
	return r, url
}

func (r *rawSocket) next(t *testing.T) map[string]any {
	t.Helper()
	select {
	case m := <-r.msgs:
		return m
	case <-time.After(30 * time.Second):
		t.Fatal("no message from the server")
		return nil
	}
}

func TestWireFormat(t *testing.T) {
	srv := fakeslack.New(t, fakeslack.WithPingInterval(10*time.Millisecond))
	raw, url := dialRaw(t, srv)
	hello := raw.next(t)
	delete(hello["debug_info"].(map[string]any), "host")
	want := map[string]any{"type": "hello", "num_connections": 1.0, "connection_info": map[string]any{"app_id": fakeslack.AppID},
		"debug_info": map[string]any{"build_number": 1.0, "approximate_connection_time": 18060.0}}
	if diff := cmp.Diff(want, hello); diff != "" {
		t.Errorf("hello (-want +got):\n%s", diff)
	}
	if _, _, err := websocket.DefaultDialer.DialContext(testCtx(t), url, nil); err == nil {
		t.Error("a ticket was accepted twice")
	}

	acks := make(chan fakeslack.Ack, 1)
	go func() {
		ack, _ := srv.SlashCommand(testCtx(t), fakeslack.SlashCommand{Text: "raw", ResponseURL: "http://127.0.0.1/r", TriggerID: "1.2.3"})
		acks <- ack
	}()
	env := raw.next(t)
	id := env["envelope_id"].(string)
	wantEnv := map[string]any{"envelope_id": id, "type": "slash_commands", "accepts_response_payload": true,
		"retry_attempt": 0.0, "retry_reason": "", "payload": map[string]any{
			"token": env["payload"].(map[string]any)["token"], "team_id": fakeslack.TeamID, "team_domain": "fakeslack-test",
			"channel_id": fakeslack.ChannelID, "channel_name": "channel-c0fakechn1", "user_id": fakeslack.UserID,
			"user_name": "user-u0fakeusr1", "command": "/session", "text": "raw", "api_app_id": fakeslack.AppID,
			"is_enterprise_install": "false", "response_url": "http://127.0.0.1/r", "trigger_id": "1.2.3"}}
	if diff := cmp.Diff(wantEnv, env); diff != "" {
		t.Errorf("envelope (-want +got):\n%s", diff)
	}
	if err := raw.ws.WriteJSON(map[string]any{"envelope_id": id, "payload": map[string]any{"text": "ok"}}); err != nil {
		t.Fatal(err)
	}
	if ack := <-acks; ack.EnvelopeID != id || string(ack.Payload) != `{"text":"ok"}` || ack.Latency <= 0 {
		t.Errorf("ack %+v", ack)
	}

	select {
	case <-raw.pings:
	case <-time.After(30 * time.Second):
		t.Fatal("no websocket ping")
	}
	srv.Disconnect("warning")
	bye := raw.next(t)
	if bye["type"] != "disconnect" || bye["reason"] != "warning" || bye["debug_info"] == nil {
		t.Errorf("disconnect message %v", bye)
	}
	if n := srv.Connections(); n != 0 {
		t.Errorf("%d connections take envelopes after a disconnect, want 0", n)
	}
}

func TestCloseEndsWaits(t *testing.T) {
	srv := fakeslack.New(t)
	raw, _ := dialRaw(t, srv)
	raw.next(t) // hello
	errs := make(chan error, 2)
	go func() { _, err := srv.WaitCalls(testCtx(t), "chat.postMessage", 1); errs <- err }()
	go func() { _, err := srv.Event(testCtx(t), fakeslack.AppHomeOpened("U1")); errs <- err }()
	raw.next(t) // the event, which the raw client never acks
	srv.Close()
	for range 2 {
		if err := <-errs; err == nil {
			t.Error("a wait survived Close")
		}
	}
	select {
	case <-raw.done:
	case <-time.After(30 * time.Second):
		t.Error("socket still open after Close")
	}
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	srv := fakeslack.New(t, fakeslack.WithPingInterval(time.Millisecond))
	startBot(t, srv)
	ctx := testCtx(t)
	if _, err := srv.SlashCommand(ctx, fakeslack.SlashCommand{}); err != nil {
		t.Fatal(err)
	}
	srv.FailNext("users.info", 1, fakeslack.Fault{Delay: time.Hour})
	go func() { _, _ = newAPI(srv).GetUserInfoContext(ctx, "U1") }()
	if _, err := srv.WaitCalls(ctx, "users.info", 1); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	// A goroutine may still be returning from its last frame after Close's
	// WaitGroup saw it finish, so allow it a moment to go, as goleak does.
	deadline := time.Now().Add(2 * time.Second)
	for left := serverGoroutines(); left != ""; left = serverGoroutines() {
		if time.Now().After(deadline) {
			t.Fatalf("goroutines left after Close:\n%s", left)
		}
		time.Sleep(time.Millisecond)
	}
}

// serverGoroutines returns the stacks of goroutines running fakeslack code.
func serverGoroutines() string {
	buf := make([]byte, 1<<20)
	var left []string
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "fakeslack.(*") {
			left = append(left, g)
		}
	}
	return strings.Join(left, "\n\n")
}
