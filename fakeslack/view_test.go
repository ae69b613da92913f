package fakeslack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// postJSON posts body to a response_url as the bot does.
func postJSON(t *testing.T, url string, body any) {
	t.Helper()
	raw, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %s", url, resp.Status)
	}
}

// texts are the texts of ephemeral messages, and the command each answers.
func texts(es []fakeslack.Ephemeral) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Command+"|"+e.Text)
	}
	return out
}

// TestSlashAnswerShown: a slash command's ack is shown to the user alone in
// the channel, and a response_url post with replace_original replaces it
// (the bot's "Working on it…" → answer), another one adds a message.
func TestSlashAnswerShown(t *testing.T) {
	srv := fakeslack.New(t)
	startBot(t, srv)
	url := srv.NewResponseURL()
	if _, err := srv.SlashCommand(testCtx(t), fakeslack.SlashCommand{Text: "kubernetes", UserID: "U0ALICE", ResponseURL: url}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"/session kubernetes|hi kubernetes"}, texts(srv.Ephemerals(fakeslack.ChannelID, "U0ALICE"))); diff != "" {
		t.Fatalf("after the ack (-want +got):\n%s", diff)
	}
	if got := srv.Ephemerals(fakeslack.ChannelID, "U0BOB"); len(got) != 0 {
		t.Errorf("another user sees %v", got)
	}
	postJSON(t, url, map[string]any{"replace_original": true, "text": "the answer"})
	postJSON(t, url, map[string]any{"response_type": "ephemeral", "text": "and more"})
	want := []string{"/session kubernetes|the answer", "/session kubernetes|and more"}
	if diff := cmp.Diff(want, texts(srv.Ephemerals(fakeslack.ChannelID, "U0ALICE"))); diff != "" {
		t.Errorf("after the response_url posts (-want +got):\n%s", diff)
	}
	if got := srv.History(fakeslack.ChannelID); len(got) != 0 {
		t.Errorf("ephemeral answers reached the channel's history: %v", got)
	}
}

// TestButtonResponses: a click's response_url replaces or deletes the
// message the button was on — ephemeral or shared — or posts a new one,
// in the channel for everyone when response_type is in_channel.
func TestButtonResponses(t *testing.T) {
	tests := []struct {
		name        string
		shared      bool
		body        map[string]any
		wantEph     []string
		wantHistory []string
	}{
		{"replace ephemeral", false, map[string]any{"replace_original": true, "text": "Reminder set"},
			[]string{"|Reminder set"}, nil},
		{"replace given as a string", false, map[string]any{"replace_original": "true", "text": "Reminder set"},
			[]string{"|Reminder set"}, nil},
		{"delete ephemeral", false, map[string]any{"delete_original": true}, nil, nil},
		{"new ephemeral", false, map[string]any{"text": "Done"}, []string{"|card", "|Done"}, nil},
		{"replace shared", true, map[string]any{"replace_original": true, "text": "updated"}, nil, []string{"updated"}},
		{"confirm on shared", true, map[string]any{"response_type": "ephemeral", "text": "Reminder set"},
			[]string{"|Reminder set"}, []string{"card"}},
		{"in channel", true, map[string]any{"response_type": "in_channel", "text": "for all"}, nil, []string{"card", "for all"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeslack.New(t)
			startBot(t, srv)
			api := newAPI(srv)
			ctx := testCtx(t)
			var ts string
			if tt.shared {
				_, ts, _ = api.PostMessageContext(ctx, fakeslack.ChannelID, slack.MsgOptionText("card", false))
			} else {
				ts, _ = api.PostEphemeralContext(ctx, fakeslack.ChannelID, fakeslack.UserID, slack.MsgOptionText("card", false))
			}
			if ts == "" {
				t.Fatal("no message to click on")
			}
			p := srv.BlockActions(fakeslack.Action{ActionID: "session.remind", MessageTS: ts, Ephemeral: !tt.shared})
			var cb slack.InteractionCallback
			if err := json.Unmarshal(p, &cb); err != nil {
				t.Fatal(err)
			}
			postJSON(t, cb.ResponseURL, tt.body)
			if diff := cmp.Diff(tt.wantEph, texts(srv.Ephemerals(fakeslack.ChannelID, fakeslack.UserID))); diff != "" {
				t.Errorf("ephemerals (-want +got):\n%s", diff)
			}
			var hist []string
			for _, m := range srv.History(fakeslack.ChannelID) {
				hist = append(hist, m.Text)
			}
			if diff := cmp.Diff(tt.wantHistory, hist); diff != "" {
				t.Errorf("history (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHomeAndChanges: views.publish stores the user's Home tab, and
// WaitChange wakes when it does.
func TestHomeAndChanges(t *testing.T) {
	srv := fakeslack.New(t)
	ctx := testCtx(t)
	if _, ok := srv.Home("U0ALICE"); ok {
		t.Fatal("a Home before any views.publish")
	}
	v := srv.Version()
	changed := make(chan uint64, 1)
	go func() {
		got, _ := srv.WaitChange(ctx, v)
		changed <- got
	}()
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewDividerBlock()}}}
	if _, err := newAPI(srv).PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U0ALICE", View: view}); err != nil {
		t.Fatal(err)
	}
	home, ok := srv.Home("U0ALICE")
	var got struct {
		ID     string            `json:"id"`
		Type   string            `json:"type"`
		Blocks []json.RawMessage `json:"blocks"`
	}
	if !ok || json.Unmarshal(home, &got) != nil || got.ID == "" || got.Type != "home" || len(got.Blocks) != 1 {
		t.Errorf("Home = %s, %v", home, ok)
	}
	if n := <-changed; n <= v {
		t.Errorf("WaitChange returned version %d, not after %d", n, v)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := srv.WaitChange(cctx, srv.Version()); err == nil {
		t.Error("WaitChange on a cancelled context returned no error")
	}
}
