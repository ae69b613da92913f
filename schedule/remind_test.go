package schedule

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/dm"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/programme"
	"github.com/sessionbot/sessionbot/store"
)

const alice, bob = "U0ALICE01", "U0BOB0001"

// want fails t unless got has one text per element of want, each
// containing it.
func want(t *testing.T, who string, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s got %d DMs, want %d:\n%s", who, len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("%s DM %d = %q, want it to contain %q", who, i, got[i], want[i])
		}
	}
}

func TestReminderAtDueExactlyOnce(t *testing.T) {
	d := newDMEnv(t)
	d.syncAt(t0, talks(0, 3)...)
	s := talk(1) // 09:30–09:55, due 09:20
	d.remind(alice, s.ID, t0)
	d.remind(alice, s.ID, t0.Add(time.Hour)) // pressed twice
	due := s.Start.Add(-lead)

	d.round(due.Add(-time.Second))
	want(t, "alice before due", d.dmsTo(alice))
	d.round(due)
	want(t, "alice at due", d.dmsTo(alice), "⏰ *Talk 1 on bison* starts <!date^"+unix(s.Start))
	want(t, "alice", d.dmsTo(alice), "(in 10 minutes)")
	d.round(due.Add(time.Minute))
	d.restartDM()
	d.round(due.Add(2 * time.Minute))
	want(t, "alice after restart", d.dmsTo(alice), "starts")
	if r := d.reminder(alice, s.ID); r.Sent.IsZero() || r.Claimed.IsZero() {
		t.Errorf("reminder not recorded sent: %+v", r)
	}
	if n := len(d.slack.Calls("conversations.open")); n != 0 {
		t.Errorf("conversations.open called %d times; posting to the user ID needs none", n)
	}
	if ch, ok, err := d.st.DMChannel(alice); err != nil || ch != fakeslack.DMChannel(alice) {
		t.Errorf("DM channel cached: %q %v %v", ch, ok, err)
	}
	if n := len(d.slack.Calls("conversations.history")); n != 0 {
		t.Errorf("conversations.history called %d times without a crash", n)
	}
}

func TestReminderCrashAfterPost(t *testing.T) {
	t.Run("post reached Slack, answer lost", func(t *testing.T) {
		d := newDMEnv(t)
		d.syncAt(t0, talks(0, 3)...)
		s := talk(2)
		due := s.Start.Add(-lead)
		d.remind(alice, s.ID, t0)
		d.wrap = func(api slackAPI) slackAPI { return postThenFail{api} }
		d.build()
		d.round(due)
		if r := d.reminder(alice, s.ID); !r.Pending() || r.Claimed.IsZero() {
			t.Fatalf("after a lost answer: %+v, want claimed and pending", r)
		}
		d.wrap = nil
		d.restartDM()
		d.round(due.Add(time.Second))
		want(t, "alice", d.dmsTo(alice), "*Talk 2 on cheetah*")
		if r := d.reminder(alice, s.ID); r.Sent.IsZero() {
			t.Errorf("not marked sent after finding it: %+v", r)
		}
		if n := len(d.slack.Calls("conversations.history")); n != 1 {
			t.Errorf("history read %d times, want 1", n)
		}
	})
	t.Run("crash between post and mark", func(t *testing.T) {
		d := newDMEnv(t)
		d.syncAt(t0, talks(0, 3)...)
		s := talk(2)
		due := s.Start.Add(-lead)
		r := d.remind(bob, s.ID, t0)
		claimed := due.Add(time.Second)
		d.claim(r, claimed)
		d.clock.set(claimed)
		d.slack.AddMessage(bob, "Reminder: Talk 2", metadata(dm.EventReminder, dm.ReminderKey(r)))
		d.round(due.Add(time.Minute))
		want(t, "bob", d.dmsTo(bob), "Reminder: Talk 2")
		if n := len(d.slack.Calls("chat.postMessage")); n != 0 {
			t.Errorf("%d posts after the crash, want 0", n)
		}
	})
	t.Run("crash between claim and post", func(t *testing.T) {
		d := newDMEnv(t)
		d.syncAt(t0, talks(0, 3)...)
		s := talk(2)
		due := s.Start.Add(-lead)
		r := d.remind(bob, s.ID, t0)
		d.claim(r, due)
		d.clock.set(due)
		d.slack.AddMessage(bob, "an older reminder", metadata(dm.EventReminder, "U0BOB0001/talk-01/1"))
		d.round(due.Add(time.Minute))
		want(t, "bob", d.dmsTo(bob), "an older reminder", "*Talk 2 on cheetah* starts")
	})
}

// claim marks r claimed at t, as a crashed run left it.
func (d *dmEnv) claim(r store.Reminder, t time.Time) {
	d.t.Helper()
	if err := d.st.UpdateReminder(r.UserID, r.SessionID, func(x *store.Reminder) error { x.Claimed = t; return nil }); err != nil {
		d.t.Fatal(err)
	}
}

func metadata(event, key string) json.RawMessage {
	data, _ := json.Marshal(map[string]any{"event_type": event, "event_payload": map[string]any{"key": key}})
	return data
}

func TestReminderWhileDown(t *testing.T) {
	d := newDMEnv(t)
	d.syncAt(t0, talks(0, 3)...)
	d.remind(alice, talk(1).ID, t0) // 09:30–09:55
	d.remind(bob, talk(0).ID, t0)   // 09:00–09:25
	d.round(talk(1).Start.Add(5 * time.Minute))
	want(t, "alice", d.dmsTo(alice), "* has started <!date^"+unix(talk(1).Start))
	want(t, "bob", d.dmsTo(bob))
	if r := d.reminder(bob, talk(0).ID); r.Dropped.IsZero() || !r.Sent.IsZero() {
		t.Errorf("reminder of an ended session: %+v, want dropped", r)
	}
}

func TestReminderFollowsSchedule(t *testing.T) {
	d := newDMEnv(t)
	tbd := talk(5)
	tbd.Start, tbd.End = time.Time{}, time.Time{}
	d.syncAt(t0, talk(1), talk(2), talk(3), tbd)
	d.remind(alice, talk(1).ID, t0)
	d.remind(alice, talk(2).ID, t0)
	d.remind(alice, tbd.ID, t0)
	if r := d.reminder(alice, tbd.ID); !r.Due.IsZero() {
		t.Fatalf("unscheduled reminder armed: %+v", r)
	}

	moved := talk(1)
	moved.Start, moved.End, moved.Room = moved.Start.Add(3*time.Hour), moved.End.Add(3*time.Hour), "Room 9"
	scheduled := talk(5)
	d.syncAt(t0.Add(time.Hour), moved, talk(3), scheduled) // talk 2 removed
	d.round(t0.Add(time.Hour))
	want(t, "alice", d.dmsTo(alice),
		"*Talk 2 on cheetah* was removed from the programme. Your reminder is cancelled.",
		"*Talk 1 on bison* moved to <!date^"+unix(moved.Start),
		"*Talk 5 on flamingo* is now scheduled for <!date^"+unix(scheduled.Start))
	if !strings.Contains(d.dmsTo(alice)[1], "Room 9. Your reminder follows it.") {
		t.Errorf("moved DM: %q", d.dmsTo(alice)[1])
	}
	d.round(talk(1).Start.Add(-lead)) // the old due time
	d.round(talk(2).Start.Add(-lead))
	if n := len(d.dmsTo(alice)); n != 3 {
		t.Fatalf("%d DMs at the old due times, want still 3", n)
	}
	d.round(scheduled.Start.Add(-lead))
	d.round(moved.Start.Add(-lead))
	got := d.dmsTo(alice)
	want(t, "alice", got[3:], "*Talk 5 on flamingo* starts", "*Talk 1 on bison* starts")
	d.syncAt(scheduled.Start, moved, talk(3)) // later changes: nothing pending
	d.round(scheduled.Start)
	if n := len(d.dmsTo(alice)); n != 5 {
		t.Errorf("%d DMs after a sync with nothing pending, want 5", n)
	}
}

func TestReminderMovedWhileClaimed(t *testing.T) {
	d := newDMEnv(t)
	d.syncAt(t0, talks(0, 3)...)
	r := d.remind(alice, talk(1).ID, t0)
	d.claim(r, talk(1).Start.Add(-lead))
	moved := talk(1)
	moved.Start, moved.End = moved.Start.Add(time.Hour), moved.End.Add(time.Hour)
	d.syncAt(talk(1).Start.Add(-lead+time.Second), talk(0), moved, talk(2), talk(3))
	if got := d.reminder(alice, moved.ID); !got.Claimed.IsZero() || !got.Due.Equal(moved.Start.Add(-lead)) {
		t.Errorf("re-armed reminder %+v, want a fresh claim at the new due", got)
	}
	d.round(moved.Start.Add(-lead))
	want(t, "alice", d.dmsTo(alice), "moved to", "starts <!date^"+unix(moved.Start))
}

// unix is t as the seconds in a date token.
func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// TestReminderBeforeRearm: between a sync and the Rearm after it, a
// reminder whose session moved or left is not sent at its old due time;
// Rearm then tells the user and re-arms (or cancels) it.
func TestReminderBeforeRearm(t *testing.T) {
	d := newDMEnv(t)
	s := talk(2) // 10:00–10:25
	d.syncAt(t0, talks(0, 3)...)
	d.remind(alice, s.ID, t0)
	d.remind(bob, talk(3).ID, t0) // 10:30
	moved := s
	moved.Start, moved.End = s.Start.Add(5*time.Hour), s.End.Add(5*time.Hour) // 15:00
	oldDue := s.Start.Add(-lead)

	d.clock.set(oldDue)
	d.write(talk(0), talk(1), moved)        // talk 3 removed
	d.sync(oldDue, programme.SyncOptions{}) // no Rearm yet
	d.round(oldDue)
	d.round(talk(3).Start.Add(-lead))
	want(t, "alice before Rearm", d.dmsTo(alice))
	want(t, "bob before Rearm", d.dmsTo(bob))
	if r := d.reminder(bob, talk(3).ID); !r.Pending() {
		t.Errorf("bob's reminder changed before Rearm: %+v", r)
	}

	if _, err := d.fu.Run(t.Context(), talk(3).Start.Add(-lead)); err != nil {
		t.Fatal(err)
	}
	d.round(talk(3).Start.Add(-lead))
	want(t, "alice", d.dmsTo(alice), "moved to <!date^"+unix(moved.Start))
	want(t, "bob", d.dmsTo(bob), "was removed from the programme")
	d.round(moved.Start.Add(-lead))
	want(t, "alice", d.dmsTo(alice), "moved to", "starts <!date^"+unix(moved.Start))
}

// TestWaitingForRearmDoesNotSpin: a full batch of reminders waiting for
// Rearm must not make Run go round without sleeping.
func TestWaitingForRearmDoesNotSpin(t *testing.T) {
	d := newDMEnv(t)
	s := talk(2)
	d.syncAt(t0, talks(0, 3)...)
	users := []string{"U0SPIN0001", "U0SPIN0002", "U0SPIN0003"}
	for _, u := range users {
		d.remind(u, s.ID, t0)
	}
	moved := s
	moved.Start, moved.End = s.Start.Add(time.Hour), s.End.Add(time.Hour)
	due := s.Start.Add(-lead)
	d.clock.set(due)
	d.write(talk(0), talk(1), moved)
	d.sync(due, programme.SyncOptions{}) // no Rearm yet
	d.pm.Batch = 2
	rounds := 0
	for more := true; more; rounds++ {
		if rounds == 4 {
			t.Fatal("Round keeps reporting more work for reminders that wait for Rearm")
		}
		var err error
		if more, err = d.pm.Round(t.Context(), due); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range users {
		want(t, u, d.dmsTo(u))
	}
}
