package dm

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// aheadEnv is a store, a fake Slack on a settable clock, a Postman and an
// Ahead (schedule_ahead 10 minutes), as sessionbot run wires them.
type aheadEnv struct {
	t     *testing.T
	path  string
	st    *store.Store
	clock *fakeslack.Clock
	srv   *fakeslack.Server
	api   *slack.Client
	pm    *Postman
	ah    *Ahead
}

func newAheadEnv(t *testing.T, sessions ...session.Session) *aheadEnv {
	t.Helper()
	e := &aheadEnv{t: t, clock: fakeslack.NewClock(t0), path: filepath.Join(t.TempDir(), "sessionbot.db")}
	e.srv = fakeslack.New(t, fakeslack.WithClock(e.clock))
	e.api = slack.New(fakeslack.BotToken, slack.OptionAPIURL(e.srv.APIURL()))
	e.open()
	if _, err := e.st.Apply(store.Commit{Sessions: sessions, Now: t0}); err != nil {
		t.Fatal(err)
	}
	return e
}

// open opens the store and builds the Postman and Ahead, as a start does.
func (e *aheadEnv) open() {
	st, err := store.Open(e.path, store.Options{})
	if err != nil {
		e.t.Fatal(err)
	}
	e.st = st
	e.t.Cleanup(func() { _ = st.Close() })
	sender := &delivery.Sender{API: e.api, Channels: st, Now: e.clock.Now}
	e.pm = &Postman{Store: st, Sender: sender, Location: brussels, Now: e.clock.Now, Logger: testLogger(e.t)}
	e.ah = &Ahead{Store: st, Slack: &delivery.Scheduler{API: e.api, Sender: sender}, Lead: 10 * time.Minute,
		Location: brussels, Now: e.clock.Now, Logger: testLogger(e.t), Postman: e.pm.Wake}
}

// restart closes the store and opens it again with a new Postman and Ahead.
func (e *aheadEnv) restart() {
	if err := e.st.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.open()
}

// remind sets a reminder for s as the bot does.
func (e *aheadEnv) remind(user string, s session.Session) {
	e.t.Helper()
	r := store.Reminder{UserID: user, SessionID: s.ID, Created: e.clock.Now(), Start: s.Start, Room: s.Room, Due: s.Start.Add(-lead)}
	if _, _, err := e.st.SetReminder(r); err != nil {
		e.t.Fatal(err)
	}
}

// at moves the clock to now (Slack posts what falls due) and runs a round
// of Ahead and of the Postman.
func (e *aheadEnv) at(now time.Time) {
	e.t.Helper()
	e.clock.Set(now)
	if _, err := e.ah.Round(e.t.Context(), now); err != nil {
		e.t.Fatalf("Ahead.Round: %v", err)
	}
	for more := true; more; {
		var err error
		if more, err = e.pm.Round(e.t.Context(), now); err != nil {
			e.t.Fatalf("Postman.Round: %v", err)
		}
	}
}

// dms returns the DMs user got, each as "scheduled@15:04:05" or
// "posted@15:04:05" by how and when it arrived.
func (e *aheadEnv) dms(user string) []string {
	var out []string
	for _, m := range e.srv.History(user) {
		how := "posted"
		if m.ScheduledID != "" {
			how = "scheduled"
		}
		sec, _ := strconv.ParseInt(m.TS[:10], 10, 64)
		out = append(out, how+"@"+time.Unix(sec, 0).In(brussels).Format("15:04:05"))
	}
	return out
}

func (e *aheadEnv) wantDMs(user string, want ...string) {
	e.t.Helper()
	got := e.dms(user)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		e.t.Errorf("DMs to %s = %v, want %v", user, got, want)
	}
}

func (e *aheadEnv) reminder(user, id string) store.Reminder {
	e.t.Helper()
	r, ok, err := e.st.Reminder(user, id)
	if err != nil || !ok {
		e.t.Fatalf("Reminder(%s, %s): %v %v", user, id, ok, err)
	}
	return r
}

func clockOf(t time.Time) string { return t.In(brussels).Format("15:04:05") }

// TestAheadScheduledOnce: a reminder set well ahead is handed to Slack
// once, arrives at its due second from Slack's queue, and the Postman only
// records it sent.
func TestAheadScheduledOnce(t *testing.T) {
	s := talk(2)
	e := newAheadEnv(t, s)
	obs := &lateness{}
	e.ah.Observer = obs
	e.remind("U0ALICE", s)
	e.at(t0)
	e.at(t0.Add(time.Minute))
	if n := len(e.srv.Calls("chat.scheduleMessage")); n != 1 || obs.scheduled != 1 {
		t.Fatalf("%d chat.scheduleMessage calls, %d reported; want 1 and 1", n, obs.scheduled)
	}
	if r := e.reminder("U0ALICE", s.ID); r.Slack.ID == "" || !r.Pending() {
		t.Fatalf("reminder %+v; want pending with its scheduled_message_id", r)
	}
	due := s.Start.Add(-lead)
	e.at(due)
	e.at(due.Add(time.Minute))
	e.wantDMs("U0ALICE", "scheduled@"+clockOf(due))
	if n := len(e.srv.Calls("chat.postMessage")); n != 0 {
		t.Errorf("%d chat.postMessage calls; the Postman must not post a scheduled reminder", n)
	}
	if r := e.reminder("U0ALICE", s.ID); !r.Sent.Equal(due) {
		t.Errorf("sent %v, want %v", r.Sent, due)
	}
}

// TestAheadOtherwiseDirect: a reminder set too late to schedule, and one
// Slack refuses, go out through the Postman at their due time, once.
func TestAheadOtherwiseDirect(t *testing.T) {
	s := talk(2)
	due := s.Start.Add(-lead)
	e := newAheadEnv(t, s)
	e.remind("U0REFUSED", s)
	e.srv.FailNext("chat.scheduleMessage", 1, fakeslack.Fault{Error: "restricted_too_many"})
	e.at(t0)
	if r := e.reminder("U0REFUSED", s.ID); r.Slack.Refused != "restricted_too_many" {
		t.Fatalf("refused reminder %+v", r.Slack)
	}
	e.clock.Set(due.Add(-5 * time.Minute))
	e.remind("U0LATE", s)
	e.at(due.Add(-5 * time.Minute))
	e.at(due)
	e.at(due.Add(time.Minute))
	e.wantDMs("U0LATE", "posted@"+clockOf(due))
	e.wantDMs("U0REFUSED", "posted@"+clockOf(due))
}

// TestAheadCancelledAndMoved: an undone reminder's message is deleted; a
// moved session's is deleted and the new one scheduled, arriving once at
// the new time.
func TestAheadCancelledAndMoved(t *testing.T) {
	s := talk(2)
	e := newAheadEnv(t, s)
	e.remind("U0UNDO", s)
	e.remind("U0MOVED", s)
	e.at(t0)
	if _, err := e.st.CancelReminder("U0UNDO", s.ID); err != nil {
		t.Fatal(err)
	}
	moved := s
	moved.Start, moved.End = s.Start.Add(2*time.Hour), s.End.Add(2*time.Hour)
	if _, err := e.st.Apply(store.Commit{Sessions: []session.Session{moved}, Now: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.Rearm(lead, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	e.at(t0.Add(time.Minute))
	if n := len(e.srv.Calls("chat.deleteScheduledMessage")); n != 2 {
		t.Errorf("%d deletes, want 2", n)
	}
	for _, at := range []time.Time{s.Start.Add(-lead), moved.Start.Add(-lead), moved.Start} {
		e.at(at)
	}
	e.wantDMs("U0UNDO")
	e.wantDMs("U0MOVED", "posted@"+clockOf(t0.Add(time.Minute)), "scheduled@"+clockOf(moved.Start.Add(-lead)))
}

// TestAheadDeleteTooLate: a session moves 30 seconds before its reminder
// is due; Slack will not delete the message any more and posts it. That is
// the reminder: no second one follows at the new time.
func TestAheadDeleteTooLate(t *testing.T) {
	s := talk(2)
	due := s.Start.Add(-lead)
	e := newAheadEnv(t, s)
	e.remind("U0ALICE", s)
	e.at(t0)
	moved := s
	moved.Start, moved.End = s.Start.Add(15*time.Minute), s.End.Add(15*time.Minute)
	late := due.Add(-30 * time.Second)
	if _, err := e.st.Apply(store.Commit{Sessions: []session.Session{moved}, Now: late}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.Rearm(lead, late); err != nil {
		t.Fatal(err)
	}
	e.at(late)
	for _, at := range []time.Time{due, moved.Start.Add(-lead), moved.Start} {
		e.at(at)
	}
	// The notice "moved to …", then the old reminder from Slack; nothing at
	// the new time.
	e.wantDMs("U0ALICE", "posted@"+clockOf(late), "scheduled@"+clockOf(due))
	if r := e.reminder("U0ALICE", s.ID); !r.Sent.Equal(due) {
		t.Errorf("sent %v, want the old post time %v", r.Sent, due)
	}
}

// TestAheadArrivesWhileStopped: Slack posts the reminder at its second
// while nothing of sessionbot runs; after the restart it is only recorded.
func TestAheadArrivesWhileStopped(t *testing.T) {
	s := talk(2)
	due := s.Start.Add(-lead)
	e := newAheadEnv(t, s)
	e.remind("U0ALICE", s)
	e.at(t0)
	e.restart()
	e.clock.Set(due.Add(2 * time.Minute)) // stopped through the due time
	e.wantDMs("U0ALICE", "scheduled@"+clockOf(due))
	e.at(due.Add(3 * time.Minute))
	e.wantDMs("U0ALICE", "scheduled@"+clockOf(due))
	if r := e.reminder("U0ALICE", s.ID); !r.Sent.Equal(due) {
		t.Errorf("after the restart: sent %v, want %v", r.Sent, due)
	}
}

// TestAheadVerifyRepairs restarts after three differences between the
// store and Slack's queue: a scheduling whose answer was lost (found by its
// text and recorded), a message deleted behind sessionbot's back
// (scheduled again) and a message no reminder holds (deleted).
func TestAheadVerifyRepairs(t *testing.T) {
	s := talk(2)
	due := s.Start.Add(-lead)
	e := newAheadEnv(t, s)
	e.remind("U0GONE", s)
	e.at(t0)
	gone := e.reminder("U0GONE", s.ID)
	ctx := context.Background()
	if _, err := e.api.DeleteScheduledMessageContext(ctx, &slack.DeleteScheduledMessageParameters{Channel: gone.Slack.Channel, ScheduledMessageID: gone.Slack.ID}); err != nil {
		t.Fatal(err)
	}
	// U0LOST's scheduling reached Slack, and the process died before
	// recording the ID: the claim is all the store has.
	text := blocks.ReminderDM(s, due, brussels).Text
	_, lostID, err := e.api.ScheduleMessageContext(ctx, fakeslack.DMChannel("U0LOST"), strconv.FormatInt(due.Unix(), 10), slack.MsgOptionText(text, false))
	if err != nil {
		t.Fatal(err)
	}
	claim := store.SlackSchedule{Claimed: t0, Channel: fakeslack.DMChannel("U0LOST"), PostAt: due, Text: text}
	r := store.Reminder{UserID: "U0LOST", SessionID: s.ID, Created: t0, Start: s.Start, Room: s.Room, Due: due, Slack: claim}
	if _, _, err := e.st.SetReminder(r); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.api.ScheduleMessageContext(ctx, "C0ELSEWHERE", strconv.FormatInt(due.Unix(), 10), slack.MsgOptionText("orphan", false)); err != nil {
		t.Fatal(err)
	}
	e.restart()
	e.at(t0.Add(time.Minute))
	if r := e.reminder("U0LOST", s.ID); r.Slack.ID != lostID {
		t.Errorf("lost answer: ID %q, want %q found in Slack's list", r.Slack.ID, lostID)
	}
	if r := e.reminder("U0GONE", s.ID); r.Slack.ID == "" || r.Slack.ID == gone.Slack.ID {
		t.Errorf("deleted behind our back: %+v, want a new scheduled message", r.Slack)
	}
	e.at(due)
	e.at(due.Add(time.Minute))
	e.wantDMs("U0LOST", "scheduled@"+clockOf(due))
	e.wantDMs("U0GONE", "scheduled@"+clockOf(due))
	if h := e.srv.History("C0ELSEWHERE"); len(h) != 0 {
		t.Errorf("the orphan was posted: %v", h)
	}
}

// TestPostmanYieldsToAhead: the Postman read a reminder due now just
// before Ahead handed it to Slack (a slow scheduling round); its claim
// fails, so it posts nothing, and Ahead does not hand over one the
// Postman has begun posting.
func TestPostmanYieldsToAhead(t *testing.T) {
	s := talk(2)
	due := s.Start.Add(-lead)
	e := newAheadEnv(t, s)
	e.remind("U0ALICE", s)
	stale := e.reminder("U0ALICE", s.ID)
	if err := e.st.UpdateReminder("U0ALICE", s.ID, func(r *store.Reminder) error {
		r.Slack = store.SlackSchedule{Claimed: t0, Channel: fakeslack.DMChannel("U0ALICE"), PostAt: due, Text: "x"}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(due)
	if err := e.pm.remind(e.t.Context(), stale); err != nil {
		t.Fatal(err)
	}
	if n := len(e.srv.Calls("chat.postMessage")); n != 0 {
		t.Errorf("the Postman posted a reminder Ahead had handed to Slack (%d posts)", n)
	}

	e.remind("U0BOB", s)
	if err := e.st.UpdateReminder("U0BOB", s.ID, func(r *store.Reminder) error { r.Claimed = t0; return nil }); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(t0)
	if _, err := e.ah.Round(e.t.Context(), t0); err != nil {
		t.Fatal(err)
	}
	if r := e.reminder("U0BOB", s.ID); r.Slack.Handed() {
		t.Errorf("Ahead handed over a reminder the Postman had claimed: %+v", r.Slack)
	}
}
