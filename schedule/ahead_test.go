package schedule

import (
	"strconv"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/dm"
)

// TestMovedScheduledReminderOnce drives a reminder handed to Slack through
// the sync job: the session moves an hour later, the old message is deleted
// and a new one scheduled, and the user gets the "moved" notice and one
// reminder, at the new due second, from Slack's queue.
func TestMovedScheduledReminderOnce(t *testing.T) {
	d := newDMEnv(t)
	ahead := &dm.Ahead{Store: d.st, Slack: &delivery.Scheduler{API: d.api, Sender: d.sender}, Lead: lead,
		Location: brussels, Now: d.clock.Now, Logger: testLogger(t), Postman: d.pm.Wake}
	aheadAt := func(now time.Time) {
		t.Helper()
		d.clock.set(now)
		if _, err := ahead.Round(t.Context(), now); err != nil {
			t.Fatalf("Ahead.Round: %v", err)
		}
	}
	d.syncAt(t0, talks(0, 3)...)
	s := talk(2)
	d.remind(alice, s.ID, t0)
	aheadAt(t0)
	first := d.reminder(alice, s.ID).Slack.ID
	if first == "" {
		t.Fatal("the reminder was not handed to Slack")
	}
	moved := s
	moved.Start, moved.End = s.Start.Add(time.Hour), s.End.Add(time.Hour)
	later := t0.Add(time.Minute)
	d.syncAt(later, talk(0), talk(1), moved, talk(3))
	aheadAt(later)
	d.round(later)
	if r := d.reminder(alice, s.ID); r.Slack.ID == "" || r.Slack.ID == first || !r.Slack.PostAt.Equal(moved.Start.Add(-lead)) {
		t.Fatalf("after the move: %+v, want a new scheduled message at the new due time", r.Slack)
	}
	for _, now := range []time.Time{s.Start.Add(-lead), moved.Start.Add(-lead), moved.Start} {
		aheadAt(now)
		d.round(now)
	}
	var reminders []string
	for _, m := range d.slack.History(alice) {
		if m.ScheduledID != "" {
			reminders = append(reminders, m.TS[:10])
		}
	}
	if want := strconv.FormatInt(moved.Start.Add(-lead).Unix(), 10); len(reminders) != 1 || reminders[0] != want {
		t.Errorf("scheduled reminders at %v, want one at %s", reminders, want)
	}
	want(t, "alice", d.dmsTo(alice), "moved to", "Talk 2")
	if n := len(d.slack.Calls("chat.deleteScheduledMessage")); n != 1 {
		t.Errorf("%d deletes, want 1", n)
	}
}
