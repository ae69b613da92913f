package bot_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sessionbot/sessionbot/blockkit"
	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
)

// homeView waits for the nth views.publish call and returns its view,
// checked as Slack would.
func (p *personal) homeView(t *testing.T, n int) string {
	t.Helper()
	calls, err := p.srv.WaitCalls(testCtx(t), "views.publish", n)
	if err != nil {
		t.Fatal(err)
	}
	c := calls[n-1]
	if c.Error != "" || c.Param("user_id") != fakeslack.UserID {
		t.Fatalf("views.publish for %q answered %q", c.Param("user_id"), c.Error)
	}
	view := json.RawMessage(c.Param("view"))
	if err := blockkit.ValidateView(view); err != nil {
		t.Fatalf("invalid view: %v\n%s", err, view)
	}
	var v struct {
		Blocks []json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(view, &v); err != nil || len(v.Blocks) > blockkit.MaxViewBlocks {
		t.Fatalf("view of %d blocks, %v", len(v.Blocks), err)
	}
	return string(view)
}

func TestAppHome(t *testing.T) {
	p := startPersonal(t)
	p.setReminders(t, fakeslack.UserID, "k8s")
	p.slash(t, "follow rust")
	if _, err := p.srv.Event(testCtx(t), fakeslack.AppHomeOpened(fakeslack.UserID)); err != nil {
		t.Fatal(err)
	}
	home := p.homeView(t, 2) // the follow published one already
	for _, w := range []string{"Your agenda", "Kubernetes Secrets", "Your follows", "`rust`", "Newest sessions", "Go generics", "/session help"} {
		if !strings.Contains(home, w) {
			t.Errorf("home lacks %q: %s", w, home)
		}
	}
	if strings.Contains(home, "Breakfast keynote") {
		t.Errorf("home lists a session that is over as new: %s", home)
	}

	// A reminder set elsewhere refreshes the Home.
	list := decode(t, mustJSON(t, blocks.SessionList("all", personalProgramme(t), brussels(t))))
	p.click(t, list, blocks.ActionRemind, "go", fakeslack.UserID, true)
	if home := p.homeView(t, 3); strings.Count(home, blocks.ActionUnremind) < 2 {
		t.Errorf("home after a reminder lacks it: %s", home)
	}

	// A press in the Home itself: no response_url, the Home is published again.
	a := fakeslack.Action{ActionID: blocks.ActionUnremind, Value: "k8s", BlockID: "a:k8s", ViewID: "V0HOME"}
	if _, err := p.srv.Interaction(testCtx(t), p.srv.BlockActions(a)); err != nil {
		t.Fatal(err)
	}
	home = p.homeView(t, 4)
	if ids := p.reminders(t, fakeslack.UserID); len(ids) != 1 || ids[0] != "go" {
		t.Errorf("reminders %v after cancelling k8s in the Home", ids)
	}
	if strings.Contains(home, `"block_id":"a:k8s"`) || !strings.Contains(home, `"block_id":"a:go"`) {
		t.Errorf("home still lists k8s on the agenda: %s", home)
	}
}
