package session

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// feedFile reads a file from testdata.
func feedFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// feedZone loads a time zone or fails the test.
func feedZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// feedSessions indexes sessions by ID.
func feedSessions(sessions []Session) map[string]Session {
	m := make(map[string]Session, len(sessions))
	for _, s := range sessions {
		m[s.ID] = s
	}
	return m
}

// feedCase is a real schedule file: how many sessions it holds and a few of
// them in full.
type feedCase struct {
	file   string
	zone   string
	format string
	count  int
	want   []Session
}

// checkFeed parses a real file with format auto and compares the result.
func checkFeed(t *testing.T, tc feedCase) {
	t.Helper()
	res, err := Parse(feedFile(t, tc.file), Options{Format: FormatAuto, Location: feedZone(t, tc.zone)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != tc.format {
		t.Errorf("format = %q, want %q", res.Format, tc.format)
	}
	if len(res.Sessions) != tc.count {
		t.Errorf("%d sessions, want %d", len(res.Sessions), tc.count)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	got := feedSessions(res.Sessions)
	for _, want := range tc.want {
		if diff := cmp.Diff(want, got[want.ID]); diff != "" {
			t.Errorf("session %s (-want +got):\n%s", want.ID, diff)
		}
	}
	for _, s := range res.Sessions {
		if s.Start.IsZero() || s.End.IsZero() {
			t.Errorf("session %s has no start or end", s.ID)
		}
	}
}

func TestParseSessionizeRealFiles(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, time.UTC) }
	tests := []struct {
		name string
		feedCase
	}{
		{"all view Scottish Summit 2026", feedCase{
			file: "sessionize-all_scottish-summit-2026.json", zone: "Europe/London", format: FormatSessionize, count: 61,
			want: []Session{{
				ID:       "sz-1272136",
				Title:    "Trusted Data for Trusted AI",
				Abstract: "Join us to explore why data quality is the foundation of successful AI. Learn how accurate, validated and enriched data helps organisations improve AI outcomes, reduce risk, and make more confident decisions. We'll show how Data8's data quality, verification and enrichment solutions help create trusted, AI-ready data that delivers real business value.",
				Speakers: []Speaker{{Name: "Mark Carrington", Company: "Data8"}, {Name: "Matt Beard", Company: "Data8"}},
				Track:    "Copilot + Agents",
				Room:     "Moncreiff 2 (33)",
				Tags:     []string{"200 - Intermediate"},
				Type:     "45 min theatre session",
				Start:    utc(2026, 10, 3, 13, 0), // 14:00 BST
				End:      utc(2026, 10, 3, 13, 45),
			}, {
				ID:    "sz-1252943",
				Title: "Design and Build a Gamified Onboarding Agent with M365, Copilot and Power Platform Workshop",
				Abstract: "Most organisations already have some form of onboarding content, and some have tried chatbots or simple agents to help new employees. But many of these experiences are flat, hard to navigate and quickly ignored.\n\n" +
					"In this full-day workshop, a game designer, a Power Platform / CodeApps expert and a Microsoft 365 & Copilot expert guide you through the complete process of designing and prototyping a Gamified Onboarding Agent that could actually live in each company.",
				Speakers: []Speaker{{Name: "Sandra Kiel"}, {Name: "Markus Franz"}, {Name: "Anouck Fierens"}},
				Track:    "Dynamics & Power Platform",
				Room:     "Presidents Suite 1 (150)",
				Tags:     []string{"100 - Beginner"},
				Start:    utc(2026, 10, 2, 8, 0),
				End:      utc(2026, 10, 2, 16, 0),
			}},
		}},
		{"GridSmart view NDC Oslo 2019", feedCase{
			file: "sessionize-gridsmart_ndc-oslo-2019.json", zone: "Europe/Oslo", format: FormatSessionize, count: 185,
			want: []Session{{
				ID:    "sz-98819",
				Title: "An introduction to Machine Learning using LEGO",
				Abstract: "Where do you start when you want to learn Machine Learning? Do you start by learning some advanced algorithms or perhaps a Machine Learning framework? In this talk, I will show an alternative approach on how to get started with Machine Learning by using a LEGO car as a model. By using Machine Learning, we can make the LEGO car steer autonomously!\n\n" +
					"In the process of making a LEGO car steer autonomously I will go through the following topics:\n" +
					"- What is Machine Learning?\n- Can we make the LEGO car steer autonomously without Machine Learning?\n- How does the basic theory behind Machine Learning work?\n- How do we connect theory to LEGO bricks?\n\n" +
					"The aim of this talk is not to make you an expert in Machine Learning, however, it will hopefully inspire you to investigate and get familiar with Machine Learning in a playful and simple way.",
				Speakers: []Speaker{{Name: "Jeppe Tornfeldt Sørensen"}},
				Room:     "Room 1",
				Start:    utc(2019, 6, 19, 8, 20), // 10:20 CEST
				End:      utc(2019, 6, 19, 9, 20),
			}, {
				ID:    "sz-128960",
				Title: "Party",
				Abstract: "Kick back, get to know your fellow attendees and enjoy live music from the main stage. The party is complimentary for all NDC delegates. (18:40- 23:00)\n\n" +
					"Schedule:\n\n- Conference Reception in the Expo\n- Fun talks with host Lars Klint\n- Dylan Beattie and the Linebreakers\n- LoveShack",
				Speakers: []Speaker{{Name: "Lars Klint"}, {Name: "Dylan Beattie"}},
				Room:     "Expo",
				Start:    utc(2019, 6, 20, 16, 40),
				End:      utc(2019, 6, 20, 21, 0),
			}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFeed(t, tt.feedCase) })
	}
}

// TestParseSessionizeCategories checks a session with two "session type"
// items: the first is the type, the second a tag after the level.
func TestParseSessionizeCategories(t *testing.T) {
	res, err := Parse(feedFile(t, "sessionize-all_scottish-summit-2026.json"), Options{Location: feedZone(t, "Europe/London")})
	if err != nil {
		t.Fatal(err)
	}
	s := feedSessions(res.Sessions)["sz-1173456"]
	got := []any{s.Track, s.Type, s.Tags, s.Companies()}
	want := []any{"Copilot + Agents", "45 min theatre session", []string{"200 - Intermediate", "20 min lightning talk"}, []string{"InSpark", "Avanade"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("track, type, tags, companies (-want +got):\n%s", diff)
	}
}

func TestCategoryKindOf(t *testing.T) {
	tests := []struct {
		title string
		want  categoryKind
	}{
		{"Which track does your session best fit into?", kindTrack},
		{"Track", kindTrack},
		{"Topic", kindTrack},
		{"Session format", kindType},
		{"Please select session type:", kindType},
		{"What level is your session aimed at?", kindTag},
		{"Language", kindLanguage},
		{"Sprache des Vortrags", kindLanguage},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := categoryKindOf(tt.title); got != tt.want {
				t.Errorf("categoryKindOf(%q) = %d, want %d", tt.title, got, tt.want)
			}
		})
	}
}
