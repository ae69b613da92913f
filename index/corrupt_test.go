package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/session"
)

// damageQueries exercise every part of a search: free text, a phrase, a
// prefix, a speaker, a filter only.
var damageQueries = []string{"database", "cluster orchestrators", `"apache cassandra"`, "serverl", "zack bloom", "room:none", "kubernetes secrets"}

// answers runs damageQueries and returns the IDs each finds.
func answers(t *testing.T, ix *Index) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, q := range damageQueries {
		res, err := ix.Search(t.Context(), ParseQuery(q, time.Time{}, nil))
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		ids := []string{}
		for _, h := range res.Hits {
			ids = append(ids, h.Session.ID)
		}
		out[q] = ids
	}
	return out
}

// seedIndex builds the seed programme's index in a new directory, closes it
// and returns the directory, the sessions and what damageQueries find.
func seedIndex(t *testing.T) (string, []session.Session, map[string][]string) {
	t.Helper()
	ss := loadSessions(t, seedFile, session.FormatText)
	dir := t.TempDir()
	ix := openTest(t, dir)
	syncTest(t, ix, ss)
	want := answers(t, ix)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, ss, want
}

// damagedCopy copies the index in src and overwrites the bytes between the
// fractions from and to of its (single) segment file with a pattern.
func damagedCopy(t *testing.T, src string, from, to float64) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	segs, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil || len(segs) != 1 {
		t.Fatalf("want one segment, got %v, %v", segs, err)
	}
	data, err := os.ReadFile(segs[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := int(from * float64(len(data))); i < int(to*float64(len(data))); i++ {
		data[i] = byte(i*31 + 7)
	}
	write(t, segs[0], data)
	return dir
}

// TestSearchDamagedSegment garbles one twentieth of a real segment at a
// time (the footer, which Open checks, left alone). Where Open does not
// notice, searches that fail must fail with ErrCorrupt, never panic, and
// after Rebuild every query must find what it found before the damage.
// Before, such an index answered some queries with "search failed" (or a
// panic) until it was deleted by hand.
func TestSearchDamagedSegment(t *testing.T) {
	src, ss, want := seedIndex(t)
	broken := 0
	for w := range 19 {
		from, to := float64(w)/20, float64(w+1)/20
		t.Run(fmt.Sprintf("bytes %.0f%%-%.0f%%", 100*from, 100*to), func(t *testing.T) {
			ix := openTest(t, damagedCopy(t, src, from, to))
			if ix.Rebuilt() {
				return // Open noticed and recreated it: TestOpenRebuilds
			}
			failed := 0
			for _, q := range damageQueries {
				_, err := ix.Search(t.Context(), ParseQuery(q, time.Time{}, nil))
				if err != nil {
					failed++
					if !IsCorrupt(err) {
						t.Errorf("search %q: %v, not IsCorrupt", q, err)
					}
				}
			}
			if failed == 0 {
				return
			}
			broken++
			st, err := ix.Rebuild(func() ([]session.Session, error) { return ss, nil })
			if err != nil || st.Upserted != len(ss) {
				t.Fatalf("Rebuild = %+v, %v; want %d sessions indexed", st, err, len(ss))
			}
			if diff := cmp.Diff(want, answers(t, ix)); diff != "" {
				t.Errorf("after Rebuild (-before the damage +after):\n%s", diff)
			}
		})
	}
	if broken == 0 {
		t.Fatal("no damage made a search fail: the test proves nothing")
	}
	t.Logf("%d of 19 damaged copies failed searches", broken)
}

// TestRebuildUnderLoad rebuilds while searches run: they wait for it and
// never see a half-filled index.
func TestRebuildUnderLoad(t *testing.T) {
	src, ss, want := seedIndex(t)
	ix := openTest(t, src)
	ctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for ctx.Err() == nil {
				res, err := ix.Search(ctx, ParseQuery("database", time.Time{}, nil))
				if err == nil && len(res.Hits) != len(want["database"]) {
					t.Errorf("a search during Rebuild found %d sessions, want %d", len(res.Hits), len(want["database"]))
				}
			}
		})
	}
	for range 3 {
		if _, err := ix.Rebuild(func() ([]session.Session, error) { return ss, nil }); err != nil {
			t.Fatal(err)
		}
	}
	stop()
	wg.Wait()
	if diff := cmp.Diff(want, answers(t, ix)); diff != "" {
		t.Errorf("after Rebuild (-want +got):\n%s", diff)
	}
}

func TestRebuildFailures(t *testing.T) {
	src, _, want := seedIndex(t)
	ix := openTest(t, src)
	failing := func() ([]session.Session, error) { return nil, errors.New("store unreadable") }
	if _, err := ix.Rebuild(failing); err == nil {
		t.Fatal("Rebuild succeeded although its sessions could not be loaded")
	}
	if diff := cmp.Diff(want, answers(t, ix)); diff != "" {
		t.Errorf("a failed load changed the index (-want +got):\n%s", diff)
	}
	ix.Close()
	if _, err := ix.Rebuild(failing); !errors.Is(err, ErrClosed) {
		t.Errorf("Rebuild after Close: %v, want ErrClosed", err)
	}
}

// TestGuardSearch: what ends a search that is not the files' fault is not
// ErrCorrupt; everything else, panics included, is.
func TestGuardSearch(t *testing.T) {
	tests := []struct {
		name    string
		search  func() (Result, error)
		corrupt bool
	}{
		{"ok", func() (Result, error) { return Result{}, nil }, false},
		{"canceled", func() (Result, error) { return Result{}, fmt.Errorf("x: %w", context.Canceled) }, false},
		{"deadline", func() (Result, error) { return Result{}, fmt.Errorf("x: %w", context.DeadlineExceeded) }, false},
		{"closed", func() (Result, error) { return Result{}, ErrClosed }, false},
		{"read error", func() (Result, error) { return Result{}, errors.New("error loading roaring bitmap") }, true},
		{"panic", func() (Result, error) { panic("slice bounds out of range") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := ParseQuery("kubernetes", time.Time{}, nil)
			_, err := guardSearch(q, tt.search)
			if IsCorrupt(err) != tt.corrupt {
				t.Errorf("IsCorrupt(%v) = %v, want %v", err, !tt.corrupt, tt.corrupt)
			}
		})
	}
}
