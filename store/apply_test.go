package store

import (
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sessionbot/sessionbot/session"
)

// TestApplySequence walks one data directory through a conference's life:
// each step optionally restarts, applies a snapshot, optionally posts what
// is pending, then checks what Apply did and what is still waiting.
func TestApplySequence(t *testing.T) {
	steps := []struct {
		name        string
		restart     bool // Close and Open before the step
		ids         []string
		announce    bool
		post        bool // post every pending entry after applying
		want        Applied
		wantPending [][]string // session IDs of each pending entry
	}{
		{name: "first sync indexes quietly", ids: ids("a", "b", "c"),
			want: Applied{New: ids("a", "b", "c")}},
		{name: "three added are queued together", ids: ids("a", "b", "c", "d", "e", "f"), announce: true,
			want: Applied{New: ids("d", "e", "f"), Queued: []uint64{1}}, wantPending: [][]string{ids("d", "e", "f")}},
		{name: "same snapshot again queues nothing", ids: ids("a", "b", "c", "d", "e", "f"), announce: true,
			wantPending: [][]string{ids("d", "e", "f")}},
		{name: "found but not posted survives a restart", restart: true, ids: ids("a", "b", "c", "d", "e", "f"), announce: true,
			wantPending: [][]string{ids("d", "e", "f")}},
		{name: "posted", ids: ids("a", "b", "c", "d", "e", "f"), announce: true, post: true},
		{name: "announced session vanishes", ids: ids("a", "b", "c", "e", "f"), announce: true,
			want: Applied{Removed: ids("d")}},
		{name: "announced session comes back: not new", ids: ids("a", "b", "c", "d", "e", "f"), announce: true,
			want: Applied{Reappeared: ids("d"), Changed: ids("d")}},
		{name: "quietly indexed session vanishes", restart: true, ids: ids("b", "c", "d", "e", "f"), announce: true,
			want: Applied{Removed: ids("a")}},
		{name: "quietly indexed session comes back after a restart: not new", restart: true, ids: ids("a", "b", "c", "d", "e", "f"), announce: true,
			want: Applied{Reappeared: ids("a"), Changed: ids("a")}},
		{name: "a really new session after all that", ids: ids("a", "b", "c", "d", "e", "f", "g"), announce: true,
			want: Applied{New: ids("g"), Queued: []uint64{2}}, wantPending: [][]string{ids("g")}},
	}
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	s := openT(t, path)
	for i, step := range steps {
		now := t0.Add(time.Duration(i) * time.Hour)
		if step.restart {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = openT(t, path)
		}
		got := mustApply(t, s, Commit{Sessions: sessions(step.ids...), Now: now, Announce: step.announce})
		if diff := cmp.Diff(step.want, got, ignoreVersion); diff != "" {
			t.Errorf("step %d %q: Applied (-want +got):\n%s", i, step.name, diff)
		}
		if step.post {
			postAll(t, s, now)
		}
		if diff := cmp.Diff(step.wantPending, pendingIDs(t, s)); diff != "" {
			t.Errorf("step %d %q: pending (-want +got):\n%s", i, step.name, diff)
		}
	}
	d, _, err := s.Known("d")
	if err != nil {
		t.Fatal(err)
	}
	want := Entry{Session: sessions("d")[0], FirstSeen: t0.Add(time.Hour), Announced: t0.Add(4 * time.Hour)}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("Known(d) at the end (-want +got):\n%s", diff)
	}
}

func TestApplyTombstone(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	mustApply(t, s, Commit{Sessions: sessions("a", "b"), Now: t0})
	mustApply(t, s, Commit{Sessions: sessions("b"), Now: t0.Add(time.Hour)})
	cat, err := s.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sessions("b"), cat); diff != "" {
		t.Errorf("Catalogue (-want +got):\n%s", diff)
	}
	a, ok, err := s.Known("a")
	want := Entry{Session: sessions("a")[0], FirstSeen: t0, Removed: t0.Add(time.Hour), Baseline: true}
	if err != nil || !ok {
		t.Fatalf("Known(a) = %v, %v", ok, err)
	}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Errorf("tombstone (-want +got):\n%s", diff)
	}
	if _, ok, _ := s.Known("zzz"); ok {
		t.Error("Known(zzz) reported a session never seen")
	}
}

func TestApplyUpdatesSessionKeepsHistory(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0, Announce: true})
	postAll(t, s, t0)
	moved := sessions("a")
	moved[0].Room = "Room 2"
	got := mustApply(t, s, Commit{Sessions: moved, Now: t0.Add(time.Hour), Announce: true})
	if diff := cmp.Diff(Applied{Changed: []string{"a"}}, got, ignoreVersion); diff != "" {
		t.Errorf("Applied (-want +got):\n%s", diff)
	}
	e, _, err := s.Known("a")
	if err != nil {
		t.Fatal(err)
	}
	want := Entry{Session: moved[0], FirstSeen: t0, Announced: t0}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("Known(a) (-want +got):\n%s", diff)
	}
}

// TestApplyConcurrentSyncs runs the same sync several times at once (a
// scheduled sync racing "/session sync"): the new sessions are queued once.
func TestApplyConcurrentSyncs(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0})
	c := Commit{Sessions: sessions("a", "b", "c"), Now: t0.Add(time.Hour), Announce: true}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := s.Apply(c); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if diff := cmp.Diff([][]string{ids("b", "c")}, pendingIDs(t, s)); diff != "" {
		t.Errorf("pending (-want +got):\n%s", diff)
	}
}

func TestApplyRejectsBadSnapshot(t *testing.T) {
	tests := []struct {
		name     string
		sessions []session.Session
	}{
		{"duplicate ID", sessions("b", "c", "b")},
		{"empty ID", append(sessions("b"), session.Session{Title: "No ID"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
			mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0, Meta: Meta{Hash: "h1"}})
			before := snapshot(t, s)
			if _, err := s.Apply(Commit{Sessions: tt.sessions, Now: t0, Announce: true, Meta: Meta{Hash: "h2"}}); err == nil {
				t.Fatal("Apply accepted a bad snapshot")
			}
			if diff := cmp.Diff(before, snapshot(t, s)); diff != "" {
				t.Errorf("a refused Apply changed the store (-before +after):\n%s", diff)
			}
		})
	}
}

func TestApplySavesMeta(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	meta := Meta{ETag: `"e"`, Hash: "h", LastAttempt: t0, LastSuccess: t0}
	mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0, Meta: meta})
	got, err := s.Meta()
	if err != nil {
		t.Fatal(err)
	}
	meta.Synced = true // Apply records that a snapshot was applied
	if diff := cmp.Diff(meta, got, ignoreVersion); diff != "" {
		t.Errorf("Meta (-want +got):\n%s", diff)
	}
}

func TestAddedSince(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	mustApply(t, s, Commit{Sessions: sessions("old"), Now: t0})
	mustApply(t, s, Commit{Sessions: sessions("old", "b1", "a1"), Now: t0.Add(time.Hour)})
	mustApply(t, s, Commit{Sessions: sessions("old", "b1", "a1", "gone", "c2"), Now: t0.Add(2 * time.Hour)})
	mustApply(t, s, Commit{Sessions: sessions("old", "b1", "a1", "c2"), Now: t0.Add(3 * time.Hour)})
	tests := []struct {
		name  string
		since time.Time
		want  []string
	}{
		{"newest first, ties by ID; the quiet first sync is baseline", t0, ids("c2", "a1", "b1")},
		{"boundary is inclusive", t0.Add(time.Hour), ids("c2", "a1", "b1")},
		{"tombstones left out", t0.Add(2 * time.Hour), ids("c2")},
		{"nothing yet", t0.Add(4 * time.Hour), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, err := s.AddedSince(tt.since)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				got = append(got, e.Session.ID)
			}
			if diff := cmp.Diff(tt.want, got, ignoreVersion); diff != "" {
				t.Errorf("AddedSince (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAddedSinceAnnouncedFirstSync(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	mustApply(t, s, Commit{Sessions: sessions("first"), Now: t0, Announce: true})
	mustApply(t, s, Commit{Sessions: sessions("first", "second"), Now: t0.Add(time.Hour)})
	entries, err := s.AddedSince(t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[1].Session.ID != "first" || entries[0].Baseline || entries[1].Baseline {
		t.Errorf("AddedSince after an announced first sync = %+v, want second and first, no baseline", entries)
	}
}

// ids is a readable []string literal.
func ids(id ...string) []string { return id }

// pendingIDs lists the session IDs of each pending outbox entry.
func pendingIDs(t *testing.T, s *Store) [][]string {
	t.Helper()
	pending, err := s.Pending()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, o := range pending {
		out = append(out, slices.Clone(o.SessionIDs))
	}
	return out
}

// postAll marks every pending entry posted at now.
func postAll(t *testing.T, s *Store, now time.Time) {
	t.Helper()
	pending, err := s.Pending()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range pending {
		if err := s.Posted(o.ID, now); err != nil {
			t.Fatal(err)
		}
	}
}

// ignoreVersion leaves out the catalogue version, random by design
// (TestCatalogueVersion checks it).
var ignoreVersion = cmp.Options{cmpopts.IgnoreFields(Applied{}, "Version"), cmpopts.IgnoreFields(Meta{}, "CatalogueVersion")}

// TestCatalogueVersion: a commit that changes the catalogue gives it a new
// version; one that changes nothing keeps it.
func TestCatalogueVersion(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "sessionbot.db"))
	v1 := mustApply(t, s, Commit{Sessions: sessions("a", "b"), Now: t0}).Version
	v2 := mustApply(t, s, Commit{Sessions: sessions("a", "b"), Now: t0.Add(time.Hour)}).Version
	v3 := mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0.Add(2 * time.Hour)}).Version
	m, err := s.Meta()
	if err != nil {
		t.Fatal(err)
	}
	if v1 == "" || v2 != v1 || v3 == v2 || m.CatalogueVersion != v3 {
		t.Errorf("versions %q, %q, %q, meta %q: want new, same, new, the last", v1, v2, v3, m.CatalogueVersion)
	}
}
