package redact

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"user and password",
			"https://alice:s3cret@example.org/programme.json",
			"https://REDACTED@example.org/programme.json"},
		{"token as user",
			"https://ghp_abc123@example.org/x",
			"https://REDACTED@example.org/x"},
		{"secret query values, others kept",
			"https://example.org/s.json?day=1&token=abc&api_key=k1&X-Amz-Signature=f00&sig=zz&format=json",
			"https://example.org/s.json?day=1&token=REDACTED&api_key=REDACTED&X-Amz-Signature=REDACTED&sig=REDACTED&format=json"},
		{"fragment token",
			"https://example.org/cb#access_token=abc&state=1",
			"https://example.org/cb#access_token=REDACTED&state=1"},
		{"quoted in an url.Error",
			`fetch: Get "https://u:p@h.example/p/q.xml?key=abc": dial tcp: refused`,
			`fetch: Get "https://REDACTED@h.example/p/q.xml?key=REDACTED": dial tcp: refused`},
		{"two URLs",
			"fetch http://h/a?password=1 and http://h/b",
			"fetch http://h/a?password=REDACTED and http://h/b"},
		{"slack webhook",
			"https://hooks.slack.com/services/T000/B000/XXXXSECRET",
			"https://hooks.slack.com/REDACTED"},
		{"unparsable URL",
			"see http://us:er@h%zz/x?token=1 now",
			"see http://REDACTED@h%zz/x now"},
		{"bot token in a config value",
			`announce.channel: want a channel ID, got "xoxb-1234-5678-abcdef"`,
			`announce.channel: want a channel ID, got "xoxb-REDACTED"`},
		{"app and user tokens",
			"xapp-1-A0-123-abc and xoxp-9-9 and github_pat_11AB_cd",
			"xapp-REDACTED and xoxp-REDACTED and github_pat_REDACTED"},
		{"nothing secret", "no URL here: line 3 (xoxo)", "no URL here: line 3 (xoxo)"},
		{"plain URL", "https://example.org/a/b.xml", "https://example.org/a/b.xml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Text(tc.in); got != tc.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestError(t *testing.T) {
	if Error(nil) != nil {
		t.Error("Error(nil) != nil")
	}
	err := Error(fmt.Errorf("open https://a:b@h/x?token=t: %w", fs.ErrNotExist))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Error("errors.Is lost the wrapped error")
	}
	if got, want := err.Error(), "open https://REDACTED@h/x?token=REDACTED: file does not exist"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

type stringer string

func (s stringer) String() string { return string(s) }

func TestHandler(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			var h slog.Handler = slog.NewTextHandler(&buf, nil)
			if format == "json" {
				h = slog.NewJSONHandler(&buf, nil)
			}
			log := slog.New(Handler(h)).With(slog.String("api_url", "https://u:pw@slack.example/api/?token=t1"))
			log.WithGroup("g").Info("started with xoxb-111-secret",
				slog.Any("error", errors.New("get https://h/x?sig=s2: refused")),
				slog.Any("url", stringer("https://h/?key=s3")),
				slog.Group("source", slog.String("url", "https://h/?secret=s4")),
				slog.Int("n", 5))
			out := buf.String()
			for _, secret := range []string{"pw", "t1", "111-secret", "s2", "s3", "s4"} {
				if strings.Contains(out, secret) {
					t.Errorf("log line holds %q:\n%s", secret, out)
				}
			}
			for _, kept := range []string{"slack.example/api/", "refused", "REDACTED", "5"} {
				if !strings.Contains(out, kept) {
					t.Errorf("log line lacks %q:\n%s", kept, out)
				}
			}
		})
	}
}
