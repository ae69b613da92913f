package schedule

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestDropGuard shrinks the programme to one session: refused with one DM
// to the admins, then accepted when seen twice in a row, or at once when
// forced.
func TestDropGuard(t *testing.T) {
	t.Run("seen twice", func(t *testing.T) {
		e := newEnv(t, nil)
		e.write(talks(1, 6)...)
		e.sync(t0, SyncOptions{})
		e.write(talk(1))
		rep := e.sync(t0.Add(time.Minute), SyncOptions{})
		if !rep.Refused || len(rep.Diff.Removed) != 5 {
			t.Fatalf("shrunk source: Refused = %v, %d removed; want refused, 5 removed", rep.Refused, len(rep.Diff.Removed))
		}
		if got := catalogueIDs(t, e); len(got) != 6 {
			t.Fatalf("refused snapshot changed the catalogue: %v", got)
		}
		if dms := e.dms(); len(dms) != 1 || !strings.Contains(dms[0], "1 sessions instead of 6") {
			t.Fatalf("admin DMs = %q, want one about 1 instead of 6", dms)
		}
		if opened := e.slack.Calls("conversations.open"); len(opened) != 1 || opened[0].Param("users") != admin {
			t.Errorf("conversations.open calls = %+v", opened)
		}
		rep = e.sync(t0.Add(2*time.Minute), SyncOptions{})
		if rep.Refused {
			t.Fatalf("seen twice: still refused")
		}
		if got := catalogueIDs(t, e); !slicesEqual(got, []string{"talk-01"}) {
			t.Errorf("catalogue after acceptance = %v", got)
		}
		if got := search(t, e, "cheetah"); len(got) != 0 {
			t.Errorf("search cheetah after acceptance = %v, want nothing", got)
		}
		if m, _ := e.st.Meta(); m.Refused.Hash != "" || m.LastError != "" {
			t.Errorf("meta after acceptance: Refused %+v, LastError %q", m.Refused, m.LastError)
		}
		if dms := e.dms(); len(dms) != 1 {
			t.Errorf("admins got %d DMs, want 1", len(dms))
		}
	})
	t.Run("different broken pages in a row", func(t *testing.T) {
		e := newEnv(t, nil)
		e.write(talks(1, 6)...)
		e.sync(t0, SyncOptions{})
		e.write(talk(1))
		e.sync(t0.Add(time.Minute), SyncOptions{})
		e.write(talk(2))
		if rep := e.sync(t0.Add(2*time.Minute), SyncOptions{}); !rep.Refused {
			t.Errorf("a second, different broken snapshot was accepted")
		}
		if dms := e.dms(); len(dms) != 2 {
			t.Errorf("admins got %d DMs for two distinct refusals, want 2", len(dms))
		}
	})
	t.Run("forced", func(t *testing.T) {
		e := newEnv(t, nil)
		e.write(talks(1, 6)...)
		e.sync(t0, SyncOptions{})
		e.write(talk(1))
		if rep := e.sync(t0.Add(time.Minute), SyncOptions{Force: true}); rep.Refused {
			t.Fatalf("forced sync refused")
		}
		if got := catalogueIDs(t, e); !slicesEqual(got, []string{"talk-01"}) {
			t.Errorf("catalogue after forced sync = %v", got)
		}
		if dms := e.dms(); len(dms) != 0 {
			t.Errorf("forced sync notified admins: %q", dms)
		}
	})
	t.Run("dry run", func(t *testing.T) {
		e := newEnv(t, nil)
		e.write(talks(1, 6)...)
		e.sync(t0, SyncOptions{})
		e.write(talk(1))
		if rep := e.sync(t0.Add(time.Minute), SyncOptions{DryRun: true}); !rep.Refused {
			t.Errorf("dry run does not report the refusal")
		}
		if m, _ := e.st.Meta(); m.Refused.Hash != "" {
			t.Errorf("dry run recorded a refusal")
		}
		if rep := e.sync(t0.Add(2*time.Minute), SyncOptions{}); !rep.Refused {
			t.Errorf("a dry run counted as the first sighting")
		}
	})
}

// TestFailureDM checks what the admins are told when the source breaks: a
// short category and a pointer to the log, never the Go error or a URL's
// query string (which may hold a token); each distinct problem once.
func TestFailureDM(t *testing.T) {
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
	step := func(name, url, wantDM string, fetched bool) {
		t.Helper()
		now = now.Add(time.Minute)
		e.syncer.Source.URL = url + "/programme.yaml?token=" + secret
		before := len(e.dms())
		_, err := e.syncer.Sync(t.Context(), now, SyncOptions{})
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		m, _ := e.st.Meta()
		for what, text := range map[string]string{"error": err.Error(), "meta.LastError": m.LastError, "log": logs.String()} {
			if strings.Contains(text, secret) || (!fetched && !strings.Contains(text, "/programme.yaml")) {
				t.Errorf("%s: %s %q: want the URL's path without its query", name, what, text)
			}
		}
		dms := e.dms()[before:]
		switch {
		case wantDM == "" && len(dms) != 0:
			t.Errorf("%s: the same problem again notified the admins: %q", name, dms)
		case wantDM != "" && (len(dms) != 1 || dms[0] != wantDM):
			t.Errorf("%s: admin DMs = %q, want %q", name, dms, wantDM)
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

func TestFailureSummary(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"fetch", errors.New(`fetch https://h/p: Get "https://h/p?token=x": dial tcp: refused`), "the source could not be fetched"},
		{"parse, first line, no URLs", errors.New("parse source: html: line 4: no programme at https://h/p?token=x\nmore detail"),
			"the source could not be parsed: html: line 4: no programme at [URL]"},
		{"long parse error", errors.New("parse source: " + strings.Repeat("é", 300)),
			"the source could not be parsed: " + strings.Repeat("é", maxSummary) + "…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := failureSummary(tc.err); got != tc.want {
				t.Errorf("failureSummary = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRedactURLs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`Get "https://u:p@host.example/p/q.xml?key=abc#frag": dial tcp: refused`, `Get "https://host.example/p/q.xml": dial tcp: refused`},
		{"fetch http://h/a?x=1 and http://h/b", "fetch http://h/a and http://h/b"},
		{"no URL here: line 3", "no URL here: line 3"},
	} {
		if got := redactURLs(tc.in); got != tc.want {
			t.Errorf("redactURLs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
