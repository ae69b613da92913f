package schedule

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/blockkit"
	"github.com/sessionbot/sessionbot/dm"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/followup"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// slackAPI is the part of slack.Client the delivery path calls.
type slackAPI interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
}

// lead is the tests' reminders.lead.
const lead = 10 * time.Minute

// clock is an injected clock the tests set; the fake Slack stamps messages
// with it too, so history's oldest compares with the Postman's times.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// dmEnv is env with a Postman and Followups on the same store, index and
// fake Slack, the fake Slack stamping messages with the test clock.
type dmEnv struct {
	*env
	clock *clock
	pm    *dm.Postman
	fu    *followup.Followups
	// wrap wraps the Slack client the Postman's Sender uses; nil uses it
	// as is.
	wrap func(slackAPI) slackAPI
}

func newDMEnv(t *testing.T) *dmEnv {
	t.Helper()
	d := &dmEnv{clock: &clock{t: t0}}
	d.env = newEnv(t, nil)
	d.close()
	d.slack = fakeslack.New(t, fakeslack.WithNow(d.clock.Now))
	d.api = slack.New(fakeslack.BotToken, slack.OptionAPIURL(d.slack.APIURL()))
	d.now = d.clock.Now
	d.open()
	d.build()
	return d
}

// build makes a new Postman and Followups, as a restart does.
func (d *dmEnv) build() {
	var api slackAPI = d.api
	if d.wrap != nil {
		api = d.wrap(api)
	}
	d.sender.API = api
	d.pm = &dm.Postman{Store: d.st, Sender: d.sender, Location: brussels, Now: d.clock.Now, Logger: testLogger(d.t)}
	d.fu = &followup.Followups{Store: d.st, Index: d.ix, Lead: lead, Location: brussels, Logger: testLogger(d.t)}
}

// job is the sync job wired the way sessionbot run wires it.
func (d *dmEnv) job() Sync {
	return Sync{Syncer: d.syncer, Announcer: d.ann, Followups: d.fu, Wake: d.pm.Wake}
}

// restartDM restarts the store, index, Postman and Followups.
func (d *dmEnv) restartDM() { d.restart(); d.build() }

// syncAt writes sessions to the source and runs the sync job's steps at now.
func (d *dmEnv) syncAt(now time.Time, sessions ...session.Session) {
	d.t.Helper()
	d.clock.set(now)
	if len(sessions) > 0 {
		d.write(sessions...)
	}
	if err := d.job().Job("@every 1m").Run(d.t.Context(), now); err != nil {
		d.t.Fatalf("sync job: %v", err)
	}
}

// round runs one Postman round at now.
func (d *dmEnv) round(now time.Time) {
	d.t.Helper()
	d.clock.set(now)
	if _, err := d.pm.Round(d.t.Context(), now); err != nil {
		d.t.Fatalf("Round: %v", err)
	}
}

// remind sets a reminder as the bot does: armed at the session's start
// minus the lead, or unscheduled.
func (d *dmEnv) remind(user, id string, now time.Time) store.Reminder {
	d.t.Helper()
	e, ok, err := d.st.Known(id)
	if err != nil || !ok {
		d.t.Fatalf("Known(%s): %v %v", id, ok, err)
	}
	r := store.Reminder{UserID: user, SessionID: id, Created: now, Start: e.Session.Start, Room: e.Session.Room}
	if !r.Start.IsZero() {
		r.Due = r.Start.Add(-lead)
	}
	got, _, err := d.st.SetReminder(r)
	if err != nil {
		d.t.Fatal(err)
	}
	return got
}

// reminder returns the stored reminder, which must exist.
func (d *dmEnv) reminder(user, id string) store.Reminder {
	d.t.Helper()
	r, ok, err := d.st.Reminder(user, id)
	if err != nil || !ok {
		d.t.Fatalf("Reminder(%s, %s): %v %v", user, id, ok, err)
	}
	return r
}

// dms returns the texts of the DMs user got (the first section of each),
// validating every one posted through chat.postMessage.
func (d *dmEnv) dmsTo(user string) []string {
	d.t.Helper()
	for _, c := range d.slack.Calls("chat.postMessage") {
		if toUser(c, user) && c.Error == "" {
			validDM(d.t, c)
		}
	}
	var out []string
	for _, m := range d.slack.History(user) {
		out = append(out, firstText(m.Blocks, m.Text))
	}
	return out
}

// toUser reports whether c posted to the DM with user: to the user ID, or
// to the DM channel.
func toUser(c fakeslack.Call, user string) bool {
	ch := c.Param("channel")
	return ch == user || ch == fakeslack.DMChannel(user)
}

// validDM fails t unless c posted valid Block Kit with delivery metadata.
func validDM(t *testing.T, c fakeslack.Call) {
	t.Helper()
	msg, err := json.Marshal(map[string]any{"text": c.Param("text"), "blocks": c.Blocks()})
	if err != nil {
		t.Fatal(err)
	}
	if err := blockkit.ValidateMessage(msg); err != nil {
		t.Errorf("DM is not valid Block Kit: %v", err)
	}
	if md := c.Param("metadata"); !strings.Contains(md, `"event_type":"sessionbot_`) {
		t.Errorf("DM without delivery metadata: %s", md)
	}
}

// firstText is the text of the first section in blocks, else fallback.
func firstText(raw json.RawMessage, fallback string) string {
	var bs []struct {
		Type string `json:"type"`
		Text struct {
			Text string `json:"text"`
		} `json:"text"`
	}
	_ = json.Unmarshal(raw, &bs)
	for _, b := range bs {
		if b.Type == "section" {
			return b.Text.Text
		}
	}
	return fallback
}

// postThenFail is a Slack client whose posts reach Slack but report a
// failure, as when the connection drops before the answer arrives.
type postThenFail struct{ slackAPI }

func (p postThenFail) PostMessageContext(ctx context.Context, ch string, opts ...slack.MsgOption) (string, string, error) {
	if _, _, err := p.slackAPI.PostMessageContext(ctx, ch, opts...); err != nil {
		return "", "", err
	}
	return "", "", context.DeadlineExceeded
}
