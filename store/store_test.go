package store

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	bolt "go.etcd.io/bbolt"

	"github.com/sessionbot/sessionbot/session"
)

var t0 = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)

// openT opens a store at path and closes it when the test ends.
func openT(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(path, Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// sessions builds one session per ID.
func sessions(ids ...string) []session.Session {
	out := make([]session.Session, 0, len(ids))
	for _, id := range ids {
		out = append(out, session.Session{ID: id, Title: "Talk " + id, Room: "Main Hall"})
	}
	return out
}

func TestOpenInUseSameProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	first := openT(t, path)
	start := time.Now()
	_, err := Open(path, Options{Timeout: 100 * time.Millisecond})
	t.Logf("second Open gave up after %v", time.Since(start))
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), path) {
		t.Fatalf("second Open: got %v, want ErrInUse naming %s", err, path)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	openT(t, path) // the lock is released on Close
}

// TestOpenInUseOtherProcess holds the lock in a child process (this test
// binary running TestHelperHoldLock), the real "second sessionbot" case.
func TestOpenInUseOtherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), "STORE_HELPER_DB="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "locked\n" {
		t.Fatalf("helper: %q, %v", line, err)
	}
	_, err = Open(path, Options{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrInUse) {
		t.Errorf("Open while another process holds it: got %v, want ErrInUse", err)
	}
	_ = stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	openT(t, path)
}

// TestHelperHoldLock is not a test: run by TestOpenInUseOtherProcess, it
// opens the store and holds it until stdin closes.
func TestHelperHoldLock(t *testing.T) {
	path := os.Getenv("STORE_HELPER_DB")
	if path == "" {
		t.Skip("helper process only")
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("locked\n")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenCorrupt(t *testing.T) {
	junk := bytes.Repeat([]byte("sessionbot? no: junk\x00\xff"), 2000)
	tests := []struct {
		name    string
		write   func(t *testing.T, path string)
		want    string
		damaged bool
	}{
		{"text file", writeFile([]byte("hello, I am not a database\n")), "no valid bbolt meta page", true},
		{"junk bytes", writeFile(junk), "no valid bbolt meta page", true},
		{"damaged freelist", damagePages, "should be the freelist", true},
		{"newer format", newerSchema, "is format 99, written by a newer sessionbot; this one reads formats up to 2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sessionbot.db")
			tt.write(t, path)
			before, _ := os.ReadFile(path)
			s, err := Open(path, Options{Timeout: 100 * time.Millisecond})
			if err == nil {
				_ = s.Close()
				t.Fatal("Open succeeded on a bad file")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q: want the path and %q", err, tt.want)
			}
			if errors.Is(err, ErrDamaged) != tt.damaged {
				t.Errorf("errors.Is(err, ErrDamaged) = %v, want %v", !tt.damaged, tt.damaged)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("the bad file was modified")
			}
			if _, err := Open(path, Options{Timeout: 100 * time.Millisecond}); errors.Is(err, ErrInUse) {
				t.Error("a failed Open kept the file locked")
			}
		})
	}
}

// writeFile returns a setup that writes data to the database path.
func writeFile(data []byte) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// damagePages writes a real store and overwrites everything after the two
// meta pages with junk: the header is valid, the data is not.
func damagePages(t *testing.T, path string) {
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(Commit{Sessions: sessions("a", "b"), Now: t0}); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := os.Getpagesize()
	for i := 2 * page; i < len(data); i++ {
		data[i] = byte(i*7 + 3)
	}
	writeFile(data)(t, path)
}

// newerSchema writes a store whose schema version is from the future.
func newerSchema(t *testing.T, path string) {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return b.Put(keySchema, []byte("99"))
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
}

func TestOpenCreatesDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "nested", "sessionbot.db")
	openT(t, path)
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	s := openT(t, path)
	meta := Meta{ETag: `"v1"`, Hash: "abc", LastSuccess: t0}
	mustApply(t, s, Commit{Sessions: sessions("a", "b"), Now: t0, Meta: meta})
	mustApply(t, s, Commit{Sessions: sessions("b", "c"), Now: t0.Add(time.Hour), Announce: true, Meta: meta})
	want := snapshot(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, openT(t, path))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after reopen (-before +after):\n%s", diff)
	}
}

// state is everything observable in a store, for before/after comparisons.
type state struct {
	Catalogue []session.Session
	Known     map[string]Entry
	Pending   []Outbox
	Meta      Meta
}

// snapshot reads the whole observable state of s.
func snapshot(t *testing.T, s *Store) state {
	t.Helper()
	var st state
	var err error
	if st.Catalogue, err = s.Catalogue(); err != nil {
		t.Fatal(err)
	}
	if st.Pending, err = s.Pending(); err != nil {
		t.Fatal(err)
	}
	if st.Meta, err = s.Meta(); err != nil {
		t.Fatal(err)
	}
	st.Known = map[string]Entry{}
	for _, id := range []string{"a", "b", "c", "d"} {
		if e, ok, err := s.Known(id); err != nil {
			t.Fatal(err)
		} else if ok {
			st.Known[id] = e
		}
	}
	return st
}

// mustApply applies c or fails the test.
func mustApply(t testing.TB, s *Store, c Commit) Applied {
	t.Helper()
	a, err := s.Apply(c)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
