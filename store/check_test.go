package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// layout is what a test needs of a bbolt file's meta pages.
type layout struct {
	pageSize, pgid, root int64
}

// readLayout reads the page size, high-water mark and root page from the
// meta page with the higher transaction id, independently of check.go.
func readLayout(t *testing.T, data []byte) layout {
	t.Helper()
	ne := binary.NativeEndian
	page := int64(ne.Uint32(data[16+8:]))
	var best layout
	var txid uint64
	for i := range int64(2) {
		m := data[i*page+16:]
		if tx := ne.Uint64(m[48:]); i == 0 || tx > txid {
			txid = tx
			best = layout{pageSize: page, pgid: int64(ne.Uint64(m[40:])), root: int64(ne.Uint64(m[16:]))}
		}
	}
	return best
}

// filledStore writes a store holding n sessions and returns its bytes.
func filledStore(t *testing.T, path string, n int) []byte {
	t.Helper()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("session-%04d", i)
	}
	mustApply(t, s, Commit{Sessions: sessions(ids...), Now: t0})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestOpenTruncated cuts a real store at sizes on both sides of the meta
// pages and inside its data: bbolt maps such a file and faults reading past
// its end (SIGBUS or SIGSEGV, killing the process). Open must say the file
// is damaged and leave it as it was.
func TestOpenTruncated(t *testing.T) {
	dir := t.TempDir()
	whole := filledStore(t, filepath.Join(dir, "whole.db"), 400)
	l := readLayout(t, whole)
	used := l.pgid * l.pageSize
	t.Logf("page size %d, %d pages in use, file %d bytes", l.pageSize, l.pgid, len(whole))
	sizes := map[string]int64{
		"a few bytes":            100,
		"less than one page":     l.pageSize - 1,
		"one page":               l.pageSize,
		"between the meta pages": l.pageSize + l.pageSize/2,
		"just the meta pages":    2 * l.pageSize,
		"mid-file":               used / 2,
		"one page short":         used - l.pageSize,
		"one byte short":         used - 1,
	}
	for name, size := range sizes {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sessionbot.db")
			writeFile(whole[:size])(t, path)
			s, err := Open(path, Options{Timeout: 100 * time.Millisecond})
			if err == nil {
				_ = s.Close()
				t.Fatal("Open succeeded on a truncated file")
			}
			t.Log(err)
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
				t.Errorf("got %v, want ErrDamaged naming %s", err, path)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, whole[:size]) {
				t.Error("the truncated file was modified")
			}
			if _, err := Open(path, Options{Timeout: 100 * time.Millisecond}); errors.Is(err, ErrInUse) {
				t.Error("a failed Open kept the file locked")
			}
		})
	}
}

// TestOpenFaultBecomesError garbles the root page's element count so that
// bbolt reads far past the end of the file while Open creates the buckets:
// the fault must come back as ErrDamaged, not kill the process.
func TestOpenFaultBecomesError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	data := filledStore(t, path, 3)
	l := readLayout(t, data)
	root := data[l.root*l.pageSize:]
	binary.NativeEndian.PutUint16(root[10:], 0xFFFF) // count: a binary search reads elements a megabyte away
	writeFile(data)(t, path)
	s, err := Open(path, Options{Timeout: 100 * time.Millisecond})
	if err == nil {
		_ = s.Close()
		t.Fatal("Open succeeded on a garbled root page")
	}
	t.Log(err)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
		t.Errorf("got %v, want ErrDamaged naming %s", err, path)
	}
}

// TestCheckAcceptsWholeFiles runs the check on files bbolt wrote with
// several page sizes, and on a store after many transactions: none is
// refused.
func TestCheckAcceptsWholeFiles(t *testing.T) {
	for _, pageSize := range []int{1024, 4096, 16384, 65536} {
		t.Run(fmt.Sprint("page size ", pageSize), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bolt.db")
			db, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: pageSize})
			if err != nil {
				t.Fatal(err)
			}
			for i := range 50 {
				err := db.Update(func(tx *bolt.Tx) error {
					b, err := tx.CreateBucketIfNotExists([]byte("b"))
					if err != nil {
						return err
					}
					return b.Put(fmt.Appendf(nil, "key-%03d", i), bytes.Repeat([]byte{byte(i)}, 3000))
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			_ = db.Close()
			checkPath(t, path)
		})
	}
	t.Run("store after many commits", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "sessionbot.db")
		s := openT(t, path)
		for i := range 30 {
			mustApply(t, s, Commit{Sessions: sessions(fmt.Sprint("s", i), "kept"), Now: t0})
		}
		_ = s.Close()
		checkPath(t, path)
	})
}

func checkPath(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := checkFile(f); err != nil {
		t.Errorf("checkFile refused a whole file: %v", err)
	}
}
