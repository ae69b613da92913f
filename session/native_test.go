package session

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var brussels = time.FixedZone("CET", 3600)

// wantNative is what testdata/sessions.yaml and sessions.json hold.
func wantNative() []Session {
	at := func(day, hour, min int) time.Time { return time.Date(2026, 11, day, hour, min, 0, 0, brussels) }
	out := []Session{{
		ID:       "k8s-secrets",
		Title:    "Base64 is not encryption - a better story for Kubernetes Secrets",
		Speakers: []Speaker{{Name: "Seth Vargo", Company: "Google"}},
		Abstract: "Secrets are a key pillar of Kubernetes’ security model, used internally (e.g. service accounts) and by users (e.g. API keys), but did you know they are stored in plaintext?\nThankfully there are better ways.",
		Track:    "Security", Room: "Main Hall", Type: "talk",
		Start: at(28, 10, 0), End: at(28, 10, 45),
		Tags: []string{"kubernetes", "security"},
		URL:  "https://example.org/talks/k8s-secrets",
	}, {
		Title:       "Isolate Computing",
		Subtitle:    "Beyond the process model",
		Speakers:    []Speaker{{Name: "Zack Bloom", Company: "Cloudflare"}},
		Abstract:    "For forty years computation has been built around the idea of a process as the fundamental abstraction of a piece of code to be executed.",
		Description: "Isolates start in milliseconds and share one runtime.",
		Language:    "en",
		Room:        "Main Hall",
		Start:       at(28, 11, 0), End: at(28, 11, 45),
		Tags: []string{"serverless", "wasm"},
	}, {
		Title:    "Serverless Security - Attackers & Defenders",
		Speakers: []Speaker{{Name: "Ory Segal", Company: "PureSec"}, {Name: "Heidi Waterhouse", Company: "LaunchDarkly"}},
		Track:    "Security",
		Start:    time.Date(2026, 11, 29, 9, 30, 0, 0, time.UTC),
	}}
	for i := 1; i < len(out); i++ {
		out[i].ID = DeriveID(out[i])
	}
	return out
}

func TestParseNativeFiles(t *testing.T) {
	for _, tc := range []struct{ file, format string }{
		{"sessions.yaml", FormatYAML},
		{"sessions.json", FormatJSON},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data := readTestdata(t, tc.file)
			for _, format := range []string{tc.format, FormatAuto} {
				res, err := Parse(data, Options{Format: format, Location: brussels})
				if err != nil {
					t.Fatalf("Parse(%s): %v", format, err)
				}
				if res.Format != tc.format {
					t.Errorf("Parse(%s): format %q, want %q", format, res.Format, tc.format)
				}
				if diff := cmp.Diff(wantNative(), res.Sessions); diff != "" {
					t.Errorf("Parse(%s) sessions (-want +got):\n%s", format, diff)
				}
				if len(res.Warnings) != 0 {
					t.Errorf("Parse(%s) warnings: %v", format, res.Warnings)
				}
			}
		})
	}
}

// A malformed record is skipped with a warning naming it; the rest survive.
func TestParseNativeBadRecord(t *testing.T) {
	const good = "sessions:\n  - title: Good\n    speakers: [{name: Jane Doe, company: Acme}]\n"
	for _, tc := range []struct {
		name, doc string
		want      []string
		sessions  int
	}{
		{"bad time", good + "  - title: Bad\n    start: tomorrow\n",
			[]string{`sessions[1] (line 4): start: cannot parse "tomorrow" as a time (want RFC 3339, e.g. 2026-11-28T10:00:00+01:00); session skipped`}, 1},
		{"date without time", good + "  - title: Bad\n    end: 2026-11-28\n",
			[]string{`sessions[1] (line 4): end: cannot parse "2026-11-28" as a time (want RFC 3339, e.g. 2026-11-28T10:00:00+01:00); session skipped`}, 1},
		{"title is a list", good + "  - title: [a, b]\n",
			[]string{`sessions[1] (line 4): title: want text, found a list; session skipped`}, 1},
		{"no title", good + "  - abstract: text\n",
			[]string{`sessions[1] (line 4): no title; session skipped`}, 1},
		{"speaker without name", good + "  - title: Bad\n    speakers: [{company: Acme}]\n",
			[]string{`sessions[1] (line 4): speakers: [0]: speaker without a name; session skipped`}, 1},
		{"tags are mappings", good + "  - title: Bad\n    tags: [{a: b}]\n",
			[]string{`sessions[1] (line 4): tags: [0]: want text, found a mapping; session skipped`}, 1},
		{"record is text", good + "  - just a title\n",
			[]string{`sessions[1] (line 4): want a mapping, found text; session skipped`}, 1},
		{"unknown key", good + "  - title: Kept\n    romo: Main Hall\n",
			[]string{`sessions[1] (line 5): unknown key "romo" ignored (a typo?)`}, 2},
		{"unknown speaker key", good + "  - title: Kept\n    speakers: [{name: Jane Doe, org: Acme}]\n",
			[]string{`sessions[1] (line 5): unknown key "org" in a speaker ignored (a typo?)`}, 2},
		{"unknown top-level key", "event: DevOpsDays\n" + good,
			[]string{`line 1: unknown top-level key "event" ignored`}, 1},
		{"json wrong type", `{"sessions": [{"title": "Good"},` + "\n" + `{"title": "Bad", "speakers": [[42]]}]}`,
			[]string{`sessions[1] (line 2): speakers: [0]: want a mapping with name and company, found a list; session skipped`}, 1},
		{"json bad time", "{\"sessions\": [\n {\"title\": \"Good\"},\n {\"title\": \"Bad\",\n  \"start\": \"tomorrow\"}]}",
			[]string{`sessions[1] (line 3): start: cannot parse "tomorrow" as a time (want RFC 3339, e.g. 2026-11-28T10:00:00+01:00); session skipped`}, 1},
		{"json unknown key", "{\"sessions\": [\n {\"title\": \"Good\",\n  \"speaker\": \"Jane Doe\"}]}",
			[]string{`sessions[0] (line 3): unknown key "speaker" ignored (a typo?)`}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sessions, warnings, err := parseNative([]byte(tc.doc), Options{Location: time.UTC})
			if err != nil {
				t.Fatalf("parseNative: %v", err)
			}
			if diff := cmp.Diff(tc.want, warningStrings(warnings)); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if len(sessions) != tc.sessions {
				t.Errorf("got %d sessions, want %d", len(sessions), tc.sessions)
			}
		})
	}
}

func TestParseNativeJSONSpeakerNumber(t *testing.T) {
	// A number where a speaker is expected is text, read as a name.
	doc := `{"sessions": [{"title": "T", "speakers": [42, "Jane Doe - Acme"], "id": 7}]}`
	sessions, _, err := parseNative([]byte(doc), Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	want := []Session{{ID: "7", Title: "T", Speakers: []Speaker{{Name: "42"}, {Name: "Jane Doe", Company: "Acme"}}}}
	if diff := cmp.Diff(want, sessions); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A document that is not the native shape is an error naming the line.
func TestParseNativeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, format, doc, want string
	}{
		{"no sessions key", FormatYAML, "talks:\n  - title: x\n", `yaml: line 1: no "sessions" key at the top (found "talks")`},
		{"yaml syntax", FormatYAML, "sessions:\n  - title: x\n    room: [a, b\n  - title: y\n", "yaml: line 2: did not find expected ',' or ']'"},
		{"yaml truncated", FormatYAML, "sessions:\n  - title: \"Isolate Computing\n", "yaml: line 2: found unexpected end of stream"},
		{"yaml tab indent", FormatYAML, "sessions:\n\t- title: x\n", "yaml: line 2: found character that cannot start any token"},
		{"sessions is a mapping", FormatYAML, "sessions:\n  title: x\n", "yaml: line 2: sessions: want a list, found a mapping"},
		{"top is a list", FormatYAML, "- title: x\n", `yaml: line 1: want a mapping with a "sessions" list at the top, found a list`},
		{"json syntax", FormatJSON, "{\"sessions\": [\n  {\"title\": \"x\",}\n]}", "json: source: line 2: invalid character '}' looking for beginning of object key string"},
		{"json truncated", FormatJSON, "{\"sessions\": [\n  {\"title\": \"x\"", "json: source: truncated: the JSON ends at line 2 before it is complete"},
		{"json top is a list", FormatJSON, `[{"title": "x"}]`, `json: line 1: want a mapping with a "sessions" list at the top, found a list`},
		{"json no sessions", FormatJSON, `{"schedule": {}}`, `json: line 1: no "sessions" key at the top (found "schedule")`},
		{"json truncated, sniffed", FormatAuto, "{\"sessions\": [\n  {\"title\": \"x\"", "JSON source: truncated: the JSON ends at line 2 before it is complete"},
		{"yaml truncated, sniffed", FormatAuto, "sessions:\n  - title: x\n    abstract: \"Secrets are", "yaml: line 3: found unexpected end of stream"},
		{"empty sessions", FormatYAML, "sessions: []\n", "yaml: " + ErrNoSessions.Error()},
		{"null sessions", FormatJSON, `{"sessions": null}`, "json: " + ErrNoSessions.Error()},
		{"alias bomb", FormatYAML, aliasBomb(), "yaml: aliases expand the document far beyond its size (an alias bomb?)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.doc), Options{Format: tc.format})
			if err == nil || err.Error() != tc.want {
				t.Errorf("Parse: error %v, want %q", err, tc.want)
			}
		})
	}
}

// aliasBomb is a "billion laughs" document: each level doubles ten times.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	prev := "a"
	for i := range 9 {
		name := string(rune('b' + i))
		b.WriteString(name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n")
		prev = name
	}
	b.WriteString("sessions: [{title: T, tags: *" + prev + "}]\n")
	return b.String()
}

func TestParseNativeSniff(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"yaml with document marker", "---\nsessions:\n  - title: T\n", FormatYAML},
		{"yaml", "# programme\nsessions:\n  - title: T\n", FormatYAML},
		{"yaml flow list", "sessions: [{title: T}]\n", FormatYAML},
		{"json", `{"sessions": [{"title": "T"}]}`, FormatJSON},
		{"json with BOM", "\uFEFF" + `{"sessions": [{"title": "T"}]}`, FormatJSON},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Parse([]byte(tc.doc), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != tc.want || len(res.Sessions) != 1 {
				t.Errorf("format %q with %d sessions, want %q with 1", res.Format, len(res.Sessions), tc.want)
			}
		})
	}
}

func FuzzParseNative(f *testing.F) {
	for _, file := range []string{"sessions.yaml", "sessions.json"} {
		data, err := os.ReadFile("testdata/" + file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, strings.TrimPrefix(file[strings.IndexByte(file, '.'):], "."))
	}
	f.Add([]byte("sessions:\n  - title: x\n    start: tomorrow\n"), FormatYAML)
	f.Add([]byte(aliasBomb()), FormatYAML)
	f.Add([]byte("a: &a [*a]\nsessions: [{title: *a}]"), FormatYAML)
	f.Add([]byte(`{"sessions": [{"title": 1e999, "speakers": "A - B"}]}`), FormatJSON)
	f.Add([]byte("{\"sessions\": [\n"), FormatJSON)
	f.Fuzz(func(t *testing.T, data []byte, format string) {
		if format != FormatJSON {
			format = FormatYAML
		}
		res, err := Parse(data, Options{Format: format})
		checkFuzzResult(t, res, err)
	})
}

// checkFuzzResult asserts what every parse must give: an error or sessions
// that each have a unique ID, a title and no hidden characters.
func checkFuzzResult(t *testing.T, res Result, err error) {
	t.Helper()
	if err != nil {
		if len(res.Sessions) != 0 {
			t.Errorf("error %v with %d sessions", err, len(res.Sessions))
		}
		return
	}
	seen := map[string]bool{}
	for i, s := range res.Sessions {
		if s.ID == "" || s.Title == "" || seen[s.ID] {
			t.Errorf("session %d has ID %q (seen before: %v) and title %q", i, s.ID, seen[s.ID], s.Title)
		}
		seen[s.ID] = true
		if hasHidden(s) {
			t.Errorf("session %d has hidden characters: %+q", i, s)
		}
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func warningStrings(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.String())
	}
	return out
}
