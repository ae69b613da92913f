package dm

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/blockkit"
	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/store"
)

const admin1, admin2 = "U0ADMIN001", "U0ADMIN002"

func TestActorMentionAgrees(t *testing.T) {
	if store.ActorMention != blocks.ActorMention {
		t.Errorf("store.ActorMention %q, blocks.ActorMention %q: the renderer would not find the mention", store.ActorMention, blocks.ActorMention)
	}
}

// adminEnv is a store, a fake Slack and a Postman delivering through them.
func adminEnv(t *testing.T) (*store.Store, *fakeslack.Server, *Postman) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "sessionbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	srv := fakeslack.New(t)
	api := slack.New(fakeslack.BotToken, slack.OptionAPIURL(srv.APIURL()))
	snd := &delivery.Sender{API: api, Channels: st, Logger: testLogger(t)}
	return st, srv, &Postman{Store: st, Sender: snd, Location: brussels, Logger: testLogger(t)}
}

// TestAdminNoticesOnce: a held snapshot's notice reaches each admin once,
// with the Accept button and its confirmation; an acceptance names the
// admin who accepted; a source error quoting a mention pings no one.
func TestAdminNoticesOnce(t *testing.T) {
	st, srv, pm := adminEnv(t)
	notices := []store.Notice{
		{UserID: admin1, Kind: store.NoticeAdmin, Text: "held <!channel>", Hold: "abc123", Created: t0},
		{UserID: admin2, Kind: store.NoticeAdmin, Text: "held <!channel>", Hold: "abc123", Created: t0},
		{UserID: admin2, Kind: store.NoticeAdmin, Text: "accepted by " + store.ActorMention + ".", Actor: admin1, Created: t0},
	}
	if err := st.UpdateMeta(func(*store.Meta) {}, notices...); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := pm.Round(t.Context(), t0); err != nil {
			t.Fatal(err)
		}
	}
	posts := srv.Calls("chat.postMessage")
	if len(posts) != 3 {
		t.Fatalf("%d posts, want 3", len(posts))
	}
	for _, c := range posts {
		msg, _ := json.Marshal(map[string]any{"text": c.Param("text"), "blocks": c.Blocks()})
		if err := blockkit.ValidateMessage(msg); err != nil {
			t.Errorf("admin DM is not valid Block Kit: %v\n%s", err, msg)
		}
		if !strings.Contains(c.Param("metadata"), EventNotice) {
			t.Errorf("admin DM without delivery metadata: %s", c.Param("metadata"))
		}
	}
	held := unescape(posts[0].Blocks())
	for _, want := range []string{`"action_id":"` + blocks.ActionAccept + `"`, `"value":"abc123"`, `"confirm"`, "&lt;!channel&gt;"} {
		if !strings.Contains(held, want) {
			t.Errorf("held notice lacks %s: %s", want, held)
		}
	}
	if got := unescape(posts[2].Blocks()); !strings.Contains(got, "accepted by <@"+admin1+">.") {
		t.Errorf("acceptance does not mention the admin: %s", got)
	}
	if ns, _ := st.PendingNotices(0); len(ns) != 0 {
		t.Errorf("pending notices %+v, want none", ns)
	}
}

// TestAlarm tells every admin, with delivery metadata, without the store.
func TestAlarm(t *testing.T) {
	st, srv, pm := adminEnv(t)
	alarm := Alarm{Sender: pm.Sender, Admins: []string{admin1, admin2}}
	srv.FailNext("chat.postMessage", 1, fakeslack.Fault{Error: "user_not_found"})
	if err := alarm.AlarmAdmins(context.Background(), "the disk is full"); err == nil {
		t.Error("a failed alarm: no error")
	}
	posts := srv.Calls("chat.postMessage")
	if len(posts) != 2 || posts[1].Param("channel") != admin2 || !strings.Contains(posts[1].Param("metadata"), EventAlarm) {
		t.Fatalf("posts = %+v, want the second admin told though the first failed", posts)
	}
	if ns, _ := st.PendingNotices(0); len(ns) != 0 {
		t.Errorf("the alarm queued notices: %+v", ns)
	}
}

// unescape undoes encoding/json's escaping of &, < and >.
func unescape(raw json.RawMessage) string {
	return strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(string(raw))
}
