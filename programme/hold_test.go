package programme

import (
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/store"
)

// shrunk syncs a programme of six and then a source listing one of them,
// which the drop guard must hold; it returns the held hash.
func shrunk(t *testing.T, e *env) string {
	t.Helper()
	e.write(talks(1, 6)...)
	e.sync(t0, SyncOptions{})
	e.write(talk(1))
	rep := e.sync(t0.Add(10*time.Minute), SyncOptions{})
	if !rep.Held || rep.HeldHash == "" || len(rep.Diff.Removed) != 5 {
		t.Fatalf("shrunk source: Held = %v, %d removed; want held, 5 removed", rep.Held, len(rep.Diff.Removed))
	}
	ns := e.notices()
	if len(ns) != 1 || !strings.Contains(ns[0].Text, "1 sessions instead of 6") || ns[0].Hold != rep.HeldHash || ns[0].UserID != admin {
		t.Fatalf("admin notices = %+v, want one about 1 instead of 6 offering to accept %s", ns, short(rep.HeldHash))
	}
	return rep.HeldHash
}

// TestHoldNeverAcceptedByRepetition: a page broken for twenty minutes at
// the default poll (every 10 minutes) is seen three times in a row; the
// programme must stay, with one notice to the admins.
func TestHoldNeverAcceptedByRepetition(t *testing.T) {
	e := newEnv(t, nil)
	shrunk(t, e)
	for i := 2; i <= 4; i++ {
		if rep := e.sync(t0.Add(time.Duration(i)*10*time.Minute), SyncOptions{}); !rep.Held || rep.Accepted {
			t.Fatalf("poll %d: Held = %v, Accepted = %v; want still held", i, rep.Held, rep.Accepted)
		}
	}
	if got := catalogueIDs(t, e); len(got) != 6 {
		t.Errorf("catalogue after the outage = %v, want all six", got)
	}
	if got := search(t, e, "cheetah"); !slicesEqual(got, []string{"talk-02"}) {
		t.Errorf("search cheetah = %v, want talk-02", got)
	}
	if n := len(e.notices()); n != 1 {
		t.Errorf("admins got %d notices, want 1 for one held snapshot", n)
	}
	if m := mustMeta(t, e); !m.Held.FirstSeen.Equal(t0.Add(10 * time.Minute)) {
		t.Errorf("held since %v, want the first sighting", m.Held.FirstSeen)
	}
}

func mustMeta(t *testing.T, e *env) store.Meta {
	t.Helper()
	m, err := e.st.Meta()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestHoldReleased: the source recovers, to the last good content or to
// a programme that is fine; the held snapshot is dropped and the admins
// are told once.
func TestHoldReleased(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after int // the source lists talks 1…after
	}{{"back to the last good", 6}, {"a new programme that is fine", 7}} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			shrunk(t, e)
			e.write(talks(1, tc.after)...)
			if rep := e.sync(t0.Add(20*time.Minute), SyncOptions{}); !rep.Released || rep.Held {
				t.Fatalf("recovered: Released = %v, Held = %v", rep.Released, rep.Held)
			}
			e.sync(t0.Add(30*time.Minute), SyncOptions{})
			texts := e.texts()
			if len(texts) != 2 || !strings.Contains(texts[1], "was dropped: the source recovered") {
				t.Errorf("admin notices = %q, want the hold and one about dropping it", texts)
			}
			if m := mustMeta(t, e); m.Held.Hash != "" || m.LastError != "" {
				t.Errorf("meta after recovery: Held %+v, LastError %q", m.Held, m.LastError)
			}
			if got := catalogueIDs(t, e); len(got) != tc.after {
				t.Errorf("catalogue = %v", got)
			}
		})
	}
}

// TestHoldAccepted: an admin's button (Accept with the held hash), a forced
// sync, or source.drop_hold lets the drop through, and the admins are told
// who accepted it.
func TestHoldAccepted(t *testing.T) {
	accepted := func(t *testing.T, e *env, rep Report, want string) {
		t.Helper()
		if !rep.Accepted || rep.Held {
			t.Fatalf("Accepted = %v, Held = %v; want accepted", rep.Accepted, rep.Held)
		}
		if got := catalogueIDs(t, e); !slicesEqual(got, []string{"talk-01"}) {
			t.Errorf("catalogue after acceptance = %v", got)
		}
		if got := search(t, e, "cheetah"); len(got) != 0 {
			t.Errorf("search cheetah after acceptance = %v, want nothing", got)
		}
		if m := mustMeta(t, e); m.Held.Hash != "" || m.LastError != "" {
			t.Errorf("meta after acceptance: Held %+v, LastError %q", m.Held, m.LastError)
		}
		ns := e.notices()
		if last := ns[len(ns)-1]; !strings.Contains(last.Text, want) {
			t.Errorf("last admin notice %q, want it to contain %q", last.Text, want)
		}
	}
	t.Run("button", func(t *testing.T) {
		e := newEnv(t, nil)
		hash := shrunk(t, e)
		rep := e.sync(t0.Add(20*time.Minute), SyncOptions{Accept: hash, By: admin})
		accepted(t, e, rep, "was accepted by "+store.ActorMention)
		if ns := e.notices(); ns[len(ns)-1].Actor != admin {
			t.Errorf("acceptance notice names %q, want %s", ns[len(ns)-1].Actor, admin)
		}
		if rep := e.sync(t0.Add(30*time.Minute), SyncOptions{Accept: hash, By: admin}); !rep.Stale {
			t.Errorf("a second press: Stale = false, want nothing done")
		}
	})
	t.Run("command line", func(t *testing.T) {
		e := newEnv(t, nil)
		shrunk(t, e)
		accepted(t, e, e.sync(t0.Add(20*time.Minute), SyncOptions{Force: true}), "`sessionbot sync -force` on the command line")
	})
	t.Run("forced without a hold", func(t *testing.T) {
		e := newEnv(t, nil)
		e.write(talks(1, 6)...)
		e.sync(t0, SyncOptions{})
		e.write(talk(1))
		accepted(t, e, e.sync(t0.Add(time.Minute), SyncOptions{Force: true, By: admin}), "was accepted by")
	})
	t.Run("drop_hold", func(t *testing.T) {
		e := newEnv(t, func(s *Syncer) { s.Source.DropHold = time.Hour })
		shrunk(t, e) // held at t0+10m
		if n := e.notices(); !strings.Contains(n[0].Text, "unchanged for 1h0m0s (source.drop_hold)") {
			t.Errorf("hold notice does not mention source.drop_hold: %q", n[0].Text)
		}
		if rep := e.sync(t0.Add(69*time.Minute), SyncOptions{}); !rep.Held {
			t.Fatalf("59 minutes into a 1h drop_hold: not held")
		}
		accepted(t, e, e.sync(t0.Add(70*time.Minute), SyncOptions{}), "unchanged for 1h0m0s (source.drop_hold)")
	})
}

// TestHoldRestartsOnNewContent: a broken page that changes is a new
// snapshot: held anew (the admins are told), and drop_hold counts from its
// first sighting.
func TestHoldRestartsOnNewContent(t *testing.T) {
	e := newEnv(t, func(s *Syncer) { s.Source.DropHold = time.Hour })
	first := shrunk(t, e)
	e.write(talk(2))
	rep := e.sync(t0.Add(40*time.Minute), SyncOptions{})
	if !rep.Held || rep.HeldHash == first {
		t.Fatalf("a different broken page: Held = %v, same hash %v", rep.Held, rep.HeldHash == first)
	}
	if rep := e.sync(t0.Add(80*time.Minute), SyncOptions{}); !rep.Held {
		t.Errorf("held 40 minutes, accepted by a 1h drop_hold counting from the first page")
	}
	if n := len(e.notices()); n != 2 {
		t.Errorf("admins got %d notices for two distinct held snapshots, want 2", n)
	}
	if rep := e.sync(t0.Add(100*time.Minute), SyncOptions{Accept: first, By: admin}); !rep.Stale {
		t.Errorf("accepting the first, replaced, snapshot: Stale = false")
	}
	if got := catalogueIDs(t, e); len(got) != 6 {
		t.Errorf("catalogue = %v, want all six", got)
	}
}

// TestHoldDryRun reports the hold and records nothing.
func TestHoldDryRun(t *testing.T) {
	e := newEnv(t, nil)
	e.write(talks(1, 6)...)
	e.sync(t0, SyncOptions{})
	e.write(talk(1))
	if rep := e.sync(t0.Add(time.Minute), SyncOptions{DryRun: true}); !rep.Held {
		t.Errorf("dry run does not report the hold")
	}
	if m := mustMeta(t, e); m.Held.Hash != "" || len(e.notices()) != 0 {
		t.Errorf("dry run recorded a hold: %+v, %d notices", m.Held, len(e.notices()))
	}
}
