package store

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	bolt "go.etcd.io/bbolt"

	"github.com/sessionbot/sessionbot/session"
)

// TestToSchedule lists the pending reminders not yet handed to Slack whose
// due time lies in a window, and drops each from the list once it is
// claimed, scheduled or refused.
func TestToSchedule(t *testing.T) {
	s := newStore(t)
	mustSet(t, s, rem("U1", "a", t0.Add(time.Hour)), rem("U2", "a", t0.Add(time.Hour)), rem("U1", "b", t0.Add(5*time.Hour)),
		rem("U1", "c", t0.Add(5*time.Minute)), rem("U3", "tba", time.Time{}))
	got, err := s.ToSchedule(t0.Add(10*time.Minute), t0.Add(24*time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"U1/a", "U2/a", "U1/b"}, pairs(got)); diff != "" {
		t.Fatalf("ToSchedule (-want +got):\n%s", diff)
	}
	for user, fn := range map[string]func(*Reminder){
		"U1": func(r *Reminder) { r.Slack = SlackSchedule{ID: "Q1", Channel: "D1", PostAt: r.Due} },
		"U2": func(r *Reminder) { r.Slack.Refused = "restricted_too_many" },
	} {
		if err := s.UpdateReminder(user, "a", func(r *Reminder) error { fn(r); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	got, _ = s.ToSchedule(t0, t0.Add(24*time.Hour), 0)
	if diff := cmp.Diff([]string{"U1/b"}, pairs(got)); diff != "" {
		t.Errorf("after scheduling and a refusal (-want +got):\n%s", diff)
	}
	if got, _ := s.ToSchedule(t0, t0.Add(24*time.Hour), 1); len(got) != 1 {
		t.Errorf("limit 1 gave %d", len(got))
	}
}

// TestUnscheduleQueued: a scheduled reminder that is cancelled, or changed
// so that its Slack message no longer fits, leaves a delete in the queue, in
// the same transaction; one that is sent does not.
func TestUnscheduleQueued(t *testing.T) {
	s := newStore(t)
	sched := func(r Reminder, id string) Reminder {
		r.Slack = SlackSchedule{ID: id, Channel: "D" + r.UserID, PostAt: r.Due, Text: "t"}
		return r
	}
	mustSet(t, s, sched(rem("U1", "a", t0.Add(time.Hour)), "Q1"), sched(rem("U2", "a", t0.Add(time.Hour)), "Q2"),
		sched(rem("U3", "a", t0.Add(time.Hour)), "Q3"))
	if _, err := s.CancelReminder("U1", "a"); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateReminder("U2", "a", func(r *Reminder) error { r.Slack = SlackSchedule{}; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateReminder("U3", "a", func(r *Reminder) error { r.Sent = t0; return nil }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Unschedules()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range got {
		ids = append(ids, u.ID+"@"+u.Channel+"/"+u.UserID)
	}
	if diff := cmp.Diff([]string{"Q1@DU1/U1", "Q2@DU2/U2"}, ids); diff != "" {
		t.Fatalf("Unschedules (-want +got):\n%s", diff)
	}
	if err := s.Unscheduled(got[0].Seq); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Unschedules(); len(got) != 1 || got[0].ID != "Q2" {
		t.Errorf("after one is done: %+v", got)
	}
}

// TestRearmSettlesScheduled: a reminder Slack posted at its time counts as
// sent, whatever the session did since; a moved one loses its Slack message
// (queued for deletion) and is armed anew.
func TestRearmSettlesScheduled(t *testing.T) {
	s := newStore(t)
	start := t0.Add(time.Hour)
	later := start.Add(3 * time.Hour)
	mustApply(t, s, Commit{Sessions: []session.Session{timed("a", start, "Main Hall"), timed("b", later, "Main Hall")}, Now: t0})
	ra, rb := rem("U1", "a", start), rem("U1", "b", later)
	ra.Slack = SlackSchedule{ID: "Q1", Channel: "D1", PostAt: ra.Due}
	rb.Slack = SlackSchedule{ID: "Q2", Channel: "D1", PostAt: rb.Due}
	mustSet(t, s, ra, rb)
	moved := timed("b", later.Add(2*time.Hour), "Main Hall")
	mustApply(t, s, Commit{Sessions: []session.Session{timed("a", start, "Room 2"), moved}, Now: t0})
	if _, err := s.Rearm(lead, ra.Due.Add(time.Second)); err != nil { // a's message went out a second ago
		t.Fatal(err)
	}
	a, _, _ := s.Reminder("U1", "a")
	if a.Pending() || !a.Sent.Equal(ra.Due) {
		t.Errorf("a: sent %v pending %v; want sent at its post_at", a.Sent, a.Pending())
	}
	b, _, _ := s.Reminder("U1", "b")
	if !b.Due.Equal(moved.Start.Add(-lead)) || b.Slack != (SlackSchedule{}) {
		t.Errorf("b: due %v slack %+v; want re-armed without a Slack message", b.Due, b.Slack)
	}
	if u, _ := s.Unschedules(); len(u) != 1 || u[0].ID != "Q2" {
		t.Errorf("unschedules %+v, want Q2's", u)
	}
}

// TestToScheduleFilledOnUpgrade: a store of format 1, written before the
// to-schedule index existed, gets it filled when opened.
func TestToScheduleFilledOnUpgrade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	s := openT(t, path)
	mustSet(t, s, rem("U1", "a", t0.Add(time.Hour)))
	if err := s.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Put(keySchema, []byte("1")); err != nil {
			return err
		}
		return tx.DeleteBucket(bucketToSchedule)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openT(t, path)
	if got, err := s.ToSchedule(t0, t0.Add(24*time.Hour), 0); err != nil || len(got) != 1 {
		t.Errorf("after reopening: %v, %v; want the reminder", pairs(got), err)
	}
}

func TestPostsOnce(t *testing.T) {
	s := newStore(t)
	if _, ok, err := s.Post("room/a/1"); ok || err != nil {
		t.Fatalf("unknown post: %v %v", ok, err)
	}
	if err := s.ClaimPost("room/a/1", t0); err != nil {
		t.Fatal(err)
	}
	p, ok, _ := s.Post("room/a/1")
	if !ok || !p.Claimed.Equal(t0) || !p.Sent.IsZero() {
		t.Errorf("claimed: %+v", p)
	}
	if err := s.PostSent("room/a/1", t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if p, _, _ := s.Post("room/a/1"); !p.Done() {
		t.Errorf("sent: %+v", p)
	}
}
