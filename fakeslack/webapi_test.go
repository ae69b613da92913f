package fakeslack_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/fakeslack"
)

func TestPostMessageRecorded(t *testing.T) {
	srv := fakeslack.New(t)
	api := newAPI(srv)
	ctx := testCtx(t)
	blocks := slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*New*", false, false), nil, nil))
	ch, ts1, err := api.PostMessageContext(ctx, "C0ANNOUNCE", slack.MsgOptionText("new sessions", false), blocks)
	if err != nil {
		t.Fatal(err)
	}
	_, ts2, err := api.PostMessageContext(ctx, "U0ALICE", slack.MsgOptionText("reminder", false))
	if err != nil {
		t.Fatal(err)
	}
	if ch != "C0ANNOUNCE" || ts1 == "" || ts2 <= ts1 {
		t.Errorf("channel %q, ts %q then %q: want the channel and increasing ts", ch, ts1, ts2)
	}
	calls, err := srv.WaitCalls(ctx, "chat.postMessage", 2)
	if err != nil {
		t.Fatal(err)
	}
	c := calls[0]
	if c.Param("channel") != "C0ANNOUNCE" || c.Param("text") != "new sessions" || c.Token != fakeslack.BotToken {
		t.Errorf("recorded %+v", c)
	}
	var got slack.Blocks
	if err := json.Unmarshal(c.Blocks(), &got); err != nil || len(got.BlockSet) != 1 || got.BlockSet[0].BlockType() != slack.MBTSection {
		t.Errorf("blocks %s: %v", c.Blocks(), err)
	}
	if calls[1].Blocks() != nil {
		t.Errorf("text-only message has blocks %s", calls[1].Blocks())
	}
}

func TestWebAPIMethods(t *testing.T) {
	srv := fakeslack.New(t, fakeslack.WithUsers(fakeslack.User{ID: "U0ALICE", RealName: "Alice", TZ: "America/New_York"}))
	api := newAPI(srv)
	ctx := testCtx(t)

	auth, err := api.AuthTestContext(ctx)
	if err != nil || auth.UserID != fakeslack.BotUserID || auth.BotID != fakeslack.BotID || auth.TeamID != fakeslack.TeamID || auth.URL == "" {
		t.Errorf("auth.test: %+v, %v", auth, err)
	}
	for id, want := range map[string]string{"U0ALICE": "America/New_York", "U0BOB": fakeslack.TZ} {
		u, err := api.GetUserInfoContext(ctx, id)
		if err != nil || u.ID != id || u.TZ != want || u.RealName == "" {
			t.Errorf("users.info %s: %+v, %v", id, u, err)
		}
	}
	if _, err := api.GetUserInfoContext(ctx, "nobody"); err == nil || err.Error() != "user_not_found" {
		t.Errorf("users.info nobody: %v", err)
	}
	for i, wantOpen := range []bool{false, true} {
		ch, _, already, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U0ALICE"}})
		if err != nil || ch.ID != fakeslack.DMChannel("U0ALICE") || already != wantOpen {
			t.Errorf("conversations.open #%d: %+v already_open=%v, %v", i, ch, already, err)
		}
	}
	if ts, err := api.PostEphemeralContext(ctx, "C1", "U0ALICE", slack.MsgOptionText("psst", false)); err != nil || ts == "" {
		t.Errorf("chat.postEphemeral: %q, %v", ts, err)
	}
	if _, ts, _, err := api.UpdateMessageContext(ctx, "C1", "1700000000.000100", slack.MsgOptionText("edited", false)); err != nil || ts != "1700000000.000100" {
		t.Errorf("chat.update: %q, %v", ts, err)
	}
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}
	v, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U0ALICE", View: home})
	if err != nil || v.View.ID == "" || len(v.View.Blocks.BlockSet) != 1 {
		t.Errorf("views.publish: %+v, %v", v, err)
	}
	if c := srv.Calls("views.publish"); len(c) != 1 || c[0].Param("user_id") != "U0ALICE" || !strings.Contains(string(c[0].Blocks()), "divider") {
		t.Errorf("recorded views.publish %+v", c)
	}
	modal := slack.ModalViewRequest{Type: slack.VTModal, Title: slack.NewTextBlockObject("plain_text", "Hi", false, false)}
	if v, err := api.OpenViewContext(ctx, "123.456.abc", modal); err != nil || v.View.Type != slack.VTModal {
		t.Errorf("views.open: %+v, %v", v, err)
	}
}

// TestRejectedTokens: a token Slack no longer accepts answers the same
// error for every method, auth.test and apps.connections.open included.
func TestRejectedTokens(t *testing.T) {
	srv := fakeslack.New(t)
	ctx := testCtx(t)
	api := slack.New(fakeslack.BotToken, slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken(fakeslack.AppToken))
	for _, code := range []string{"token_revoked", "token_expired", "account_inactive"} {
		srv.RejectToken(fakeslack.BotToken, code)
		srv.RejectToken(fakeslack.AppToken, code)
		if _, err := api.AuthTestContext(ctx); err == nil || err.Error() != code {
			t.Errorf("auth.test with a token answering %s: %v", code, err)
		}
		if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false)); err == nil || err.Error() != code {
			t.Errorf("chat.postMessage with a token answering %s: %v", code, err)
		}
		if _, _, err := api.StartSocketModeContext(ctx); err == nil || err.Error() != code {
			t.Errorf("apps.connections.open with a token answering %s: %v", code, err)
		}
	}
	srv.RejectToken(fakeslack.BotToken, "")
	if _, err := api.AuthTestContext(ctx); err != nil {
		t.Errorf("auth.test after the token is accepted again: %v", err)
	}
}

func TestTokens(t *testing.T) {
	srv := fakeslack.New(t)
	ctx := testCtx(t)
	bad := slack.New("xoxb-wrong", slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken("xapp-wrong"))
	if _, err := bad.AuthTestContext(ctx); err == nil || err.Error() != "invalid_auth" {
		t.Errorf("auth.test with a wrong token: %v", err)
	}
	if _, _, err := bad.StartSocketModeContext(ctx); err == nil || err.Error() != "invalid_auth" {
		t.Errorf("apps.connections.open with a wrong token: %v", err)
	}
	swapped := slack.New(fakeslack.AppToken, slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken(fakeslack.BotToken))
	if _, err := swapped.AuthTestContext(ctx); err == nil || err.Error() != "invalid_auth" {
		t.Errorf("auth.test with the app token as bot token: %v", err)
	}
	if _, _, err := swapped.StartSocketModeContext(ctx); err == nil || err.Error() != "not_allowed_token_type" {
		t.Errorf("apps.connections.open with the bot token: %v", err)
	}
	none := slack.New("", slack.OptionAPIURL(srv.APIURL()))
	if _, err := none.AuthTestContext(ctx); err == nil || err.Error() != "not_authed" {
		t.Errorf("auth.test without a token: %v", err)
	}
	resp, err := http.Post(srv.APIURL()+"no.such", "application/x-www-form-urlencoded", strings.NewReader("token="+fakeslack.BotToken))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		OK    bool
		Error string
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.OK || body.Error != "unknown_method" {
		t.Errorf("unknown method: %+v, %v", body, err)
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name  string
		fault fakeslack.Fault
		check func(error) bool
	}{
		{"rate limited", fakeslack.Fault{Status: 429, RetryAfter: 3 * time.Second}, func(err error) bool {
			rl, ok := errors.AsType[*slack.RateLimitedError](err)
			return ok && rl.RetryAfter == 3*time.Second
		}},
		{"server error", fakeslack.Fault{Status: 500}, func(err error) bool {
			sc, ok := errors.AsType[slack.StatusCodeError](err)
			return ok && sc.Code == 500
		}},
		{"slack error", fakeslack.Fault{Error: "channel_not_found"}, func(err error) bool {
			return err != nil && err.Error() == "channel_not_found"
		}},
		{"slow", fakeslack.Fault{Delay: 20 * time.Millisecond}, func(err error) bool { return err == nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeslack.New(t)
			api := newAPI(srv)
			ctx := testCtx(t)
			srv.FailNext("chat.postMessage", 1, tt.fault)
			if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false)); !tt.check(err) {
				t.Errorf("first call: %v (%T)", err, err)
			}
			if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false)); err != nil {
				t.Errorf("second call: %v", err)
			}
			calls := srv.Calls("chat.postMessage")
			if len(calls) != 2 || calls[1].Error != "" || (calls[0].Error == "") != (tt.fault.Status == 0 && tt.fault.Error == "") {
				t.Errorf("recorded %+v", calls)
			}
		})
	}
}

func TestResponseURL(t *testing.T) {
	srv := fakeslack.New(t)
	api := newAPI(srv)
	ctx := testCtx(t)
	url := srv.NewResponseURL()
	for i := range 6 {
		_, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(url, slack.ResponseTypeEphemeral),
			slack.MsgOptionText("page 2", false), slack.MsgOptionReplaceOriginal(url))
		sc, is404 := errors.AsType[slack.StatusCodeError](err)
		if i < 5 && err != nil || i == 5 && !(is404 && sc.Code == http.StatusNotFound) {
			t.Errorf("use %d: %v", i+1, err)
		}
	}
	calls := srv.Calls(fakeslack.MethodResponseURL)
	if len(calls) != 6 || calls[5].Error != "used_url" {
		t.Fatalf("recorded %+v", calls)
	}
	c := calls[0]
	if c.ResponseURL != url || c.Param("text") != "page 2" || c.Param("replace_original") != "true" || c.Token != "" {
		t.Errorf("recorded %+v", c)
	}
}

func TestConcurrentCalls(t *testing.T) {
	srv := fakeslack.New(t)
	api := newAPI(srv)
	ctx := testCtx(t)
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		tss = map[string]bool{}
	)
	for range 20 {
		wg.Go(func() {
			_, ts, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false))
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			tss[ts] = true
			mu.Unlock()
		})
	}
	calls, err := srv.WaitCalls(ctx, "chat.postMessage", 20)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 20 || len(srv.Calls("")) != 20 || len(tss) != 20 {
		t.Errorf("got %d calls, %d distinct ts", len(calls), len(tss))
	}
}
