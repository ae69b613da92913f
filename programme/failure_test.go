package programme

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/store"
)

// TestFailureNotices checks what the admins are told when the source
// breaks: a short category and a pointer to the log, never the Go error or
// a URL's query string (which may hold a token); each distinct problem
// once.
func TestFailureNotices(t *testing.T) {
	status := http.StatusOK
	body := "sessions:\n\t- title: x\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close() // connection refused: a *url.Error quoting the whole URL

	var logs bytes.Buffer
	e := newEnv(t, func(s *Syncer) { s.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	const secret = "s3cret"
	now := t0
	step := func(name, url, want string, fetched bool) {
		t.Helper()
		now = now.Add(time.Minute)
		e.syncer.Source.URL = url + "/programme.yaml?token=" + secret
		before := len(e.texts())
		_, err := e.syncer.Sync(t.Context(), now, SyncOptions{})
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		m := mustMeta(t, e)
		for what, text := range map[string]string{"error": err.Error(), "meta.LastError": m.LastError, "log": logs.String()} {
			if strings.Contains(text, secret) || (!fetched && !strings.Contains(text, "/programme.yaml")) {
				t.Errorf("%s: %s %q: want the URL's path without its query", name, what, text)
			}
		}
		texts := e.texts()[before:]
		switch {
		case want == "" && len(texts) != 0:
			t.Errorf("%s: the same problem again notified the admins: %q", name, texts)
		case want != "" && (len(texts) != 1 || texts[0] != want):
			t.Errorf("%s: admin notices = %q, want %q", name, texts, want)
		}
	}
	const head = "sessionbot could not update the programme; the last good catalogue stays in use. Problem: "
	step("unreachable", gone.URL, head+"the source could not be fetched. Details are in the bot's log.", false)
	step("unreachable again", gone.URL, "", false)
	status = http.StatusInternalServerError
	step("server error", srv.URL, head+"the source could not be fetched. Details are in the bot's log.", false)
	status = http.StatusOK
	step("bad YAML", srv.URL, head+"the source could not be parsed: yaml: line 2: found character that cannot start any token. Details are in the bot's log.", true)
	body = "sessions:\n  - title: x\n    room: [a, b\n  - title: y\n"
	step("other bad YAML", srv.URL, head+"the source could not be parsed: yaml: line 2: did not find expected ',' or ']'. Details are in the bot's log.", true)
}

func TestExplain(t *testing.T) {
	db := filepath.Join("data", "sessionbot.db")
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"fetch", errors.New(`sync: fetch https://h/p: Get "https://h/p?token=x": dial tcp: refused`), "the source could not be fetched"},
		{"parse, first line, no URLs", errors.New("sync: parse source: html: line 4: no programme at https://h/p?token=x\nmore detail"),
			"the source could not be parsed: html: line 4: no programme at [URL]"},
		{"long parse error", errors.New("sync: parse source: " + strings.Repeat("é", 300)),
			"the source could not be parsed: " + strings.Repeat("é", maxSummary) + "…"},
		{"disk full", writeFailed("save the programme", fmt.Errorf("store: apply: %w", &fs.PathError{Op: "write", Path: db, Err: syscall.ENOSPC})),
			"sessionbot could not write its data: the disk is full (no space left on " + db + ")"},
		{"permission", writeFailed("update the search index", &fs.PathError{Op: "open", Path: "data/index/store", Err: syscall.EACCES}),
			"sessionbot could not write its data: permission denied on data/index/store"},
		{"read-only", writeFailed("record the sync", &fs.PathError{Op: "open", Path: db, Err: syscall.EROFS}),
			"sessionbot could not write its data: the file system is read-only on " + db},
		{"disk full, as text", writeFailed("update the search index", errors.New("persist segment: write x.zap: no space left on device")),
			"sessionbot could not write its data: the disk is full (no space left)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Explain(tc.err); got != tc.want {
				t.Errorf("Explain = %q, want %q", got, tc.want)
			}
		})
	}
}

// fullDisk is the store on a disk with no space left: every write fails
// with ENOSPC on the store's file, as bbolt reports it.
type fullDisk struct{ *store.Store }

func (f fullDisk) err() error {
	return fmt.Errorf("store: %w", &fs.PathError{Op: "write", Path: f.Path(), Err: syscall.ENOSPC})
}
func (f fullDisk) Apply(store.Commit) (store.Applied, error)           { return store.Applied{}, f.err() }
func (f fullDisk) UpdateMeta(func(*store.Meta), ...store.Notice) error { return f.err() }

// alarms records what the Alarm was asked to tell the admins.
type alarms struct{ texts []string }

func (a *alarms) AlarmAdmins(_ context.Context, text string) error {
	a.texts = append(a.texts, text)
	return nil
}

// misleading are words the admins must not read about a write problem:
// blaming the source, or advice that throws state away.
var misleading = []string{"could not be fetched", "could not be parsed", "delete", "remove", "move it aside", "afresh"}

// TestDiskFullDuringSync: the disk fills up while a sync writes. The
// admins are told, at once (the store cannot queue the notice) and once,
// that the disk is full, naming the file; not that the source failed, and
// never to delete anything.
func TestDiskFullDuringSync(t *testing.T) {
	var alarm alarms
	e := newEnv(t, func(s *Syncer) { s.Alarm = &alarm })
	e.write(talks(1, 3)...)
	e.sync(t0, SyncOptions{})
	e.syncer.Store = fullDisk{e.st}
	e.write(talks(1, 4)...)
	for i := range 2 {
		_, err := e.syncer.Sync(t.Context(), t0.Add(time.Duration(i+1)*time.Minute), SyncOptions{})
		if err == nil || !strings.Contains(Explain(err), "disk is full") {
			t.Fatalf("sync %d on a full disk: %v (%q), want a disk-full error", i+1, err, Explain(err))
		}
	}
	if len(alarm.texts) != 1 {
		t.Fatalf("admins alarmed %d times, want once: %q", len(alarm.texts), alarm.texts)
	}
	text := alarm.texts[0]
	if !strings.Contains(text, "the disk is full (no space left on "+e.st.Path()+")") || !strings.Contains(text, "nothing is lost") {
		t.Errorf("alarm = %q, want the full disk named with the store's file", text)
	}
	for _, bad := range misleading {
		if strings.Contains(strings.ToLower(text), bad) {
			t.Errorf("alarm %q says %q", text, bad)
		}
	}
	if got := catalogueIDs(t, e); len(got) != 3 {
		t.Errorf("catalogue = %v, want the three of the last good sync", got)
	}
}

// TestPermissionDeniedOnIndex: the index directory is not writable. The
// store still is, so the notice is queued with the problem (once), naming
// the path.
func TestPermissionDeniedOnIndex(t *testing.T) {
	e := newEnv(t, nil)
	e.write(talks(1, 3)...)
	e.sync(t0, SyncOptions{})
	path := filepath.Join(e.dir, "data", "index", "store")
	e.syncer.Index = failingIndex{fmt.Errorf("index: batch: %w", &fs.PathError{Op: "open", Path: path, Err: syscall.EACCES})}
	for i, src := range [][]int{{1, 4}, {1, 5}} {
		e.write(talks(src[0], src[1])...)
		if _, err := e.syncer.Sync(t.Context(), t0.Add(time.Duration(i+1)*time.Minute), SyncOptions{}); err == nil {
			t.Fatalf("sync %d: no error", i+1)
		}
	}
	texts := e.texts()
	if len(texts) != 1 || !strings.Contains(texts[0], "permission denied on "+path) {
		t.Fatalf("admin notices = %q, want one naming the permission problem on %s", texts, path)
	}
	for _, bad := range misleading {
		if strings.Contains(strings.ToLower(texts[0]), bad) {
			t.Errorf("notice %q says %q", texts[0], bad)
		}
	}
}
