package blocks_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests need Europe/Brussels on any machine

	"github.com/sessionbot/sessionbot/session"
)

func brussels(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func at(t testing.TB, s string) time.Time {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// fullSession has every field set that the native file shape (docs/organiser.md, "The native shape") has.
func fullSession(t testing.TB) session.Session {
	return session.Session{
		ID:       "k8s-secrets",
		Title:    "Base64 is not encryption - a better story for Kubernetes Secrets",
		Abstract: "Secrets are a key pillar of Kubernetes' security model, used internally (service accounts) and externally (user secrets). They are stored base64-encoded in etcd, which is not encryption. This talk shows how to encrypt them at rest with a KMS and what that protects against.",
		Speakers: []session.Speaker{{Name: "Seth Vargo", Company: "Google"}},
		Track:    "Security",
		Room:     "Main Hall",
		Tags:     []string{"kubernetes", "security"},
		Start:    at(t, "2026-11-28T10:00:00+01:00"),
		End:      at(t, "2026-11-28T10:45:00+01:00"),
		URL:      "https://example.org/talks/k8s-secrets",
	}
}

// bareSession has no time, room, speakers, track or URL.
func bareSession() session.Session {
	return session.Session{
		ID:       "bare",
		Title:    "Lightning talks",
		Abstract: "Five minutes each; sign up at the desk.",
	}
}

// hostileSession tries to ping, inject markup and overflow every limit.
func hostileSession() session.Session {
	var speakers []session.Speaker
	for i := range 40 {
		speakers = append(speakers, session.Speaker{
			Name:    fmt.Sprintf("Speaker <@U%03d> *%d*", i, i),
			Company: fmt.Sprintf("Corp & Co %d", i%7),
		})
	}
	title := "<!channel> Q&A: *bold* _claims_ ~about~ `code` by <@U123> " + strings.Repeat("Très long titre ", 17)
	return session.Session{
		ID:       strings.Repeat("id-", 100),
		Title:    title,
		Abstract: "> quote <!here> & <https://evil.example|click> " + strings.Repeat("Abstract text & more <b>html</b>. ", 300),
		Speakers: speakers,
		Track:    "<#C123> & *Track*",
		Room:     strings.Repeat("Room & ", 100),
		URL:      "javascript:alert(1)",
	}
}

// manySessions makes n sessions an hour apart.
func manySessions(t testing.TB, n int) []session.Session {
	start := at(t, "2026-11-28T09:00:00+01:00")
	out := make([]session.Session, n)
	for i := range out {
		out[i] = session.Session{
			ID:       fmt.Sprintf("s%02d", i),
			Title:    fmt.Sprintf("Session %d: Go & Kubernetes", i),
			Abstract: "An abstract that goes on for a while about Go, Kubernetes and <things>.",
			Speakers: []session.Speaker{{Name: fmt.Sprintf("Speaker %d", i), Company: "Acme"}},
			Room:     fmt.Sprintf("Room %d", i%3),
			Start:    start.Add(time.Duration(i) * time.Hour),
			End:      start.Add(time.Duration(i)*time.Hour + 45*time.Minute),
		}
	}
	return out
}
