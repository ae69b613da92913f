package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sessionbot/sessionbot/session"
)

// timed builds a 45-minute session at start in room (zero start: untimed).
func timed(id string, start time.Time, room string) session.Session {
	s := session.Session{ID: id, Title: "Talk " + id, Room: room, Start: start}
	if !start.IsZero() {
		s.End = start.Add(45 * time.Minute)
	}
	return s
}

func TestRearm(t *testing.T) {
	now := t0.Add(-2 * time.Hour)
	before := []session.Session{timed("a", t0, "Main Hall")}
	armed := rem("U1", "a", t0)
	tests := []struct {
		name    string
		after   []session.Session // the catalogue after the sync
		rem     Reminder          // the reminder before Rearm
		want    Reminder          // after
		notices []Notice
	}{
		{"unchanged", before, armed, armed, nil},
		{"removed: cancelled", sessions("b"), armed,
			with(armed, func(r *Reminder) { r.Dropped, r.DropReason = now, DropRemoved }),
			[]Notice{{UserID: "U1", Kind: NoticeCancelled, SessionIDs: ids("a"), Created: now}}},
		{"unknown session: cancelled", before, rem("U1", "zz", t0),
			with(rem("U1", "zz", t0), func(r *Reminder) { r.Dropped, r.DropReason = now, DropRemoved }),
			[]Notice{{UserID: "U1", Kind: NoticeCancelled, SessionIDs: ids("zz"), Created: now}}},
		{"scheduled", []session.Session{timed("a", t0, "Room 2")}, rem("U1", "a", time.Time{}),
			with(armed, func(r *Reminder) { r.Room = "Room 2" }),
			[]Notice{{UserID: "U1", Kind: NoticeScheduled, SessionIDs: ids("a"), Created: now}}},
		{"still unscheduled", []session.Session{timed("a", time.Time{}, "Main Hall")}, rem("U1", "a", time.Time{}),
			rem("U1", "a", time.Time{}), nil},
		{"moved start", []session.Session{timed("a", t0.Add(time.Hour), "Main Hall")},
			with(armed, func(r *Reminder) { r.Claimed = now }),
			rem("U1", "a", t0.Add(time.Hour)),
			[]Notice{{UserID: "U1", Kind: NoticeMoved, SessionIDs: ids("a"), Created: now}}},
		{"moved room keeps claim", []session.Session{timed("a", t0, "Room 7")},
			with(armed, func(r *Reminder) { r.Claimed = now }),
			with(armed, func(r *Reminder) { r.Room, r.Claimed = "Room 7", now }),
			[]Notice{{UserID: "U1", Kind: NoticeMoved, SessionIDs: ids("a"), Created: now}}},
		{"lost its time", []session.Session{timed("a", time.Time{}, "Main Hall")}, armed,
			rem("U1", "a", time.Time{}),
			[]Notice{{UserID: "U1", Kind: NoticeMoved, SessionIDs: ids("a"), Created: now}}},
		{"ended: dropped silently", []session.Session{timed("a", now.Add(-time.Hour), "Main Hall")}, armed,
			with(armed, func(r *Reminder) { r.Dropped, r.DropReason = now, DropOver }), nil},
		{"over without end time (start + an hour)", []session.Session{{ID: "a", Room: "Main Hall", Start: now.Add(-61 * time.Minute)}}, armed,
			with(armed, func(r *Reminder) { r.Dropped, r.DropReason = now, DropOver }), nil},
		{"lead changed: due follows silently", before, with(armed, func(r *Reminder) { r.Due = t0.Add(-time.Hour) }),
			armed, nil},
		{"sent is left alone", sessions("b"), with(armed, func(r *Reminder) { r.Sent = now }),
			with(armed, func(r *Reminder) { r.Sent = now }), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			mustApply(t, s, Commit{Sessions: before, Now: now.Add(-time.Hour)})
			mustSet(t, s, tt.rem)
			mustApply(t, s, Commit{Sessions: tt.after, Now: now})
			notices := mustRearm(t, s, now)
			if diff := cmp.Diff(tt.notices, notices, cmpopts.IgnoreFields(Notice{}, "ID")); diff != "" {
				t.Errorf("notices (-want +got):\n%s", diff)
			}
			got, _, err := s.Reminder(tt.rem.UserID, tt.rem.SessionID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("reminder (-want +got):\n%s", diff)
			}
			if again := mustRearm(t, s, now.Add(time.Minute)); again != nil {
				t.Errorf("second Rearm queued %+v", again)
			}
			checkDueIndex(t, s, got)
		})
	}
}

// TestRearmGroupsNotices checks one notice per user and kind, queued in the
// notices bucket as returned.
func TestRearmGroupsNotices(t *testing.T) {
	now := t0.Add(-2 * time.Hour)
	s := newStore(t)
	mustApply(t, s, Commit{Sessions: []session.Session{timed("a", t0, "R"), timed("b", t0, "R"), timed("c", t0, "R")}, Now: now})
	for _, user := range []string{"U1", "U2"} {
		for _, id := range []string{"a", "b", "c"} {
			mustSet(t, s, with(rem(user, id, t0), func(r *Reminder) { r.Room = "R" }))
		}
	}
	mustApply(t, s, Commit{Sessions: []session.Session{timed("a", t0, "S"), timed("b", t0, "T")}, Now: now})
	got := mustRearm(t, s, now)
	want := []Notice{
		{UserID: "U1", Kind: NoticeCancelled, SessionIDs: ids("c"), Created: now},
		{UserID: "U1", Kind: NoticeMoved, SessionIDs: ids("a", "b"), Created: now},
		{UserID: "U2", Kind: NoticeCancelled, SessionIDs: ids("c"), Created: now},
		{UserID: "U2", Kind: NoticeMoved, SessionIDs: ids("a", "b"), Created: now},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Notice{}, "ID")); diff != "" {
		t.Errorf("Rearm (-want +got):\n%s", diff)
	}
	pending, err := s.PendingNotices(0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, pending); diff != "" {
		t.Errorf("PendingNotices differ from what Rearm returned (-rearm +pending):\n%s", diff)
	}
}

// TestRearmRevivesReturningSession checks that a session which leaves the
// source and comes back gets its reminders back, armed for its new time,
// while one dropped because the session was over stays dropped.
func TestRearmRevivesReturningSession(t *testing.T) {
	now := t0.Add(-2 * time.Hour)
	later := t0.Add(30 * time.Minute)
	s := newStore(t)
	mustApply(t, s, Commit{Sessions: []session.Session{timed("a", t0, "Main Hall")}, Now: now})
	armed := rem("U1", "a", t0)
	mustSet(t, s, armed)

	mustApply(t, s, Commit{Sessions: sessions("b"), Now: now})
	want := []Notice{{UserID: "U1", Kind: NoticeCancelled, SessionIDs: ids("a"), Created: now}}
	if diff := cmp.Diff(want, mustRearm(t, s, now), cmpopts.IgnoreFields(Notice{}, "ID")); diff != "" {
		t.Fatalf("leaving: notices (-want +got):\n%s", diff)
	}

	back := now.Add(10 * time.Minute)
	mustApply(t, s, Commit{Sessions: []session.Session{timed("a", later, "Room 2")}, Now: back})
	want = []Notice{{UserID: "U1", Kind: NoticeScheduled, SessionIDs: ids("a"), Created: back}}
	if diff := cmp.Diff(want, mustRearm(t, s, back), cmpopts.IgnoreFields(Notice{}, "ID")); diff != "" {
		t.Errorf("coming back: notices (-want +got):\n%s", diff)
	}
	got, _, err := s.Reminder("U1", "a")
	if err != nil {
		t.Fatal(err)
	}
	wantRem := with(armed, func(r *Reminder) { r.Start, r.Room, r.Due = later, "Room 2", later.Add(-lead) })
	if diff := cmp.Diff(wantRem, got); diff != "" {
		t.Errorf("revived reminder (-want +got):\n%s", diff)
	}
	checkDueIndex(t, s, got)
	if again := mustRearm(t, s, back.Add(time.Minute)); again != nil {
		t.Errorf("second Rearm queued %+v", again)
	}
}

// TestRearmNoRevival checks the reminders Rearm must leave dropped.
func TestRearmNoRevival(t *testing.T) {
	now := t0.Add(-2 * time.Hour)
	tests := []struct {
		name  string
		rem   Reminder
		after session.Session // the session as it comes back
	}{
		{"dropped as over", with(rem("U1", "a", t0), func(r *Reminder) { r.Dropped, r.DropReason = now, DropOver }),
			timed("a", t0, "Main Hall")},
		{"dropped without a reason", with(rem("U1", "a", t0), func(r *Reminder) { r.Dropped = now }),
			timed("a", t0, "Main Hall")},
		{"removed, back but over", with(rem("U1", "a", t0), func(r *Reminder) { r.Dropped, r.DropReason = now, DropRemoved }),
			timed("a", now.Add(-2*time.Hour), "Main Hall")},
		{"removed, sent", with(rem("U1", "a", t0), func(r *Reminder) { r.Sent, r.Dropped, r.DropReason = now, now, DropRemoved }),
			timed("a", t0, "Main Hall")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			mustApply(t, s, Commit{Sessions: []session.Session{tt.after}, Now: now})
			mustSet(t, s, tt.rem)
			if got := mustRearm(t, s, now); got != nil {
				t.Errorf("Rearm queued %+v", got)
			}
			got, _, err := s.Reminder("U1", "a")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.rem, got); diff != "" {
				t.Errorf("reminder (-want +got):\n%s", diff)
			}
		})
	}
}

// checkDueIndex asserts that r is listed by DueReminders exactly when it is
// pending and scheduled.
func checkDueIndex(t *testing.T, s *Store, r Reminder) {
	t.Helper()
	due, err := s.DueReminders(time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), 0)
	if err != nil {
		t.Fatal(err)
	}
	var want []Reminder
	if r.Pending() && !r.Due.IsZero() {
		want = []Reminder{r}
	}
	if diff := cmp.Diff(want, due); diff != "" {
		t.Errorf("due index (-want +got):\n%s", diff)
	}
}

// with returns r changed by fn.
func with(r Reminder, fn func(*Reminder)) Reminder {
	fn(&r)
	return r
}

// mustRearm rearms with the test lead.
func mustRearm(t *testing.T, s *Store, now time.Time) []Notice {
	t.Helper()
	n, err := s.Rearm(lead, now)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
