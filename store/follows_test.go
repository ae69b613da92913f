package store

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// queries lists the queries of follows, in order.
func queries(fs []Follow) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.UserID+":"+f.Query)
	}
	return out
}

func TestAddFollow(t *testing.T) {
	s := newStore(t)
	f, created, err := s.AddFollow("U1", "  Rust  Linux ", t0)
	if err != nil || !created {
		t.Fatalf("AddFollow: created=%v err=%v", created, err)
	}
	want := Follow{UserID: "U1", Query: "rust linux", Created: t0}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("AddFollow (-want +got):\n%s", diff)
	}
	f, created, err = s.AddFollow("U1", "rust\tlinux", t0.Add(time.Hour))
	if err != nil || created {
		t.Fatalf("second AddFollow: created=%v err=%v", created, err)
	}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("second AddFollow returned (-want +got):\n%s", diff)
	}
	if _, _, err := s.AddFollow("U1", "   ", t0); !errors.Is(err, ErrEmptyQuery) {
		t.Errorf("AddFollow of a blank query: %v, want ErrEmptyQuery", err)
	}
}

func TestAddFollowLimit(t *testing.T) {
	s := newStore(t)
	for i := range MaxFollows {
		if _, _, err := s.AddFollow("U1", fmt.Sprintf("topic %d", i), t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.AddFollow("U1", "one too many", t0); !errors.Is(err, ErrTooManyFollows) {
		t.Fatalf("21st follow: %v, want ErrTooManyFollows", err)
	}
	if _, created, err := s.AddFollow("U1", "Topic 3", t0); err != nil || created {
		t.Errorf("re-adding an existing follow at the limit: created=%v err=%v", created, err)
	}
	if _, _, err := s.AddFollow("U2", "one too many", t0); err != nil {
		t.Errorf("another user's follow: %v", err)
	}
}

func TestFollowLists(t *testing.T) {
	s := newStore(t)
	add := []struct {
		user, query string
		at          time.Duration
	}{{"U2", "go", 0}, {"U1", "zig", 0}, {"U1", "ada", time.Hour}, {"U1", "rust", -time.Hour}, {"U10", "c", 0}}
	for _, a := range add {
		if _, _, err := s.AddFollow(a.user, a.query, t0.Add(a.at)); err != nil {
			t.Fatal(err)
		}
	}
	user, err := s.UserFollows("U1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"U1:rust", "U1:zig", "U1:ada"}, queries(user)); diff != "" {
		t.Errorf("UserFollows (-want +got):\n%s", diff)
	}
	all, err := s.AllFollows()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"U1:rust", "U1:zig", "U1:ada", "U10:c", "U2:go"}, queries(all)); diff != "" {
		t.Errorf("AllFollows (-want +got):\n%s", diff)
	}
}

func TestRemoveFollows(t *testing.T) {
	s := newStore(t)
	for _, q := range []string{"rust", "go", "zig"} {
		for _, u := range []string{"U1", "U10"} {
			if _, _, err := s.AddFollow(u, q, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if ok, err := s.RemoveFollow("U1", " RUST "); err != nil || !ok {
		t.Fatalf("RemoveFollow: %v, %v", ok, err)
	}
	if ok, err := s.RemoveFollow("U1", "rust"); err != nil || ok {
		t.Fatalf("second RemoveFollow: %v, %v", ok, err)
	}
	if n, err := s.RemoveAllFollows("U1"); err != nil || n != 2 {
		t.Fatalf("RemoveAllFollows = %d, %v; want 2", n, err)
	}
	if n, err := s.RemoveAllFollows("U1"); err != nil || n != 0 {
		t.Fatalf("second RemoveAllFollows = %d, %v; want 0", n, err)
	}
	all, err := s.AllFollows()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"U10:go", "U10:rust", "U10:zig"}, queries(all)); diff != "" {
		t.Errorf("AllFollows after removals (-want +got):\n%s", diff)
	}
}

func TestNotifyFollows(t *testing.T) {
	s := newStore(t)
	for _, q := range []string{"rust", "linux", "go"} {
		if _, _, err := s.AddFollow("U1", q, t0); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name    string
		matches map[string][]string
		want    Notice // zero: none
	}{
		{"first", map[string][]string{"rust": {"b", "a"}, "Linux": {"a", "c", "c"}},
			Notice{UserID: "U1", Kind: NoticeFollow, SessionIDs: ids("a", "b", "c"), Queries: ids("linux", "rust"), Created: t0}},
		{"all told already", map[string][]string{"rust": {"a", "b"}, "linux": {"c"}}, Notice{}},
		{"one new", map[string][]string{"rust": {"a", "d"}, "go": {"a"}},
			Notice{UserID: "U1", Kind: NoticeFollow, SessionIDs: ids("a", "d"), Queries: ids("go", "rust"), Created: t0}},
		{"not followed", map[string][]string{"zig": {"z"}}, Notice{}},
		{"empty", nil, Notice{}},
	}
	var queued []Notice
	for _, st := range steps {
		n, ok, err := s.NotifyFollows("U1", st.matches, t0)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if ok != (st.want.Kind != "") {
			t.Errorf("%s: ok = %v", st.name, ok)
		}
		if diff := cmp.Diff(st.want, n, cmpopts.IgnoreFields(Notice{}, "ID")); diff != "" {
			t.Errorf("%s (-want +got):\n%s", st.name, diff)
		}
		if ok {
			queued = append(queued, n)
		}
	}
	pending, err := s.PendingNotices(0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(queued, pending); diff != "" {
		t.Errorf("PendingNotices (-notified +pending):\n%s", diff)
	}
	fs, err := s.UserFollows("U1")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, f := range fs {
		got[f.Query] = f.Notified
	}
	want := map[string][]string{"rust": ids("a", "b", "d"), "linux": ids("a", "c"), "go": ids("a")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Notified (-want +got):\n%s", diff)
	}
}
