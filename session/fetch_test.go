package session

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const lastModified = "Sat, 28 Nov 2026 09:00:00 GMT"

// programmeServer serves body with an ETag and a Last-Modified date and
// answers conditional requests the way a static file server does.
func programmeServer(t *testing.T, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") == "" {
			t.Error("request without User-Agent")
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", lastModified)
		if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") == lastModified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchHTTPValidators(t *testing.T) {
	srv := programmeServer(t, "<p>programme</p>")
	var f Fetcher
	first, err := f.Fetch(t.Context(), srv.URL, Validators{})
	if err != nil {
		t.Fatal(err)
	}
	want := Fetched{Data: []byte("<p>programme</p>"), ContentType: "text/html; charset=utf-8", Validators: Validators{ETag: `"v1"`, LastModified: lastModified}}
	if diff := cmp.Diff(want, first); diff != "" {
		t.Fatalf("first fetch (-want +got):\n%s", diff)
	}
	for name, prev := range map[string]Validators{
		"etag":          {ETag: `"v1"`},
		"last modified": {LastModified: lastModified},
		"both":          first.Validators,
	} {
		t.Run(name, func(t *testing.T) {
			again, err := f.Fetch(t.Context(), srv.URL, prev)
			if err != nil {
				t.Fatal(err)
			}
			want := Fetched{NotModified: true, Validators: Validators{ETag: `"v1"`, LastModified: lastModified}}
			if diff := cmp.Diff(want, again); diff != "" {
				t.Errorf("conditional fetch (-want +got):\n%s", diff)
			}
		})
	}
	changed, err := f.Fetch(t.Context(), srv.URL, Validators{ETag: `"v0"`})
	if err != nil || changed.NotModified || len(changed.Data) == 0 {
		t.Errorf("fetch with a stale ETag = %+v, %v; want the body", changed, err)
	}
}

func TestFetchHTTPErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/broken":
			http.Error(w, "boom", http.StatusInternalServerError)
		case "/missing":
			http.NotFound(w, r)
		case "/big": // chunked: no Content-Length to check up front
			w.Write(bytes.Repeat([]byte("x"), 512))
			w.(http.Flusher).Flush()
			w.Write(bytes.Repeat([]byte("x"), 2<<10))
		case "/big-declared":
			w.Header().Set("Content-Length", "4096")
			w.Write(bytes.Repeat([]byte("x"), 4096))
		case "/slow":
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		}
	}))
	t.Cleanup(srv.Close)
	f := Fetcher{MaxBytes: 1 << 10, Timeout: 200 * time.Millisecond}
	for _, tc := range []struct{ path, want string }{
		{"/broken", "fetch " + srv.URL + "/broken: server answered 500 Internal Server Error"},
		{"/missing", "fetch " + srv.URL + "/missing: server answered 404 Not Found"},
		{"/big", "fetch " + srv.URL + "/big: source is larger than the 1 KiB limit"},
		{"/big-declared", "fetch " + srv.URL + "/big-declared: source is larger than the 1 KiB limit"},
		{"/slow", "fetch " + srv.URL + "/slow: no complete answer within 200ms: "},
	} {
		t.Run(tc.path, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), srv.URL+tc.path, Validators{})
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("Fetch: error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestFetchErrorsHideSecrets: a source URL's credentials and token-like
// query values never reach an error, whichever step failed (the url.Error
// of a timeout repeats the whole URL).
func TestFetchErrorsHideSecrets(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-r.Context().Done()
			return
		}
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "http://")
	f := Fetcher{Timeout: 100 * time.Millisecond}
	for _, path := range []string{"/broken", "/slow"} {
		src := "http://alice:pa55word@" + host + path + "?day=1&token=t0ken&sig=s1gnature"
		_, err := f.Fetch(t.Context(), src, Validators{})
		if err == nil {
			t.Fatalf("%s: no error", path)
		}
		for _, secret := range []string{"alice", "pa55word", "t0ken", "s1gnature"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%s: error shows %q: %v", path, secret, err)
			}
		}
		if want := "http://REDACTED@" + host + path + "?day=1&token=REDACTED"; !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v does not name %s", path, err, want)
		}
	}
}

func TestFetchDefaultLimitMessage(t *testing.T) {
	var f Fetcher
	if got, want := f.tooLarge().Error(), "source is larger than the 32 MiB limit"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFetchFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sessions.yaml")
	write := func(body string, mtime time.Time) {
		t.Helper()
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	mtime := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	write("sessions: []\n", mtime)
	var f Fetcher
	first, err := f.Fetch(t.Context(), path, Validators{})
	if err != nil || string(first.Data) != "sessions: []\n" || first.NotModified {
		t.Fatalf("first fetch = %+v, %v", first, err)
	}
	if first.Validators.LastModified != lastModified {
		t.Errorf("LastModified %q, want %q", first.Validators.LastModified, lastModified)
	}
	same, err := f.Fetch(t.Context(), "file://"+path, first.Validators)
	if err != nil || !same.NotModified || same.Data != nil {
		t.Errorf("unchanged file = %+v, %v; want NotModified", same, err)
	}
	write("sessions: [{title: T}]\n", mtime.Add(time.Second))
	changed, err := f.Fetch(t.Context(), path, first.Validators)
	if err != nil || changed.NotModified || string(changed.Data) != "sessions: [{title: T}]\n" {
		t.Errorf("changed file = %+v, %v; want the new data", changed, err)
	}
}

func TestFetchFileErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, bytes.Repeat([]byte(" "), 2<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	f := Fetcher{MaxBytes: 1 << 10}
	missing := filepath.Join(dir, "nope.yaml")
	for _, tc := range []struct{ src, want string }{
		{missing, "fetch: source file " + missing + " does not exist"},
		{dir, "fetch: source " + dir + " is a directory, not a file"},
		{big, "fetch " + big + ": source is larger than the 1 KiB limit"},
		{"ftp://example.org/sessions.yaml", `fetch ftp://example.org/sessions.yaml: unsupported scheme "ftp": use a file path or an http(s) URL`},
		{"gopher://user:secret@example.org/", `fetch gopher://REDACTED@example.org/: unsupported scheme "gopher": use a file path or an http(s) URL`},
		{" ", "fetch: no source given (a file path or an http(s) URL)"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), tc.src, Validators{})
			if err == nil || err.Error() != tc.want {
				t.Errorf("Fetch: error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestFetchHTMLFileContentType(t *testing.T) {
	var f Fetcher
	got, err := f.Fetch(t.Context(), "testdata/confirmed-sessions.html", Validators{})
	if err != nil || got.ContentType != "text/html" {
		t.Errorf("Fetch = content type %q, %v; want text/html", got.ContentType, err)
	}
}
