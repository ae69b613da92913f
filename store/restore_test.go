package store

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// storeWith writes a closed store at path holding sessions ids.
func storeWith(t *testing.T, path string, ids ...string) {
	t.Helper()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustApply(t, s, Commit{Sessions: sessions(ids...), Now: t0})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// catalogueAt opens the store at path and returns its catalogue's IDs.
func catalogueAt(t *testing.T, path string) []string {
	t.Helper()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return mustCatalogue(t, s)
}

func TestInstall(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)
	damaged := func(t *testing.T, path string) { os.WriteFile(path, []byte("overwritten by accident"), 0o600) }
	tests := []struct {
		name     string
		current  func(t *testing.T, path string) // nil: no store yet
		wantKept bool
	}{
		{"replaces a store", func(t *testing.T, path string) { storeWith(t, path, "old") }, true},
		{"replaces a damaged store", damaged, true},
		{"no store yet", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			backup := filepath.Join(dir, "backup.db")
			storeWith(t, backup, "a", "b")
			path := filepath.Join(dir, "data", "sessionbot.db")
			os.MkdirAll(filepath.Dir(path), 0o700)
			var before []byte
			if tt.current != nil {
				tt.current(t, path)
				before, _ = os.ReadFile(path)
			}
			got, err := Install(backup, path, now, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Sessions != 2 || got.Format != schemaVersion {
				t.Errorf("Info = %+v, want 2 sessions", got.Info)
			}
			if ids := catalogueAt(t, path); !slices.Equal(ids, []string{"a", "b"}) {
				t.Errorf("restored catalogue %v", ids)
			}
			wantKept := ""
			if tt.wantKept {
				wantKept = path + ".before-restore-20261128T093000Z"
			}
			if got.Kept != wantKept {
				t.Errorf("Kept = %q, want %q", got.Kept, wantKept)
			}
			if wantKept != "" {
				if kept, _ := os.ReadFile(wantKept); string(kept) != string(before) {
					t.Error("the kept store differs from the one replaced")
				}
			}
			if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("restored store mode: %v, %v", fi, err)
			}
		})
	}
}

// TestInstallRefuses: a backup that is not a readable store, or a store in
// use, changes nothing.
func TestInstallRefuses(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sessionbot.db")
	storeWith(t, path, "current")
	good := filepath.Join(dir, "good.db")
	storeWith(t, good, "a")
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a store"), 0o600)
	newer := filepath.Join(dir, "newer.db")
	newerSchema(t, newer)

	for _, tt := range []struct {
		name, src string
		hold      bool
		want      error
	}{
		{"junk", junk, false, ErrDamaged},
		{"newer", newer, false, ErrNewer},
		{"missing", filepath.Join(dir, "nope.db"), false, os.ErrNotExist},
		{"in use", good, true, ErrInUse},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.hold {
				s := openT(t, path)
				defer s.Close()
			}
			before, _ := os.ReadFile(path)
			_, err := Install(tt.src, path, t0, Options{Timeout: 50 * time.Millisecond})
			if !errors.Is(err, tt.want) {
				t.Errorf("Install = %v, want %v", err, tt.want)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Error("the current store changed")
			}
			if m, _ := filepath.Glob(path + ".*"); len(m) > 0 {
				t.Errorf("left %v", m)
			}
		})
	}
}
