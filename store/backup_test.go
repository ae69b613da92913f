package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestWriteBackupWhileWriting takes backups while syncs commit: each is a
// whole store, of the announced length, holding one of the catalogues
// written (never a mix).
func TestWriteBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, filepath.Join(dir, "sessionbot.db"))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			ids := make([]string, 50)
			for j := range ids {
				ids[j] = fmt.Sprintf("s%03d", j)
			}
			mustApply(t, s, Commit{Sessions: sessions(ids[:10+i%40]...), Now: t0.Add(time.Duration(i) * time.Minute)})
		}
	})
	defer func() { close(stop); wg.Wait() }()
	for i := range 20 {
		var buf bytes.Buffer
		var announced int64 = -1
		n, err := s.WriteBackup(&buf, func(size int64) { announced = size })
		if err != nil {
			t.Fatal(err)
		}
		if n != announced || n != int64(buf.Len()) {
			t.Fatalf("backup %d: wrote %d bytes, announced %d, buffered %d", i, n, announced, buf.Len())
		}
		out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		os.WriteFile(out, buf.Bytes(), 0o600)
		info, err := Inspect(out, Options{})
		if err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		if info.Format != schemaVersion || info.Sessions != 0 && (info.Sessions < 10 || info.Sessions >= 50) {
			t.Errorf("backup %d: %+v", i, info)
		}
	}
}

func TestBackupFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sessionbot.db")
	s := openT(t, path)
	mustApply(t, s, Commit{Sessions: sessions("a", "b", "c"), Now: t0, Meta: Meta{LastSuccess: t0}})
	out := filepath.Join(dir, "backup.db")
	if _, err := BackupFile(path, out, Options{Timeout: 50 * time.Millisecond}); !errors.Is(err, ErrInUse) {
		t.Errorf("BackupFile of an open store = %v, want ErrInUse", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed backup left %s: %v", out, err)
	}
	s.Close()
	info, err := BackupFile(path, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Info{Format: schemaVersion, Sessions: 3, LastSync: t0}); !info.LastSync.Equal(t0) || info.Format != want.Format || info.Sessions != 3 {
		t.Errorf("Info = %+v, want %+v", info, want)
	}
	if got := openT(t, out); len(mustCatalogue(t, got)) != 3 {
		t.Error("the backup does not hold the catalogue")
	}
	openT(t, path) // BackupFile released its lock
}

// TestSaveBackupRefuses: a stream that is not a whole store never takes
// the backup's name, and a backup already there is left as it was.
func TestSaveBackupRefuses(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	s := openT(t, good)
	mustApply(t, s, Commit{Sessions: sessions("a"), Now: t0})
	var whole bytes.Buffer
	if _, err := s.WriteBackup(&whole, nil); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.db")
	os.WriteFile(out, []byte("the previous backup"), 0o600)
	tests := []struct {
		name string
		data []byte
		fail error
	}{
		{"truncated", whole.Bytes()[:whole.Len()/2], nil},
		{"html error page", []byte("<html>502 Bad Gateway</html>"), nil},
		{"stream cut", whole.Bytes()[:4096], io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SaveBackup(out, func(w io.Writer) error {
				if _, err := w.Write(tt.data); err != nil {
					return err
				}
				return tt.fail
			})
			if err == nil {
				t.Fatal("SaveBackup accepted it")
			}
			if tt.fail == nil && !errors.Is(err, ErrDamaged) {
				t.Errorf("err = %v, want ErrDamaged", err)
			}
			if got, _ := os.ReadFile(out); string(got) != "the previous backup" {
				t.Errorf("out changed to %d bytes", len(got))
			}
			if m, _ := filepath.Glob(out + ".*.tmp"); len(m) > 0 {
				t.Errorf("left %v", m)
			}
		})
	}
}

func TestInspectErrors(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "foreign.db")
	db, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	db.Close()
	newer := filepath.Join(dir, "newer.db")
	newerSchema(t, newer)
	inUse := filepath.Join(dir, "in-use.db")
	openT(t, inUse)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte("junk"), 4096), 0o600)
	tests := []struct {
		path string
		want error
	}{
		{filepath.Join(dir, "missing.db"), fs.ErrNotExist},
		{empty, ErrDamaged},
		{junk, ErrDamaged},
		{foreign, ErrNotStore},
		{newer, ErrNewer},
		{inUse, ErrInUse},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			_, err := Inspect(tt.path, Options{Timeout: 50 * time.Millisecond})
			if !errors.Is(err, tt.want) || !bytes.Contains([]byte(fmt.Sprint(err)), []byte(tt.path)) {
				t.Errorf("Inspect = %v, want %v naming the file", err, tt.want)
			}
		})
	}
}

func mustCatalogue(t *testing.T, s *Store) []string {
	t.Helper()
	cat, err := s.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(cat))
	for i, c := range cat {
		ids[i] = c.ID
	}
	return ids
}
