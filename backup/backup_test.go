package backup

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

func TestRunKeepsTheNewest(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "data", "sessionbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Apply(store.Commit{Sessions: []session.Session{{ID: "a", Title: "A"}}, Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	backups := filepath.Join(dir, "backups")
	os.MkdirAll(backups, 0o700)
	os.WriteFile(filepath.Join(backups, "notes.txt"), []byte("mine"), 0o600)
	job := Job{Store: st, Dir: backups, Keep: 2}
	t0 := time.Date(2026, 11, 28, 3, 0, 0, 0, time.FixedZone("CET", 3600))
	for i := range 4 {
		if err := job.Run(t.Context(), t0.Add(time.Duration(i)*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := List(backups)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sessionbot-20261130T020000Z.db", "sessionbot-20261201T020000Z.db"}
	if !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(backups, "notes.txt")); err != nil {
		t.Errorf("another file was removed: %v", err)
	}
	info, err := store.Inspect(filepath.Join(backups, want[1]), store.Options{})
	if err != nil || info.Sessions != 1 {
		t.Errorf("the backup: %+v, %v", info, err)
	}
}

// failing is a store whose copy breaks off.
type failing struct{}

func (failing) WriteBackup(w io.Writer, _ func(int64)) (int64, error) {
	n, _ := w.Write([]byte("half a database"))
	return int64(n), errors.New("read error")
}

func TestRunFailureKeepsOlder(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, Name(time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)))
	os.WriteFile(old, []byte("an older backup"), 0o600)
	err := Job{Store: failing{}, Dir: dir, Keep: 1}.Run(t.Context(), time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC))
	if err == nil {
		t.Fatal("a failed copy succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != filepath.Base(old) {
		t.Errorf("after a failed backup: %v", entries)
	}
}
