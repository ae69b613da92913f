package delivery

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
)

const user = "U0ALICE001"

var t0 = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)

// memChannels caches DM channels in memory.
type memChannels struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *memChannels) DMChannel(u string) (string, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.m[u]
	return ch, ok, nil
}

func (c *memChannels) SetDMChannel(u, ch string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]string{}
	}
	c.m[u] = ch
	return nil
}

// journal is a Record that notes what happened, in order.
type journal struct {
	steps   []string
	sentErr error
}

func (j *journal) record() Record {
	return Record{
		Claim: func(time.Time) error { j.steps = append(j.steps, "claim"); return nil },
		Sent:  func(time.Time) error { j.steps = append(j.steps, "sent"); return j.sentErr },
	}
}

// newSender is a Sender against a fake Slack whose clock is *now.
func newSender(t *testing.T, now *time.Time) (*Sender, *fakeslack.Server) {
	t.Helper()
	srv := fakeslack.New(t, fakeslack.WithNow(func() time.Time { return *now }))
	api := slack.New(fakeslack.BotToken, slack.OptionAPIURL(srv.APIURL()))
	return &Sender{API: api, Channels: &memChannels{}, Now: func() time.Time { return *now }}, srv
}

func metadata(event, key string) json.RawMessage {
	data, _ := json.Marshal(map[string]any{"event_type": event, "event_payload": map[string]any{"key": key}})
	return data
}

func TestDeliverPosts(t *testing.T) {
	now := t0
	s, srv := newSender(t, &now)
	var j journal
	out, err := s.Deliver(t.Context(), Item{Event: "e", Key: "k1", To: user}, blocks.Notice("hello"), j.record())
	if err != nil || out != Posted {
		t.Fatalf("Deliver = %v, %v; want Posted", out, err)
	}
	if diff := cmp.Diff([]string{"claim", "sent"}, j.steps); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	posts := srv.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Param("channel") != user || string(posts[0].Param("metadata")) != `{"event_type":"e","event_payload":{"key":"k1"}}` {
		t.Fatalf("posts = %+v", posts)
	}
	if ch, _, _ := s.Channels.DMChannel(user); ch != fakeslack.DMChannel(user) {
		t.Errorf("DM channel cached as %q", ch)
	}
	if n := len(srv.Calls("conversations.history")); n != 0 {
		t.Errorf("history read %d times for a fresh item", n)
	}
}

// TestDeliverAfterCrash: an item claimed before is looked for around its
// claim: found, it is only recorded sent; a message with the same key far
// from the claim (another store's, before a reset) does not count.
func TestDeliverAfterCrash(t *testing.T) {
	now := t0
	s, srv := newSender(t, &now)
	srv.AddMessage(user, "long ago", metadata("e", "k1"))
	now = t0.Add(time.Hour)
	claimed := now
	srv.AddMessage(user, "the earlier post", metadata("e", "k2"))
	now = now.Add(time.Minute)

	var j journal
	out, err := s.Deliver(t.Context(), Item{Event: "e", Key: "k2", To: user, Claimed: claimed}, blocks.Notice("again"), j.record())
	if err != nil || out != Found || !cmp.Equal(j.steps, []string{"sent"}) {
		t.Errorf("claimed and posted: Deliver = %v, %v, steps %v; want Found, only sent", out, err, j.steps)
	}
	j = journal{}
	out, err = s.Deliver(t.Context(), Item{Event: "e", Key: "k1", To: user, Claimed: claimed}, blocks.Notice("k1"), j.record())
	if err != nil || out != Posted || !cmp.Equal(j.steps, []string{"claim", "sent"}) {
		t.Errorf("claimed, an old post with its key: Deliver = %v, %v, steps %v; want Posted", out, err, j.steps)
	}
	if n := len(srv.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
	if opened := srv.Calls("conversations.open"); len(opened) != 1 {
		t.Errorf("conversations.open called %d times, want once (then cached)", len(opened))
	}
}

// TestDeliverErrors: Slack's refusal is a SlackError; the store's failure
// to record a post is not, and the post counts.
func TestDeliverErrors(t *testing.T) {
	now := t0
	s, srv := newSender(t, &now)
	srv.FailNext("chat.postMessage", 1, fakeslack.Fault{Error: "invalid_blocks"})
	var j journal
	_, err := s.Deliver(t.Context(), Item{Event: "e", Key: "k", To: "C0CHANNEL1"}, blocks.Notice("x"), j.record())
	if !IsSlack(err) || !cmp.Equal(j.steps, []string{"claim"}) {
		t.Errorf("rejected: err %v (Slack %v), steps %v", err, IsSlack(err), j.steps)
	}
	j = journal{sentErr: errors.New("disk full")}
	out, err := s.Deliver(t.Context(), Item{Event: "e", Key: "k", To: "C0CHANNEL1"}, blocks.Notice("x"), j.record())
	if out != Posted || err == nil || IsSlack(err) {
		t.Errorf("not recorded: Deliver = %v, %v; want Posted and the store's error", out, err)
	}
}
