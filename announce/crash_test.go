package announce

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// entryMetadata is the metadata of outbox entry id's post.
func entryMetadata(id uint64) json.RawMessage {
	data, _ := json.Marshal(map[string]any{"event_type": EventAnnouncement, "event_payload": map[string]any{"key": fmt.Sprintf("outbox/%d", id)}})
	return data
}

// claim marks the outbox's only entry claimed at t, showing ids, as a run
// that died before or after its post left it.
func claim(t *testing.T, e *env, at time.Time, ids []string) {
	t.Helper()
	pending, err := e.st.Pending()
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending = %+v, %v", pending, err)
	}
	if err := e.st.ClaimOutbox(pending[0].ID, at, ids); err != nil {
		t.Fatal(err)
	}
}

// TestAnswerLostThenFound: Slack takes the digest but the answer is lost
// (as when the bot is killed during a slow post). The next flush, after a
// restart, finds the digest in the channel's history: no second post, its
// sessions count as announced, and the log says it was found.
func TestAnswerLostThenFound(t *testing.T) {
	e := newEnv(t)
	queueThree(t, e)
	e.wrap = func(api slackAPI) slackAPI { return postThenFail{api} }
	e.build()
	if _, err := e.ann.Flush(t.Context(), t0); err == nil {
		t.Fatal("Flush with the answer lost: no error")
	}
	pending, _ := e.st.Pending()
	if len(pending) != 1 || pending[0].Claimed.IsZero() || len(pending[0].Shown) != 3 {
		t.Fatalf("pending = %+v, want the entry claimed with the three sessions shown", pending)
	}
	e.wrap = nil
	e.restart()
	var logs bytes.Buffer
	e.ann.Sender.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	e.now = t0.Add(time.Minute)
	if n := e.flush(t0.Add(time.Minute)); n != 0 {
		t.Errorf("Flush posted %d after finding the digest, want 0", n)
	}
	if diff := cmp.Diff([][]string{ids(talks(4, 6)...)}, e.announced()); diff != "" {
		t.Errorf("announced (-want +got):\n%s", diff)
	}
	if pending, _ := e.st.Pending(); len(pending) != 0 {
		t.Errorf("pending = %+v, want none", pending)
	}
	for _, id := range ids(talks(4, 6)...) {
		if entry, _, _ := e.st.Known(id); entry.Announced.IsZero() {
			t.Errorf("%s not marked announced", id)
		}
	}
	if !strings.Contains(logs.String(), "earlier post was found") {
		t.Errorf("finding the digest is not logged: %q", logs.String())
	}
}

// TestClaimedNotPosted: the bot died between the claim and the post. The
// history has nothing, so the digest goes out, once.
func TestClaimedNotPosted(t *testing.T) {
	e := newEnv(t)
	queueThree(t, e)
	claim(t, e, t0, ids(talks(4, 6)...))
	e.slack.AddMessage(fakeslack.ChannelID, "an older digest", entryMetadata(7)) // another entry's
	e.flush(t0.Add(time.Minute))
	e.flush(t0.Add(time.Hour))
	if got := e.announced(); len(got) != 2 || !cmp.Equal(got[1], ids(talks(4, 6)...)) {
		t.Errorf("announced %v, want the older digest and this one", got)
	}
	if n := len(e.slack.Calls("conversations.history")); n != 1 {
		t.Errorf("history read %d times, want 1", n)
	}
}

// TestFoundInBusyChannel: forty messages follow the digest in the channel
// before the restart; the lookup pages back to it.
func TestFoundInBusyChannel(t *testing.T) {
	e := newEnv(t)
	queueThree(t, e)
	claim(t, e, t0, ids(talks(4, 6)...))
	e.slack.AddMessage(fakeslack.ChannelID, "the digest", entryMetadata(1))
	for i := range 40 {
		e.now = t0.Add(time.Duration(i) * time.Second)
		e.slack.AddMessage(fakeslack.ChannelID, fmt.Sprintf("chat %d", i), nil)
	}
	e.flush(t0.Add(time.Hour))
	if n := len(e.slack.Calls("chat.postMessage")); n != 0 {
		t.Errorf("%d posts, want none: the digest is in the channel", n)
	}
	if n := len(e.slack.Calls("conversations.history")); n != 3 {
		t.Errorf("history read %d times, want 3 pages of 15", n)
	}
}

// TestHistoryNotReadable: an app installed before channels:history was
// asked for cannot read the channel. A claimed entry is not posted blindly:
// it waits, with an error in the log naming the scope.
func TestHistoryNotReadable(t *testing.T) {
	e := newEnv(t, fakeslack.WithScopes("commands", "chat:write", "im:write", "im:history"))
	queueThree(t, e)
	claim(t, e, t0, ids(talks(4, 6)...))
	logs := errorLog(e)
	if _, err := e.ann.Flush(t.Context(), t0.Add(time.Minute)); err == nil {
		t.Fatal("Flush without channels:history: no error")
	}
	if n := len(e.slack.Calls("chat.postMessage")); n != 0 {
		t.Errorf("%d posts, want none", n)
	}
	if pending, _ := e.st.Pending(); len(pending) != 1 || pending[0].Claimed.IsZero() {
		t.Errorf("pending = %+v, want the entry kept, claimed", pending)
	}
	if !strings.Contains(logs.String(), "missing_scope") || !strings.Contains(logs.String(), "channels:history") {
		t.Errorf("the missing scope is not logged at error level: %q", logs.String())
	}
}
