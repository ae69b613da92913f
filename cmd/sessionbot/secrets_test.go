package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The secrets a careless config holds, each of which must never be printed.
const (
	urlUser     = "alice"
	urlPassword = "pa55w0rd"
	urlToken    = "t0kenvalue"
	urlSig      = "s1gvalue"
	pastedToken = "xoxb-1111-2222-pastedsecret"
)

// secretServer serves a programme at /ok and fails at /broken.
func secretServer(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "session", "testdata", "sessions.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ok" {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sessionbot.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func assertNoSecrets(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range []string{urlUser, urlPassword, urlToken, urlSig, "pastedsecret", "2222"} {
		if strings.Contains(text, s) {
			t.Errorf("%s shows the secret %q:\n%s", what, s, text)
		}
	}
}

// TestCheckRedactsSecrets: check never echoes credentials in source.url
// or a token pasted into the wrong key, whether the source loads or fails.
func TestCheckRedactsSecrets(t *testing.T) {
	host := secretServer(t)
	secretURL := func(path string) string {
		return "http://" + urlUser + ":" + urlPassword + "@" + host + path + "?day=1&token=" + urlToken + "&sig=" + urlSig
	}
	for _, tc := range []struct {
		name, config string
		want         []string
	}{
		{"source loads", "source:\n  url: " + secretURL("/ok") + "\n",
			[]string{"ok: http://REDACTED@" + host + "/ok?day=1&token=REDACTED&sig=REDACTED (yaml)"}},
		{"source fails", "source:\n  url: " + secretURL("/broken") + "\n",
			[]string{"500 Internal Server Error", "http://REDACTED@" + host + "/broken"}},
		{"token in announce.channel", "announce:\n  channel: " + pastedToken + "\nsource:\n  url: " + secretURL("/ok") + "\n",
			[]string{"announce.channel", `got "xoxb-REDACTED"`}},
		{"token in admins", "admins: [" + pastedToken + "]\nsource:\n  url: " + secretURL("/ok") + "\n",
			[]string{"admins", `got "xoxb-REDACTED"`}},
		{"token as source.url", "source:\n  url: " + pastedToken + "\n",
			[]string{"xoxb-REDACTED", "does not exist"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := runCmd(t, "check", "-config", writeConfig(t, tc.config))
			assertNoSecrets(t, "check", out)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("check output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestErrorsRedactSecrets: the error run returns (main prints it) masks
// secrets too, for a bad config and for a source that fails.
func TestErrorsRedactSecrets(t *testing.T) {
	host := secretServer(t)
	broken := "http://" + urlUser + ":" + urlPassword + "@" + host + "/broken?token=" + urlToken
	for _, tc := range []struct{ name, config string }{
		{"bad config", "announce:\n  channel: " + pastedToken + "\nsource:\n  url: " + broken + "\n"},
		{"failing source", "data_dir: ./data\nsource:\n  url: " + broken + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runCmd(t, "sync", "-config", writeConfig(t, tc.config))
			if err == nil {
				t.Fatalf("sync succeeded:\n%s", out)
			}
			assertNoSecrets(t, "sync error", err.Error())
			assertNoSecrets(t, "sync output", out)
		})
	}
}
