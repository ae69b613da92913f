package session

import (
	"strings"
	"testing"
	"time"
)

// checkFeedFuzz parses data in one format and checks what any input must
// give: no panic, and only sessions with a unique ID and a title and no
// hidden (control or format) characters.
func checkFeedFuzz(t *testing.T, data []byte, format string, loc *time.Location) {
	res, err := Parse(data, Options{Format: format, Location: loc})
	if err == nil && len(res.Sessions) == 0 {
		t.Fatal("no error and no sessions")
	}
	seen := make(map[string]bool, len(res.Sessions))
	for _, s := range res.Sessions {
		if s.ID == "" || s.Title == "" {
			t.Fatalf("session without ID or title: %+v", s)
		}
		if seen[s.ID] {
			t.Fatalf("ID %s twice", s.ID)
		}
		seen[s.ID] = true
		if hasHidden(s) {
			t.Fatalf("session with hidden characters: %+q", s)
		}
	}
}

// hasHidden reports whether a field of s holds a control or format
// character other than the newlines and tabs of multi-line text.
func hasHidden(s Session) bool {
	line := []string{s.ID, s.Title, s.Subtitle, s.Track, s.Room, s.Type, s.Language, s.URL}
	for _, sp := range s.Speakers {
		line = append(line, sp.Name, sp.Company)
	}
	line = append(line, s.Tags...)
	for _, f := range line {
		if strings.ContainsFunc(f, hidden) {
			return true
		}
	}
	multi := func(r rune) bool { return r != '\n' && r != '\t' && hidden(r) }
	return strings.ContainsFunc(s.Abstract, multi) || strings.ContainsFunc(s.Description, multi)
}

func FuzzParseSessionize(f *testing.F) {
	for _, s := range []string{
		allViewSnippet,
		gridSmartSnippet,
		sessionsViewSnippet,
		`{"sessions": [{"id": "1", "title": "T", "speakers": ["a"], "categoryItems": [1]}], "speakers": [{"id": "a", "fullName": "A", "tagLine": "CTO, Foo Ltd"}]}`,
		`[{"rooms": [{"name": "R", "sessions": [{"id": 1, "title": "x"}, {"id": 1, "title": "x"}, null]}]}]`,
		`{"sessions": [{"id": "", "title": ""}, {"title": "no id"}, {"title": "no id"}]}`,
		`{}`, `[]`, `[[]]`, `{"sessions": {}}`, "\xef\xbb\xbf[{}]", `not json`,
	} {
		f.Add([]byte(s))
	}
	loc := time.FixedZone("CEST", 2*60*60)
	f.Fuzz(func(t *testing.T, data []byte) { checkFeedFuzz(t, data, FormatSessionize, loc) })
}

func FuzzParseFrabXML(f *testing.F) {
	for _, s := range []string{
		frabXMLSnippet,
		`<schedule><event id="1"><title>x</title><abstract>&lt;ul&gt;&lt;li&gt;a&lt;ul&gt;&lt;li&gt;b</abstract></event></schedule>`,
		`<schedule><conference><time_zone_name>Europe/Brussels</time_zone_name></conference><day date="2026-01-01" start="2026-01-01T09:00:00+01:00"><room name="R"><event id="1"><start>01:00</start><duration>1:00:00:00</duration><title>t</title></event></room></day></schedule>`,
		`<schedule><event id="1"><title>a</title></event><event id="1"><title>a</title></event></schedule>`,
		`<schedule><event><date>2026-13-01T00:00:00Z</date><title>bad</title></event>`,
		`<?xml version="1.0"?><rss/>`, `<schedule>`, `<`, `<!-- x -->`, `<schedule>&nbsp;&bogus;</schedule>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkFeedFuzz(t, data, FormatFrabXML, time.UTC) })
}

func FuzzParseFrabJSON(f *testing.F) {
	for _, s := range []string{
		frabJSONSnippet,
		`{"schedule": {"conference": {"days": [{"date": "2026-01-01", "rooms": {"A": [{"id": 1, "title": "x", "start": "10:00", "duration": "0:30"}]}}]}}}`,
		`{"schedule": {"conference": {"days": [{"rooms": {"A": [{"id": "1", "title": "x"}, {"id": 1, "title": "x"}]}}]}}}`,
		`{"schedule": {"conference": {"time_zone_name": "../../etc/passwd", "days": [{"rooms": {"": [{"title": "t", "persons": [1, null, {}]}]}}]}}}`,
		`{"schedule": {"conference": {"days": [{"rooms": []}]}}}`,
		`{"schedule": null}`, `{}`, `[]`, `{"schedule": {"conference": {"days": [null]}}}`, `nope`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkFeedFuzz(t, data, FormatFrabJSON, time.UTC) })
}
