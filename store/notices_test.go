package store

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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
	if err := s.RetryNotice(id2, next, "channel_not_found", false); err != nil {
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
		"retry": s.RetryNotice(id1, next, "x", false),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s of a sent notice: %v, want ErrNotFound", name, err)
		}
	}
}

// TestRetryNoticeKeepsClaim: a retry that keeps the claim does so in the
// same transaction, so no crash can leave the notice unclaimed after a post
// that may have reached Slack.
func TestRetryNoticeKeepsClaim(t *testing.T) {
	s := newStore(t)
	if _, _, err := s.AddFollow("U1", "rust", t0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.NotifyFollows("U1", map[string][]string{"rust": {"a"}}, t0); err != nil {
		t.Fatal(err)
	}
	all, err := s.PendingNotices(0)
	if err != nil || len(all) != 1 {
		t.Fatalf("PendingNotices = %v, %v", all, err)
	}
	claimed, next := t0.Add(time.Minute), t0.Add(time.Hour)
	if err := s.ClaimNotice(all[0].ID, claimed); err != nil {
		t.Fatal(err)
	}
	if err := s.RetryNotice(all[0].ID, next, "timeout", true); err != nil {
		t.Fatal(err)
	}
	got, err := s.PendingNotices(0)
	if err != nil || len(got) != 1 {
		t.Fatalf("PendingNotices = %v, %v", got, err)
	}
	if n := got[0]; !n.Claimed.Equal(claimed) || !n.NextTry.Equal(next) || n.Attempts != 1 || n.LastError != "timeout" {
		t.Errorf("after a retry keeping the claim: %+v", n)
	}
}

// TestAdminNoticesWithMeta: notices queued with a meta update or a commit
// land in the same transaction; a notice without a user fails the whole
// transaction, the meta change included.
func TestAdminNoticesWithMeta(t *testing.T) {
	s := newStore(t)
	held := Notice{UserID: "U1", Kind: NoticeAdmin, Text: "held", Hold: "abc", Created: t0}
	if err := s.UpdateMeta(func(m *Meta) { m.LastError = "held" }, held); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateMeta(func(m *Meta) { m.LastError = "lost" }, Notice{Kind: NoticeAdmin, Text: "nobody"}); err == nil {
		t.Fatal("a notice without a user: no error")
	}
	if m, _ := s.Meta(); m.LastError != "held" {
		t.Errorf("LastError = %q: the failed transaction changed the meta", m.LastError)
	}
	accepted := Notice{UserID: "U1", Kind: NoticeAdmin, Text: "accepted by " + ActorMention, Actor: "U2", Created: t0}
	if _, err := s.Apply(Commit{Now: t0, Notices: []Notice{accepted}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.PendingNotices(0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Notice{held, accepted}, got, cmpopts.IgnoreFields(Notice{}, "ID")); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
}
