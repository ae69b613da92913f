package blocks_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
)

var liveZone = mustLoad("Europe/Brussels")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func liveSession() session.Session {
	start := time.Date(2026, 11, 28, 10, 0, 0, 0, liveZone)
	return session.Session{ID: "k8s", Title: "Kubernetes Secrets", Room: "Main Hall", Track: "Security",
		Speakers: []session.Speaker{{Name: "Seth Vargo", Company: "Google"}}, Abstract: "Secrets are a key pillar.",
		Start: start, End: start.Add(45 * time.Minute), URL: "https://example.org/k8s"}
}

// buttons returns "label=url" of every button in m's blocks.
func linkButtons(t *testing.T, m blocks.Message) []string {
	t.Helper()
	data, _ := json.Marshal(m.Blocks)
	var doc []struct {
		Elements []struct {
			ActionID string `json:"action_id"`
			Text     struct {
				Text string `json:"text"`
			} `json:"text"`
			URL string `json:"url"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range doc {
		for _, e := range b.Elements {
			if e.ActionID != "" {
				out = append(out, e.Text.Text+"="+e.URL)
			}
		}
	}
	return out
}

func TestRoomPost(t *testing.T) {
	s := liveSession()
	m := blocks.RoomPost(s, s.Start.Add(-5*time.Minute), liveZone, "https://stream.example.org/{room}")
	checkMessage(t, m)
	body := string(mustJSON(t, m.Blocks))
	for _, want := range []string{"Starting in 5 min", "Kubernetes Secrets", "Main Hall", "Seth Vargo"} {
		if !strings.Contains(body, want) {
			t.Errorf("room post lacks %q: %s", want, body)
		}
	}
	if strings.Contains(body, blocks.ActionRemind) {
		t.Errorf("room post offers Remind me: %s", body)
	}
	got := strings.Join(linkButtons(t, m), " ")
	if got != "Watch live=https://stream.example.org/main-hall Details=https://example.org/k8s" {
		t.Errorf("buttons %s", got)
	}
	if !strings.Contains(m.Text, "Starting in 5 min") {
		t.Errorf("fallback %q", m.Text)
	}
	s.StreamURL = "https://live.example.org/own"
	if got := linkButtons(t, blocks.RoomPost(s, s.Start, liveZone, "https://stream.example.org/{room}")); got[0] != "Watch live=https://live.example.org/own" {
		t.Errorf("the session's own stream is preferred: %v", got)
	}
}

// TestCardMedia: "Watch live" while a session runs, "Recording" after it,
// only when known.
func TestCardMedia(t *testing.T) {
	s := liveSession()
	s.RecordingURL = "https://video.example.org/k8s.mp4"
	tmpl := "https://stream.example.org/{room}"
	for _, tc := range []struct {
		name string
		now  time.Time
		tmpl string
		want string
	}{
		{"before", s.Start.Add(-time.Hour), tmpl, "Remind me= Details=https://example.org/k8s"},
		{"running", s.Start.Add(10 * time.Minute), tmpl, "Remind me= Details=https://example.org/k8s Watch live=https://stream.example.org/main-hall"},
		{"running, no stream known", s.Start.Add(10 * time.Minute), "", "Remind me= Details=https://example.org/k8s"},
		{"over", s.End.Add(time.Minute), tmpl, "Remind me= Details=https://example.org/k8s Recording=https://video.example.org/k8s.mp4"},
		{"no clock", time.Time{}, tmpl, "Remind me= Details=https://example.org/k8s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := blocks.Message{Text: "x", Blocks: blocks.PersonalCard(s, blocks.Highlight{}, liveZone, blocks.CardOptions{Now: tc.now, StreamURL: tc.tmpl})}
			checkMessage(t, m)
			if got := strings.Join(linkButtons(t, m), " "); got != tc.want {
				t.Errorf("buttons %s, want %s", got, tc.want)
			}
		})
	}
}

func TestStreamURL(t *testing.T) {
	s := liveSession()
	s.Room = "K.1.105 (La Fontaine)"
	if got := blocks.StreamURL(s, "https://stream.example.org/{room}/live"); got != "https://stream.example.org/k-1-105-la-fontaine/live" {
		t.Errorf("StreamURL = %q", got)
	}
	s.Room = ""
	if got := blocks.StreamURL(s, "https://stream.example.org/{room}"); got != "" {
		t.Errorf("no room: %q", got)
	}
}

func TestDayDigest(t *testing.T) {
	day := time.Date(2026, 11, 28, 8, 0, 0, 0, liveZone)
	var ss []session.Session
	for i, track := range []string{"Security", "Cloud", "Security", "", "Cloud", "Security", "Rust"} {
		s := liveSession()
		s.ID, s.Title, s.Track = "s"+string(rune('a'+i)), "Talk "+string(rune('A'+i)), track
		s.Start = day.Add(time.Duration(i+1) * time.Hour)
		ss = append(ss, s)
	}
	m := blocks.DayDigest("DevConf", day, ss, liveZone)
	checkMessage(t, m)
	body := string(mustJSON(t, m.Blocks))
	for _, want := range []string{"Today at DevConf", "7 sessions", "Security 3", "Cloud 2", "Rust 1", "Talk A", "Talk E", "/session now"} {
		if !strings.Contains(body, want) {
			t.Errorf("digest lacks %q: %s", want, body)
		}
	}
	if strings.Contains(body, "Talk G") {
		t.Errorf("digest lists more than the first few: %s", body)
	}
	if !strings.Contains(m.Text, "Today at DevConf: 7 sessions") {
		t.Errorf("fallback %q", m.Text)
	}
}
