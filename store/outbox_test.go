package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/session"
)

// TestOutboxSurvivesCrash is the crash between "found" and "posted": the
// process stops after Apply queued an entry and before Posted; after a
// restart the entry is pending, and once posted it is gone for good.
func TestOutboxSurvivesCrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	s := openT(t, path)
	mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0})
	a := mustApply(t, s, Commit{Sessions: sessions("a", "b"), Now: t0.Add(time.Hour), Announce: true})
	if err := s.Close(); err != nil { // the crash
		t.Fatal(err)
	}
	s = openT(t, path)
	pending, err := s.Pending()
	if err != nil {
		t.Fatal(err)
	}
	want := []Outbox{{ID: a.Queued[0], Kind: KindNew, Created: t0.Add(time.Hour), SessionIDs: ids("b")}}
	if diff := cmp.Diff(want, pending); diff != "" {
		t.Fatalf("pending after restart (-want +got):\n%s", diff)
	}
	if err := s.Posted(pending[0].ID, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openT(t, path)
	if got := pendingIDs(t, s); got != nil {
		t.Errorf("pending after posting and restarting: %v", got)
	}
	mustApply(t, s, Commit{Sessions: sessions("a", "b"), Now: t0.Add(3 * time.Hour), Announce: true})
	if got := pendingIDs(t, s); got != nil {
		t.Errorf("pending after another sync: %v", got)
	}
}

func TestPosted(t *testing.T) {
	posted := t0.Add(time.Hour)
	tests := []struct {
		name  string
		post  func(s *Store, id uint64) error
		wantB time.Time // Announced of session b afterwards
	}{
		{"once", func(s *Store, id uint64) error { return s.Posted(id, posted) }, posted},
		{"twice keeps the first time", func(s *Store, id uint64) error {
			if err := s.Posted(id, posted); err != nil {
				return err
			}
			return s.Posted(id, posted.Add(time.Minute))
		}, posted},
		{"unknown ID is not an error", func(s *Store, id uint64) error { return s.Posted(id+100, posted) }, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
			mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0})
			a := mustApply(t, s, Commit{Sessions: sessions("a", "b"), Now: t0, Announce: true})
			if err := tt.post(s, a.Queued[0]); err != nil {
				t.Fatal(err)
			}
			b, _, err := s.Known("b")
			if err != nil {
				t.Fatal(err)
			}
			if !b.Announced.Equal(tt.wantB) {
				t.Errorf("b.Announced = %v, want %v", b.Announced, tt.wantB)
			}
			if aa, _, _ := s.Known("a"); !aa.Announced.IsZero() {
				t.Errorf("a was never queued but has Announced %v", aa.Announced)
			}
		})
	}
}

// TestPostedShown marks only the sessions the message showed: one removed
// before the post, and so left out, is not recorded as announced.
func TestPostedShown(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0})
	q := mustApply(t, s, Commit{Sessions: sessions("a", "b", "c"), Now: t0, Announce: true})
	mustApply(t, s, Commit{Sessions: sessions("a", "b"), Now: t0.Add(time.Minute)}) // c gone before the post
	posted := t0.Add(time.Hour)
	if err := s.PostedShown(q.Queued[0], ids("b", "a"), posted); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{"a": {}, "b": posted, "c": {}} // a: shown but not in the entry
	for id, when := range want {
		e, _, err := s.Known(id)
		if err != nil {
			t.Fatal(err)
		}
		if !e.Announced.Equal(when) {
			t.Errorf("%s.Announced = %v, want %v", id, e.Announced, when)
		}
	}
	if got := pendingIDs(t, s); got != nil {
		t.Errorf("pending after PostedShown: %v", got)
	}
}

func TestChangesEntry(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	old := sessions("a", "b")
	mustApply(t, s, Commit{Sessions: old, Now: t0})
	moved := sessions("a", "b", "c")
	moved[0].Room = "Room 2"
	changes := []session.Change{{Old: old[0], New: moved[0], Fields: []string{"room"}}}

	quiet := mustApply(t, s, Commit{Sessions: moved, Now: t0.Add(time.Hour), Changes: changes})
	if quiet.Queued != nil {
		t.Fatalf("Announce=false queued %v", quiet.Queued)
	}
	moved = append(moved, sessions("d")...)
	a := mustApply(t, s, Commit{Sessions: moved, Now: t0.Add(2 * time.Hour), Changes: changes, Announce: true})
	pending, err := s.Pending()
	if err != nil {
		t.Fatal(err)
	}
	created := t0.Add(2 * time.Hour)
	want := []Outbox{
		{ID: a.Queued[0], Kind: KindNew, Created: created, SessionIDs: ids("d")},
		{ID: a.Queued[1], Kind: KindChanges, Created: created, SessionIDs: ids("a"), Changes: changes},
	}
	if diff := cmp.Diff(want, pending); diff != "" {
		t.Fatalf("pending (-want +got):\n%s", diff)
	}
	if err := s.Posted(a.Queued[1], created); err != nil {
		t.Fatal(err)
	}
	if e, _, _ := s.Known("a"); !e.Announced.IsZero() {
		t.Error("posting a change notice marked the session announced as new")
	}
}

func TestRetry(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0, Announce: true})
	pending, err := s.Pending()
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending: %v, %v", pending, err)
	}
	id := pending[0].ID
	for i, msg := range []string{"ratelimited", "channel_not_found"} {
		if err := s.Retry(id, t0.Add(time.Duration(i+1)*time.Minute), msg); err != nil {
			t.Fatal(err)
		}
	}
	pending, err = s.Pending()
	if err != nil {
		t.Fatal(err)
	}
	want := []Outbox{{ID: id, Kind: KindNew, Created: t0, SessionIDs: ids("a"),
		Attempts: 2, NextTry: t0.Add(2 * time.Minute), LastError: "channel_not_found"}}
	if diff := cmp.Diff(want, pending); diff != "" {
		t.Errorf("after two retries (-want +got):\n%s", diff)
	}
	if err := s.Retry(id+1, t0, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Retry of an unknown entry: got %v, want ErrNotFound", err)
	}
}

// TestClaimOutbox: a claim records when a post began and what it showed,
// survives a restart and a retry, and leaves with the entry.
func TestClaimOutbox(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	s := openT(t, path)
	mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0})
	a := mustApply(t, s, Commit{Sessions: sessions("a", "b", "c"), Now: t0, Announce: true})
	id := a.Queued[0]
	if err := s.ClaimOutbox(id, t0.Add(time.Minute), ids("b")); err != nil {
		t.Fatal(err)
	}
	if err := s.Retry(id, t0.Add(2*time.Minute), "timeout"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openT(t, path)
	pending, err := s.Pending()
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending: %v, %v", pending, err)
	}
	if o := pending[0]; !o.Claimed.Equal(t0.Add(time.Minute)) || !cmp.Equal(o.Shown, ids("b")) || o.Attempts != 1 {
		t.Errorf("entry after claim, retry and restart: %+v", o)
	}
	if err := s.ClaimOutbox(id+1, t0, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("ClaimOutbox of an unknown entry: got %v, want ErrNotFound", err)
	}
	if err := s.PostedShown(id, pending[0].Shown, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"b": true, "c": false} {
		if e, _, _ := s.Known(id); e.Announced.IsZero() == want {
			t.Errorf("%s announced = %v, want %v", id, !e.Announced.IsZero(), want)
		}
	}
}
