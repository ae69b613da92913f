package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const lead = 10 * time.Minute

// newStore opens a store in a fresh temp dir.
func newStore(t testing.TB) *Store {
	t.Helper()
	return openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
}

// rem builds a pending reminder armed for start (zero: unscheduled).
func rem(user, sess string, start time.Time) Reminder {
	r := Reminder{UserID: user, SessionID: sess, Created: t0.Add(-time.Hour), Start: start, Room: "Main Hall"}
	if !start.IsZero() {
		r.Due = start.Add(-lead)
	}
	return r
}

// mustSet stores reminders and fails the test on error.
func mustSet(t testing.TB, s *Store, rs ...Reminder) {
	t.Helper()
	for _, r := range rs {
		if _, _, err := s.SetReminder(r); err != nil {
			t.Fatal(err)
		}
	}
}

// pairs lists "user/session" for each reminder, in order.
func pairs(rs []Reminder) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.UserID+"/"+r.SessionID)
	}
	return out
}

func TestSetReminderIdempotent(t *testing.T) {
	s := newStore(t)
	first := rem("U1", "a", t0)
	got, created, err := s.SetReminder(first)
	if err != nil || !created {
		t.Fatalf("first SetReminder: created=%v err=%v", created, err)
	}
	if diff := cmp.Diff(first, got); diff != "" {
		t.Errorf("first SetReminder returned (-want +got):\n%s", diff)
	}
	second := first
	second.Created, second.Room = t0, "Elsewhere"
	got, created, err = s.SetReminder(second)
	if err != nil || created {
		t.Fatalf("second SetReminder: created=%v err=%v", created, err)
	}
	if diff := cmp.Diff(first, got); diff != "" {
		t.Errorf("second SetReminder returned (-want +got):\n%s", diff)
	}
	all, err := s.UserReminders("U1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Reminder{first}, all); diff != "" {
		t.Errorf("UserReminders (-want +got):\n%s", diff)
	}
}

func TestSetReminderReplacesFinished(t *testing.T) {
	for _, name := range []string{"sent", "dropped"} {
		t.Run(name, func(t *testing.T) {
			s := newStore(t)
			mustSet(t, s, rem("U1", "a", t0))
			err := s.UpdateReminder("U1", "a", func(r *Reminder) error {
				if name == "sent" {
					r.Sent = t0
				} else {
					r.Dropped = t0
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			again := rem("U1", "a", t0.Add(time.Hour))
			if _, created, err := s.SetReminder(again); err != nil || !created {
				t.Fatalf("SetReminder after %s: created=%v err=%v", name, created, err)
			}
			due, err := s.DueReminders(t0.Add(2*time.Hour), 0)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]Reminder{again}, due); diff != "" {
				t.Errorf("DueReminders (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSetReminderRejectsBadIDs(t *testing.T) {
	s := newStore(t)
	for _, r := range []Reminder{{SessionID: "a"}, {UserID: "U1"}, {UserID: "U\x001", SessionID: "a"}} {
		if _, _, err := s.SetReminder(r); err == nil {
			t.Errorf("SetReminder(%q/%q) succeeded", r.UserID, r.SessionID)
		}
	}
}

func TestCancelReminder(t *testing.T) {
	s := newStore(t)
	mustSet(t, s, rem("U1", "a", t0), rem("U2", "a", t0))
	if ok, err := s.CancelReminder("U1", "a"); err != nil || !ok {
		t.Fatalf("CancelReminder: %v, %v", ok, err)
	}
	if ok, err := s.CancelReminder("U1", "a"); err != nil || ok {
		t.Fatalf("second CancelReminder: %v, %v", ok, err)
	}
	if _, ok, err := s.Reminder("U1", "a"); err != nil || ok {
		t.Errorf("Reminder after cancel: %v, %v", ok, err)
	}
	due, err := s.DueReminders(t0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"U2/a"}, pairs(due)); diff != "" {
		t.Errorf("DueReminders after cancel (-want +got):\n%s", diff)
	}
	byS, err := s.SessionReminders("a")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"U2/a"}, pairs(byS)); diff != "" {
		t.Errorf("SessionReminders after cancel (-want +got):\n%s", diff)
	}
}

func TestUserAndSessionReminders(t *testing.T) {
	s := newStore(t)
	mustSet(t, s,
		rem("U1", "late", t0.Add(2*time.Hour)),
		rem("U1", "none", time.Time{}),
		rem("U1", "b", t0),
		rem("U1", "a", t0),
		rem("U1", "gone", t0),
		rem("U1", "dropped", t0),
		rem("U10", "a", t0), // a user ID with U1 as prefix
		rem("U2", "a", t0.Add(time.Hour)),
	)
	if err := s.UpdateReminder("U1", "gone", func(r *Reminder) error { r.Sent = t0; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateReminder("U1", "dropped", func(r *Reminder) error { r.Dropped = t0; return nil }); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		get  func() ([]Reminder, error)
		want []string
	}{
		// The agenda: a sent reminder stays (its session may not have
		// started), a dropped one goes.
		{"user by start, unscheduled last", func() ([]Reminder, error) { return s.UserReminders("U1") },
			[]string{"U1/a", "U1/b", "U1/gone", "U1/late", "U1/none"}},
		{"user with none", func() ([]Reminder, error) { return s.UserReminders("U3") }, nil},
		{"session", func() ([]Reminder, error) { return s.SessionReminders("a") }, []string{"U1/a", "U10/a", "U2/a"}},
		{"session sent only", func() ([]Reminder, error) { return s.SessionReminders("gone") }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.get()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, pairs(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDueReminders(t *testing.T) {
	s := newStore(t)
	mustSet(t, s,
		rem("U1", "c", t0.Add(time.Hour)),
		rem("U1", "b", t0),
		rem("U2", "b", t0),
		rem("U1", "a", t0.Add(-time.Hour)),
		rem("U1", "none", time.Time{}),
		rem("U1", "sent", t0.Add(-time.Hour)),
		rem("U1", "dropped", t0.Add(-time.Hour)),
		rem("U1", "old", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)),
	)
	for id, set := range map[string]func(*Reminder){
		"sent":    func(r *Reminder) { r.Sent = t0 },
		"dropped": func(r *Reminder) { r.Dropped = t0 },
	} {
		if err := s.UpdateReminder("U1", id, func(r *Reminder) error { set(r); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		now   time.Time
		limit int
		want  []string
	}{
		{"before any", time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC), 0, nil},
		{"exactly at due", t0.Add(-lead), 0, []string{"U1/old", "U1/a", "U1/b", "U2/b"}},
		{"a nanosecond before due", t0.Add(-lead - 1), 0, []string{"U1/old", "U1/a"}},
		{"limit", t0, 3, []string{"U1/old", "U1/a", "U1/b"}},
		{"all", t0.Add(24 * time.Hour), 0, []string{"U1/old", "U1/a", "U1/b", "U2/b", "U1/c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.DueReminders(tt.now, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, pairs(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestNextDue(t *testing.T) {
	s := newStore(t)
	if _, ok, err := s.NextDue(); err != nil || ok {
		t.Fatalf("NextDue on empty store: %v, %v", ok, err)
	}
	mustSet(t, s, rem("U1", "none", time.Time{}), rem("U1", "b", t0.Add(time.Hour)), rem("U1", "a", t0))
	got, ok, err := s.NextDue()
	if err != nil || !ok || !got.Equal(t0.Add(-lead)) {
		t.Fatalf("NextDue = %v, %v, %v; want %v", got, ok, err, t0.Add(-lead))
	}
	if err := s.UpdateReminder("U1", "a", func(r *Reminder) error { r.Sent = t0; return nil }); err != nil {
		t.Fatal(err)
	}
	got, ok, err = s.NextDue()
	if err != nil || !ok || !got.Equal(t0.Add(time.Hour-lead)) {
		t.Fatalf("NextDue after sending a = %v, %v, %v; want %v", got, ok, err, t0.Add(time.Hour-lead))
	}
}

func TestUpdateReminderMovesDue(t *testing.T) {
	s := newStore(t)
	mustSet(t, s, rem("U1", "a", t0))
	later := t0.Add(3 * time.Hour)
	err := s.UpdateReminder("U1", "a", func(r *Reminder) error {
		r.Start, r.Due = later, later.Add(-lead)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.DueReminders(t0, 0); err != nil || len(got) != 0 {
		t.Errorf("DueReminders at the old time: %v, %v; want none", pairs(got), err)
	}
	got, err := s.DueReminders(later, 0)
	if err != nil || len(got) != 1 || !got[0].Due.Equal(later.Add(-lead)) {
		t.Errorf("DueReminders at the new time: %+v, %v", got, err)
	}
}

func TestUpdateReminderErrors(t *testing.T) {
	s := newStore(t)
	if err := s.UpdateReminder("U1", "a", func(*Reminder) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("UpdateReminder of a missing reminder: %v, want ErrNotFound", err)
	}
	mustSet(t, s, rem("U1", "a", t0))
	boom := errors.New("boom")
	err := s.UpdateReminder("U1", "a", func(r *Reminder) error { r.Sent = t0; return boom })
	if !errors.Is(err, boom) {
		t.Errorf("UpdateReminder with a failing fn: %v, want boom", err)
	}
	if r, _, _ := s.Reminder("U1", "a"); !r.Pending() {
		t.Errorf("a failed update was written: %+v", r)
	}
	err = s.UpdateReminder("U1", "a", func(r *Reminder) error { r.UserID = "U2"; return nil })
	if err == nil {
		t.Error("UpdateReminder changing the user succeeded")
	}
}
