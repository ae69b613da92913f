package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpenNamesTheCause checks that each way Open can fail on a good file
// says so, distinct from a damaged one: a file that cannot be opened for
// writing, a full disk and a lock held elsewhere are not ErrDamaged, and
// the error names the file.
func TestOpenNamesTheCause(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, path string) Options
		cause error
	}{
		// Root ignores the mode bits, so a chmod proves nothing when the
		// tests run as root: the kernel's EACCES is injected where bbolt
		// opens the file. TestOpenReadOnlyDirectory does it for real.
		{"permission denied", func(t *testing.T, path string) Options {
			return Options{openFile: func(name string, _ int, _ os.FileMode) (*os.File, error) {
				return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EACCES}
			}}
		}, fs.ErrPermission},
		// /dev/full fails every write with ENOSPC, for root too: bbolt's
		// first write (the meta pages of a new file) meets a full disk.
		{"disk full", func(t *testing.T, path string) Options {
			if _, err := os.Stat("/dev/full"); err != nil {
				t.Skip("no /dev/full")
			}
			if err := os.Symlink("/dev/full", path); err != nil {
				t.Fatal(err)
			}
			return Options{}
		}, syscall.ENOSPC},
		{"in use", func(t *testing.T, path string) Options {
			openT(t, path)
			return Options{}
		}, ErrInUse},
		{"damaged", func(t *testing.T, path string) Options {
			writeFile([]byte("not a database"))(t, path)
			return Options{}
		}, ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sessionbot.db")
			opts := tt.setup(t, path)
			opts.Timeout = 100 * time.Millisecond
			s, err := Open(path, opts)
			if err == nil {
				_ = s.Close()
				t.Fatal("Open succeeded")
			}
			t.Log(err)
			if !errors.Is(err, tt.cause) || !strings.Contains(err.Error(), path) {
				t.Errorf("got %v, want %v naming %s", err, tt.cause, path)
			}
			if tt.cause != ErrDamaged && errors.Is(err, ErrDamaged) {
				t.Errorf("%v is reported as damage", tt.cause)
			}
		})
	}
}

// TestOpenReadOnlyDirectory opens a store in a directory its user cannot
// write, for real. Root is not stopped by the mode bits, so as root it is
// skipped; TestOpenNamesTheCause injects the error, and cmd/sessionbot's
// tests run the binary as an unprivileged user.
func TestOpenReadOnlyDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores the mode bits")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sessionbot.db")
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	_, err := Open(path, Options{})
	if !errors.Is(err, fs.ErrPermission) || errors.Is(err, ErrDamaged) {
		t.Errorf("got %v, want a permission error", err)
	}
}
