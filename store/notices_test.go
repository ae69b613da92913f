package store

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestNotices(t *testing.T) {
	s := newStore(t)
	for _, u := range []string{"U1", "U2", "U3"} {
		if _, _, err := s.AddFollow(u, "rust", t0); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.NotifyFollows(u, map[string][]string{"rust": {"a"}}, t0); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.PendingNotices(0)
	if err != nil || len(all) != 3 {
		t.Fatalf("PendingNotices = %d, %v; want 3", len(all), err)
	}
	first2, err := s.PendingNotices(2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(all[:2], first2); diff != "" {
		t.Errorf("PendingNotices(2) (-want +got):\n%s", diff)
	}
	id1, id2 := all[0].ID, all[1].ID
	claimed := t0.Add(time.Minute)
	if err := s.ClaimNotice(id1, claimed); err != nil {
		t.Fatal(err)
	}
	if err := s.NoticeSent(id1); err != nil {
		t.Fatal(err)
	}
	if err := s.NoticeSent(id1); err != nil {
		t.Errorf("second NoticeSent: %v", err)
	}
	if err := s.ClaimNotice(id2, claimed); err != nil {
		t.Fatal(err)
	}
	next := t0.Add(time.Hour)
	if err := s.RetryNotice(id2, next, "channel_not_found"); err != nil {
		t.Fatal(err)
	}
	got, err := s.PendingNotices(0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Notice{all[1], all[2]}
	want[0].Attempts, want[0].NextTry, want[0].LastError = 1, next, "channel_not_found"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after claim/sent/retry (-want +got):\n%s", diff)
	}
	for name, err := range map[string]error{
		"claim": s.ClaimNotice(id1, claimed),
		"retry": s.RetryNotice(id1, next, "x"),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s of a sent notice: %v, want ErrNotFound", name, err)
		}
	}
}
