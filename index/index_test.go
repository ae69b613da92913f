package index

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/session"
)

// testSessions is a small programme with the shapes that matter: times,
// accents, several speakers and a session without a time.
func testSessions(tb testing.TB) []session.Session {
	loc := brussels(tb)
	at := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, loc) }
	return []session.Session{
		{
			ID: "k8s-secrets", Title: "Base64 is not encryption - a better story for Kubernetes Secrets",
			Abstract: "Secrets are a key pillar of Kubernetes’ security model.\n\nAnyone with access to etcd can read your Kubernetes secrets.",
			Speakers: []session.Speaker{{Name: "Seth Vargo", Company: "Google"}}, Track: "Security", Room: "Main Hall",
			Tags: []string{"kubernetes", "security"}, Type: "talk", Start: at(28, 10), End: at(28, 11), URL: "https://example.org/k8s",
			StreamURL: "https://live.example.org/main-hall", RecordingURL: "https://video.example.org/k8s.mp4",
		},
		{
			ID: "isolates", Title: "Isolate Computing", Abstract: "Serverless without processes: isolates start in 5 ms.",
			Speakers: []session.Speaker{{Name: "Zack Bloom", Company: "Cloudflare"}, {Name: "Ana Lima"}}, Track: "Serverless",
			Room: "Room B", Start: at(28, 14), End: at(28, 15),
		},
		{
			ID: "cafe", Title: "Café society: accents in search", Abstract: "Ünïcödé names and the Université.",
			Speakers: []session.Speaker{{Name: "José Müller", Company: "Université Libre"}}, Track: "Community",
			Room: "Salle Öst", Start: at(29, 9), End: at(29, 10),
		},
		{ID: "tba", Title: "To be announced"},
	}
}

func openTest(tb testing.TB, dir string) *Index {
	tb.Helper()
	ix, err := Open(dir, Options{Location: brussels(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

func syncTest(tb testing.TB, ix *Index, ss []session.Session) SyncStats {
	tb.Helper()
	st, err := ix.Sync(ss)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

func TestReopenKeepsData(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !ix.Rebuilt() {
		t.Error("a new index should report Rebuilt")
	}
	syncTest(t, ix, testSessions(t))
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = openTest(t, dir)
	if ix.Rebuilt() {
		t.Error("reopened index reports Rebuilt")
	}
	got, err := ix.Sessions()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sortedByID(testSessions(t)), got); diff != "" {
		t.Errorf("Sessions mismatch (-want +got):\n%s", diff)
	}
	if st := syncTest(t, ix, testSessions(t)); !st.Unchanged {
		t.Errorf("Sync after reopen = %+v, want unchanged", st)
	}
	res, err := ix.Search(t.Context(), ParseQuery("vargo", time.Time{}, nil))
	if err != nil || res.Total != 1 {
		t.Errorf("search after reopen: total %d, %v", res.Total, err)
	}
}

func TestOpenRebuilds(t *testing.T) {
	junk := []byte("\x00\xffnot an index at all\n")
	tests := map[string]func(t *testing.T, dir string){
		"junk meta":  func(t *testing.T, dir string) { write(t, filepath.Join(dir, "index_meta.json"), junk) },
		"empty meta": func(t *testing.T, dir string) { write(t, filepath.Join(dir, "index_meta.json"), nil) },
		"meta of another": func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "index_meta.json"), []byte(`{"storage":"nope","index_type":"nope"}`))
		},
		"junk store": func(t *testing.T, dir string) {
			entries, err := os.ReadDir(filepath.Join(dir, "store"))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				write(t, filepath.Join(dir, "store", e.Name()), junk)
			}
		},
		"store is a file": func(t *testing.T, dir string) {
			os.RemoveAll(filepath.Join(dir, "store"))
			write(t, filepath.Join(dir, "store"), junk)
		},
		"no meta": func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "index_meta.json")) },
		"old mapping": func(t *testing.T, dir string) {
			ix := openTest(t, dir)
			if err := ix.bi.SetInternal(keyMapping, []byte("sessionbot-index-0")); err != nil {
				t.Fatal(err)
			}
			ix.Close()
		},
	}
	for name, damage := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			ix := openTest(t, dir)
			syncTest(t, ix, testSessions(t))
			ix.Close()
			write(t, filepath.Join(dir, "notes.txt"), []byte("mine"))
			damage(t, dir)

			ix = openTest(t, dir)
			if !ix.Rebuilt() {
				t.Error("Rebuilt = false after damage")
			}
			if n, err := ix.Count(); err != nil || n != 0 {
				t.Errorf("Count = %d, %v; want an empty index", n, err)
			}
			if st := syncTest(t, ix, testSessions(t)); st.Upserted != len(testSessions(t)) {
				t.Errorf("refill: %+v", st)
			}
			if data, err := os.ReadFile(filepath.Join(dir, "notes.txt")); err != nil || string(data) != "mine" {
				t.Errorf("a file that is not the index's was touched: %q, %v", data, err)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	write(t, file, []byte("x"))
	if _, err := Open(file, Options{}); err == nil {
		t.Error("Open of a regular file succeeded")
	}
	dir := t.TempDir()
	openTest(t, dir)
	if ix, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		if err == nil {
			ix.Close()
		}
		t.Errorf("second Open = %v, want ErrLocked", err)
	}
}

func TestGetDelete(t *testing.T) {
	ix := openTest(t, t.TempDir())
	syncTest(t, ix, testSessions(t))
	want := testSessions(t)[2]
	got, ok, err := ix.Get("cafe")
	if err != nil || !ok {
		t.Fatalf("Get(cafe) = %v, %v", ok, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Get mismatch (-want +got):\n%s", diff)
	}
	if _, ok, err := ix.Get("nope"); ok || err != nil {
		t.Errorf("Get(nope) = %v, %v", ok, err)
	}
	if err := ix.Delete("cafe", "nope"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := ix.Get("cafe"); ok {
		t.Error("deleted session still there")
	}
	if n, _ := ix.Count(); n != 3 {
		t.Errorf("Count = %d, want 3", n)
	}
	res, err := ix.Search(t.Context(), ParseQuery("café", time.Time{}, nil))
	if err != nil || res.Total != 0 {
		t.Errorf("search finds deleted session: %d, %v", res.Total, err)
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestUseAfterClose(t *testing.T) {
	ix := openTest(t, t.TempDir())
	syncTest(t, ix, testSessions(t))
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := ix.Search(t.Context(), ParseQuery("kubernetes", time.Time{}, nil)); !errors.Is(err, ErrClosed) {
		t.Errorf("Search after Close: %v", err)
	}
	if _, err := ix.Sync(testSessions(t)); !errors.Is(err, ErrClosed) {
		t.Errorf("Sync after Close: %v", err)
	}
	if _, _, err := ix.Get("cafe"); !errors.Is(err, ErrClosed) {
		t.Errorf("Get after Close: %v", err)
	}
	if _, err := ix.Sessions(); !errors.Is(err, ErrClosed) {
		t.Errorf("Sessions after Close: %v", err)
	}
}
