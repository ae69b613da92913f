package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/store"
)

// usedDataDir syncs a real schedule into a fresh data directory and returns
// the config and the directory: a store, an index, a programme.
func usedDataDir(t *testing.T) (cfg, dataDir string) {
	t.Helper()
	cfg = testConfig(t, "confirmed-sessions.txt", "text")
	if out, err := runCmd(t, "sync", "-config", cfg); err != nil {
		t.Fatalf("sync: %v\n%s", err, out)
	}
	return cfg, filepath.Join(filepath.Dir(cfg), "data")
}

// storePages reads the page size and the pages in use from the store's
// newest meta page (bbolt's layout: a 16-byte page header, then magic,
// version, page size … pgid at 40, txid at 48).
func storePages(t *testing.T, data []byte) (pageSize, inUse int64) {
	t.Helper()
	ne := binary.NativeEndian
	pageSize = int64(ne.Uint32(data[16+8:]))
	var txid uint64
	for i := range int64(2) {
		m := data[i*pageSize+16:]
		if tx := ne.Uint64(m[48:]); i == 0 || tx > txid {
			txid, inUse = tx, int64(ne.Uint64(m[40:]))
		}
	}
	return pageSize, inUse
}

// TestTruncatedStore runs the binary on a store cut short: before, bbolt
// read past the end of its map and the process died of SIGSEGV or SIGBUS
// with a goroutine dump (exit 2). It must say in one line that the file is
// damaged and what to do.
func TestTruncatedStore(t *testing.T) {
	cfg, dataDir := usedDataDir(t)
	path := filepath.Join(dataDir, storeFile)
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page, inUse := storePages(t, whole)
	t.Logf("store: %d bytes, %d pages of %d in use", len(whole), inUse, page)
	for _, tt := range []struct {
		name string
		size int64
	}{
		{"less than one page", page / 2},
		{"between the meta pages", page + page/2},
		{"mid-file", inUse * page / 2},
		{"one page short", (inUse - 1) * page},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(path, whole[:tt.size], 0o600); err != nil {
				t.Fatal(err)
			}
			line := oneLine(t, runBinary(t, false, "sync", "-config", cfg))
			t.Log(line)
			wants(t, line, []string{path, "is damaged", "truncated", "restore it from a backup", "move the data directory aside"}, nil)
		})
	}
}

// TestLostStore: a store that is missing or empty in a data directory that
// has been used is refused, and left as it is; before, it was silently
// created afresh and everything it held was forgotten.
func TestLostStore(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dataDir string)
		want  []string
	}{
		{"empty store beside the index", func(t *testing.T, dataDir string) {
			truncate(t, filepath.Join(dataDir, storeFile))
		}, []string{"is empty (0 bytes)", "it holds index/"}},
		{"missing store beside the index", func(t *testing.T, dataDir string) {
			remove(t, filepath.Join(dataDir, storeFile))
		}, []string{"is missing", "it holds index/"}},
		{"missing store beside a backup", func(t *testing.T, dataDir string) {
			rename(t, filepath.Join(dataDir, storeFile), filepath.Join(dataDir, storeFile+".bak"))
			remove(t, filepath.Join(dataDir, indexDir))
		}, []string{"is missing", "it holds sessionbot.db.bak"}},
		{"missing store beside scheduled backups", func(t *testing.T, dataDir string) {
			mkdir(t, filepath.Join(dataDir, "backups"))
			rename(t, filepath.Join(dataDir, storeFile), filepath.Join(dataDir, "backups", "sessionbot-20261130T080000Z.db"))
			remove(t, filepath.Join(dataDir, indexDir))
		}, []string{"is missing", "it holds backups/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, dataDir := usedDataDir(t)
			tt.setup(t, dataDir)
			before := listDir(t, dataDir)
			line := oneLine(t, runBinary(t, false, "sync", "-config", cfg))
			t.Log(line)
			wants(t, line, append(tt.want, filepath.Join(dataDir, storeFile), "restore the store from a backup", "move the data directory aside"), nil)
			if after := listDir(t, dataDir); after != before {
				t.Errorf("the data directory changed:\nbefore: %s\nafter:  %s", before, after)
			}
		})
	}
}

// TestFreshDataDirectory: a data directory with nothing of sessionbot's in
// it, or only an empty store (a first start that stopped at once), starts.
func TestFreshDataDirectory(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup func(t *testing.T, dataDir string)
	}{
		{"missing", func(*testing.T, string) {}},
		{"empty", func(t *testing.T, dataDir string) { mkdir(t, dataDir) }},
		{"empty store only", func(t *testing.T, dataDir string) {
			mkdir(t, dataDir)
			truncate(t, filepath.Join(dataDir, storeFile))
		}},
		{"empty backups folder", func(t *testing.T, dataDir string) { mkdir(t, filepath.Join(dataDir, "backups")) }},
		{"unrelated files", func(t *testing.T, dataDir string) {
			mkdir(t, dataDir)
			if err := os.WriteFile(filepath.Join(dataDir, "notes.txt"), []byte("hi"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, "confirmed-sessions.txt", "text")
			tt.setup(t, filepath.Join(filepath.Dir(cfg), "data"))
			if out, err := runCmd(t, "sync", "-config", cfg); err != nil {
				t.Fatalf("sync of a fresh data directory: %v\n%s", err, out)
			}
		})
	}
}

// TestStoreErrorsNameTheCause runs the binary where the store is whole but
// cannot be used: each message names the cause, and none suggests moving
// state aside. As root, the binary runs as nobody, for whom the mode bits
// hold; the full disk is /dev/full, which fails writes for root too.
func TestStoreErrorsNameTheCause(t *testing.T) {
	avoid := []string{"damaged", "aside", "afresh", "backup"}
	tests := []struct {
		name         string
		unprivileged bool
		setup        func(t *testing.T, cfg, dataDir string)
		want         []string
	}{
		{"read-only data directory", true, func(t *testing.T, cfg, dataDir string) {
			giveTo(t, cfg)
			chmodAll(t, dataDir, 0o555, 0o444)
		}, []string{"permission denied on DATA/sessionbot.db", "read and write DATA", "owner and mode"}},
		{"read-only index", true, func(t *testing.T, cfg, dataDir string) {
			giveTo(t, cfg)
			chmodAll(t, filepath.Join(dataDir, indexDir), 0o555, 0o444)
		}, []string{"permission denied on DATA/index/", "read and write DATA"}},
		{"unreadable store", true, func(t *testing.T, cfg, dataDir string) {
			giveTo(t, cfg)
			chmod(t, filepath.Join(dataDir, storeFile), 0)
		}, []string{"permission denied on DATA/sessionbot.db"}},
		{"disk full", false, func(t *testing.T, cfg, dataDir string) {
			if _, err := os.Stat("/dev/full"); err != nil {
				t.Skip("no /dev/full")
			}
			remove(t, dataDir)
			mkdir(t, dataDir)
			if err := os.Symlink("/dev/full", filepath.Join(dataDir, storeFile)); err != nil {
				t.Fatal(err)
			}
		}, []string{"no space left on the disk holding DATA", "free some space"}},
		{"in use", false, func(t *testing.T, cfg, dataDir string) {
			s, err := store.Open(filepath.Join(dataDir, storeFile), store.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
		}, []string{"data directory in use", "stop the running sessionbot first"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, dataDir := usedDataDir(t)
			tt.setup(t, cfg, dataDir)
			line := oneLine(t, runBinary(t, tt.unprivileged, "sync", "-config", cfg))
			t.Log(line)
			var want []string
			for _, w := range tt.want {
				want = append(want, strings.ReplaceAll(w, "DATA", dataDir))
			}
			wants(t, line, want, avoid)
		})
	}
}

// chmodAll sets the mode of dir and every directory under it to dirMode and
// of every file to fileMode, and puts them back when the test ends.
func chmodAll(t *testing.T, dir string, dirMode, fileMode os.FileMode) {
	t.Helper()
	var paths []string
	err := filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		paths = append(paths, path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := len(paths) - 1; i >= 0; i-- { // files before their directories
		fi, err := os.Lstat(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		mode := fileMode
		if fi.IsDir() {
			mode = dirMode
		}
		chmod(t, paths[i], mode)
	}
}

// chmod sets path's mode and restores a writable one when the test ends, so
// that the test directory can be removed.
func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(path, fi.Mode().Perm()|0o700) })
}

func truncate(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

// listDir describes the names and sizes in dir, for before/after checks.
func listDir(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if fi.IsDir() {
			out = append(out, e.Name()+"/")
		} else {
			out = append(out, fmt.Sprintf("%s (%d bytes)", e.Name(), fi.Size()))
		}
	}
	return strings.Join(out, ", ")
}
