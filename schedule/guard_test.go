package schedule

import (
	"strings"
	"testing"
	"time"
)

// TestDropGuard shrinks the programme to one session: refused with one DM
// to the admins, then accepted when seen twice in a row, or at once when
// forced.
func TestDropGuard(t *testing.T) {
	t.Run("seen twice", func(t *testing.T) {
		e := newEnv(t, nil)
		e.write(talks(1, 6)...)
		e.sync(t0, SyncOptions{})
		e.write(talk(1))
		rep := e.sync(t0.Add(time.Minute), SyncOptions{})
		if !rep.Refused || len(rep.Diff.Removed) != 5 {
			t.Fatalf("shrunk source: Refused = %v, %d removed; want refused, 5 removed", rep.Refused, len(rep.Diff.Removed))
		}
		if got := catalogueIDs(t, e); len(got) != 6 {
			t.Fatalf("refused snapshot changed the catalogue: %v", got)
		}
		if dms := e.dms(); len(dms) != 1 || !strings.Contains(dms[0], "1 sessions instead of 6") {
			t.Fatalf("admin DMs = %q, want one about 1 instead of 6", dms)
		}
		if opened := e.slack.Calls("conversations.open"); len(opened) != 1 || opened[0].Param("users") != admin {
			t.Errorf("conversations.open calls = %+v", opened)
		}
		rep = e.sync(t0.Add(2*time.Minute), SyncOptions{})
		if rep.Refused {
			t.Fatalf("seen twice: still refused")
		}
		if got := catalogueIDs(t, e); !slicesEqual(got, []string{"talk-01"}) {
			t.Errorf("catalogue after acceptance = %v", got)
		}
		if got := search(t, e, "cheetah"); len(got) != 0 {
			t.Errorf("search cheetah after acceptance = %v, want nothing", got)
		}
		if m, _ := e.st.Meta(); m.Refused.Hash != "" || m.LastError != "" {
			t.Errorf("meta after acceptance: Refused %+v, LastError %q", m.Refused, m.LastError)
		}
		if dms := e.dms(); len(dms) != 1 {
			t.Errorf("admins got %d DMs, want 1", len(dms))
		}
	})
	t.Run("different broken pages in a row", func(t *testing.T) {
		e := newEnv(t, nil)
		e.write(talks(1, 6)...)
		e.sync(t0, SyncOptions{})
		e.write(talk(1))
		e.sync(t0.Add(time.Minute), SyncOptions{})
		e.write(talk(2))
		if rep := e.sync(t0.Add(2*time.Minute), SyncOptions{}); !rep.Refused {
			t.Errorf("a second, different broken snapshot was accepted")
		}
		if dms := e.dms(); len(dms) != 2 {
			t.Errorf("admins got %d DMs for two distinct refusals, want 2", len(dms))
		}
	})
	t.Run("forced", func(t *testing.T) {
		e := newEnv(t, nil)
		e.write(talks(1, 6)...)
		e.sync(t0, SyncOptions{})
		e.write(talk(1))
		if rep := e.sync(t0.Add(time.Minute), SyncOptions{Force: true}); rep.Refused {
			t.Fatalf("forced sync refused")
		}
		if got := catalogueIDs(t, e); !slicesEqual(got, []string{"talk-01"}) {
			t.Errorf("catalogue after forced sync = %v", got)
		}
		if dms := e.dms(); len(dms) != 0 {
			t.Errorf("forced sync notified admins: %q", dms)
		}
	})
	t.Run("dry run", func(t *testing.T) {
		e := newEnv(t, nil)
		e.write(talks(1, 6)...)
		e.sync(t0, SyncOptions{})
		e.write(talk(1))
		if rep := e.sync(t0.Add(time.Minute), SyncOptions{DryRun: true}); !rep.Refused {
			t.Errorf("dry run does not report the refusal")
		}
		if m, _ := e.st.Meta(); m.Refused.Hash != "" {
			t.Errorf("dry run recorded a refusal")
		}
		if rep := e.sync(t0.Add(2*time.Minute), SyncOptions{}); !rep.Refused {
			t.Errorf("a dry run counted as the first sighting")
		}
	})
}
