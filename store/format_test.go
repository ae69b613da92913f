package store

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	bolt "go.etcd.io/bbolt"

	"github.com/sessionbot/sessionbot/session"
)

var writeFormat = flag.Bool("write-format", false, "write testdata/format<schemaVersion>.db, a store in the current format")

// formatFile is the store file kept for format v.
func formatFile(v int) string {
	return filepath.Join("testdata", fmt.Sprintf("format%d.db", v))
}

// formatContents is what fillFormatStore writes, as the store's methods
// read it back.
type formatContents struct {
	Catalogue []session.Session
	Known     map[string]Entry
	Outbox    []Outbox
	Notices   []Notice
	Reminders []Reminder
	Follows   []Follow
	DM        string
	Followups []string
	Meta      Meta
}

var (
	fmtT0       = time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	fmtSessions = []session.Session{
		{ID: "keynote", Title: "Opening keynote", Room: "Janson", Start: fmtT0.Add(24 * time.Hour), End: fmtT0.Add(25 * time.Hour),
			Speakers: []session.Speaker{{Name: "Ada Lovelace", Company: "Analytical Engines"}}, Tags: []string{"opening"}},
		{ID: "rust", Title: "Rust in the kernel", Room: "K.1.105", Track: "Kernel", Start: fmtT0.Add(26 * time.Hour)},
		{ID: "gone", Title: "A talk that was cancelled"},
	}
)

// fillFormatStore writes a store using every bucket: a catalogue with a
// tombstone, an outbox entry, notices, reminders (pending and sent),
// follows with notified sessions, a DM channel, the follow-ups' work list
// and the source meta.
func fillFormatStore(t *testing.T, s *Store) {
	t.Helper()
	meta := Meta{ETag: `"v2"`, Hash: "hash-2", LastAttempt: fmtT0.Add(time.Hour), LastSuccess: fmtT0.Add(time.Hour)}
	mustApply(t, s, Commit{Sessions: fmtSessions, Now: fmtT0, Meta: meta})
	mustApply(t, s, Commit{Sessions: append(fmtSessions[:2:2], session.Session{ID: "new", Title: "Added later"}),
		Now: fmtT0.Add(time.Hour), Meta: meta, Announce: true,
		Notices: []Notice{{UserID: "U0ADMIN001", Kind: NoticeAdmin, Text: "the source answered 503", Created: fmtT0}}})
	for _, r := range []Reminder{
		{UserID: "U0USER0001", SessionID: "keynote", Created: fmtT0, Start: fmtSessions[0].Start, Room: "Janson", Due: fmtSessions[0].Start.Add(-10 * time.Minute)},
		{UserID: "U0USER0002", SessionID: "rust", Created: fmtT0, Start: fmtSessions[1].Start, Due: fmtSessions[1].Start.Add(-10 * time.Minute)},
	} {
		if _, _, err := s.SetReminder(r); err != nil {
			t.Fatal(err)
		}
	}
	err := s.UpdateReminder("U0USER0002", "rust", func(r *Reminder) error {
		r.Claimed, r.Sent = fmtT0.Add(2*time.Hour), fmtT0.Add(2*time.Hour)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddFollow("U0USER0001", "Rust", fmtT0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.NotifyFollows("U0USER0001", map[string][]string{"rust": {"rust"}}, fmtT0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDMChannel("U0USER0001", "D0USER0001"); err != nil {
		t.Fatal(err)
	}
}

// readFormatContents reads back everything fillFormatStore wrote.
func readFormatContents(t *testing.T, s *Store) formatContents {
	t.Helper()
	var c formatContents
	var err error
	check := func(e error) {
		if e != nil {
			t.Helper()
			t.Fatal(e)
		}
	}
	c.Catalogue, err = s.Catalogue()
	check(err)
	c.Known = map[string]Entry{}
	for _, id := range []string{"keynote", "rust", "gone", "new"} {
		e, _, err := s.Known(id)
		check(err)
		c.Known[id] = e
	}
	c.Outbox, err = s.Pending()
	check(err)
	c.Notices, err = s.PendingNotices(0)
	check(err)
	for _, u := range []string{"U0USER0001", "U0USER0002"} {
		rs, err := s.UserReminders(u) // pending and sent alike
		check(err)
		c.Reminders = append(c.Reminders, rs...)
	}
	c.Follows, err = s.AllFollows()
	check(err)
	c.DM, _, err = s.DMChannel("U0USER0001")
	check(err)
	c.Followups, err = s.PendingFollowups()
	check(err)
	c.Meta, err = s.Meta()
	check(err)
	c.Meta.CatalogueVersion = "" // random
	return c
}

// TestFormatFiles opens the store kept in testdata for every format this
// code reads (format1.db …) and finds in it what was written. A change to
// the store that breaks it needs a migration (migrate.go), not a new file.
// Write the current format's file with
//
//	go test ./store -run TestFormatFiles -write-format
func TestFormatFiles(t *testing.T) {
	fresh := openT(t, filepath.Join(t.TempDir(), "fresh.db"))
	fillFormatStore(t, fresh)
	want := readFormatContents(t, fresh)
	if len(want.Catalogue) != 3 || len(want.Outbox) != 1 || len(want.Notices) < 2 || len(want.Reminders) != 2 || want.Reminders[1].Sent.IsZero() ||
		len(want.Follows) != 1 || want.DM == "" || len(want.Followups) == 0 || want.Known["gone"].Current() {
		t.Fatalf("the format store lacks something: %+v", want)
	}
	if *writeFormat {
		if _, err := BackupFile(fresh.Path(), formatFile(schemaVersion), Options{}); !errors.Is(err, ErrInUse) {
			t.Fatalf("BackupFile of an open store = %v, want ErrInUse", err)
		}
		if _, err := fresh.WriteBackup(mustCreate(t, formatFile(schemaVersion)), nil); err != nil {
			t.Fatal(err)
		}
	}
	for v := 1; v <= schemaVersion; v++ {
		t.Run(fmt.Sprintf("format%d", v), func(t *testing.T) {
			path := copyTo(t, formatFile(v), t.TempDir())
			info, err := Inspect(path, Options{})
			if err != nil || info.Format != v {
				t.Fatalf("Inspect = %+v, %v; want format %d", info, err, v)
			}
			s := openT(t, path)
			if diff := cmp.Diff(want, readFormatContents(t, s)); diff != "" {
				t.Errorf("read back (-written +read):\n%s", diff)
			}
			if up := s.Upgraded(); (up.From != 0) != (v < schemaVersion) {
				t.Errorf("Upgraded() = %+v for format %d", up, v)
			}
		})
	}
}

// TestLadder: the migrations climb one format at a time up to schemaVersion.
func TestLadder(t *testing.T) {
	if len(migrations) != schemaVersion-1 {
		t.Fatalf("%d migrations for format %d, want %d", len(migrations), schemaVersion, schemaVersion-1)
	}
	for i, m := range migrations {
		if m.to != i+2 || m.name == "" || m.run == nil {
			t.Errorf("migrations[%d] = {to %d, %q}, want to %d, named, with a run", i, m.to, m.name, i+2)
		}
	}
	if _, err := os.Stat(formatFile(schemaVersion)); err != nil {
		t.Errorf("no store file for the current format: %v (go test ./store -run TestFormatFiles -write-format)", err)
	}
}

// nextFormat is a made-up format after the current one: follows move to a
// bucket of their own name.
var nextFormat = format{version: schemaVersion + 1, migrations: append(slices.Clone(migrations),
	migration{to: schemaVersion + 1, name: "follows renamed", run: func(tx *bolt.Tx) error {
		old := tx.Bucket(bucketFollows)
		nb, err := tx.CreateBucket([]byte("follows_next"))
		if err != nil {
			return err
		}
		if err := old.ForEach(func(k, v []byte) error { return nb.Put(k, v) }); err != nil {
			return err
		}
		return tx.DeleteBucket(bucketFollows)
	}})}

// TestUpgrade climbs the current format's file to a made-up next format: a
// copy of the store is taken first, the migration runs once, and the
// current code then refuses the upgraded store with a clear message,
// changing nothing.
func TestUpgrade(t *testing.T) {
	cur, next := schemaVersion, schemaVersion+1
	path := copyTo(t, formatFile(cur), t.TempDir())
	before, _ := os.ReadFile(path)
	s, err := Open(path, Options{format: &nextFormat})
	if err != nil {
		t.Fatal(err)
	}
	want := Upgrade{From: cur, To: next, Snapshot: fmt.Sprintf("%s.format%d.bak", path, cur)}
	if got := s.Upgraded(); got != want {
		t.Errorf("Upgraded() = %+v, want %+v", got, want)
	}
	var n int
	err = s.view(func(tx *bolt.Tx) error {
		n = tx.Bucket([]byte("follows_next")).Stats().KeyN
		v, _ := readSchema(tx)
		if tx.Bucket(bucketFollows) == nil || v != next {
			return fmt.Errorf("after the upgrade: follows bucket %v, format %d", tx.Bucket(bucketFollows) != nil, v)
		}
		return nil
	})
	if err != nil || n != 1 {
		t.Errorf("migrated follows: %d, %v; want 1 and the current buckets", n, err)
	}
	s.Close()
	if info, err := Inspect(want.Snapshot, Options{}); err != nil || info.Format != cur || info.Follows != 1 {
		t.Errorf("snapshot: %+v, %v; want the format-%d store", info, err, cur)
	}
	if snap, _ := os.ReadFile(want.Snapshot); len(snap) == 0 || len(snap) > len(before)+os.Getpagesize()*4 {
		t.Errorf("snapshot of %d bytes for a store of %d", len(snap), len(before))
	}
	// Reopening at the next format migrates nothing again.
	s, err = Open(path, Options{format: &nextFormat})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Upgraded(); got != (Upgrade{}) {
		t.Errorf("second open: Upgraded() = %+v, want none", got)
	}
	s.Close()
	upgraded, _ := os.ReadFile(path)
	_, err = Open(path, Options{})
	msg := fmt.Sprintf("%s is format %d, written by a newer sessionbot; this one reads formats up to %d", path, next, cur)
	if !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), msg) {
		t.Errorf("format-%d code opening format %d: %v", cur, next, err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(upgraded) {
		t.Error("the refused store was changed")
	}
}

// TestUpgradeFrom1: format 2 indexes the reminders to hand to Slack ahead
// of time; a format-1 store's pending reminder is found there after the
// upgrade, its sent one is not.
func TestUpgradeFrom1(t *testing.T) {
	s := openT(t, copyTo(t, formatFile(1), t.TempDir()))
	if up := s.Upgraded(); up.From != 1 || up.To != schemaVersion {
		t.Fatalf("Upgraded() = %+v, want from 1 to %d", up, schemaVersion)
	}
	all, err := s.ToSchedule(time.Time{}, fmtT0.Add(365*24*time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	var pending []string
	for _, r := range readFormatContents(t, s).Reminders {
		if r.Sent.IsZero() {
			pending = append(pending, r.UserID+"/"+r.SessionID)
		}
	}
	var got []string
	for _, r := range all {
		got = append(got, r.UserID+"/"+r.SessionID)
	}
	if len(pending) == 0 || !slices.Equal(got, pending) {
		t.Errorf("to schedule after the upgrade: %v, want the pending reminders %v", got, pending)
	}
}

// TestUpgradeFailureChangesNothing: a migration that fails leaves the old
// format in place, and Open fails naming the step.
func TestUpgradeFailureChangesNothing(t *testing.T) {
	cur := schemaVersion
	path := copyTo(t, formatFile(cur), t.TempDir())
	broken := format{version: cur + 1, migrations: []migration{{to: cur + 1, name: "doomed", run: func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketSessions); err != nil {
			return err
		}
		return errors.New("disk on fire")
	}}}}
	_, err := Open(path, Options{format: &broken})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("upgrade to format %d (doomed): disk on fire", cur+1)) {
		t.Fatalf("Open = %v, want the failed step named", err)
	}
	info, err := Inspect(path, Options{})
	if err != nil || info.Format != cur || info.Sessions != 3 {
		t.Errorf("after a failed upgrade: %+v, %v; want format %d with its 3 sessions", info, err, cur)
	}
}

// copyTo copies the file src into dir as sessionbot.db.
func copyTo(t *testing.T, src, dir string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "sessionbot.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// mustCreate creates the file name, closed when the test ends.
func mustCreate(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
