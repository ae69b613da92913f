package session

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// Characters a hostile source might hide in its text: C0 and C1 controls
// (ESC and CSI start terminal escape sequences), bidi overrides, isolates
// and marks, and other invisible format characters.
const (
	c0Hidden    = "\x1b\x07\x00\x7f"
	otherHidden = "\u009b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u2060\ufeff\u00ad\U000e0041"
)

// hostile mixes every hidden character into s, C0 controls only when the
// format can carry them (XML cannot).
func hostile(s string, c0 bool) string {
	h := otherHidden
	if c0 {
		h = strings.ReplaceAll(c0Hidden, "\x00", "") + h // NUL makes the source binary
	}
	return s[:1] + h + s[1:]
}

// visibleOnly fails when a field holds a hidden character; multi-line
// fields may keep newlines and tabs.
func visibleOnly(t *testing.T, field, s string, multiLine bool) {
	t.Helper()
	for _, r := range s {
		if multiLine && (r == '\n' || r == '\t') {
			continue
		}
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			t.Errorf("%s %q holds hidden %U", field, s, r)
		}
	}
}

func checkClean(t *testing.T, s Session) {
	t.Helper()
	for name, v := range map[string]string{"id": s.ID, "title": s.Title, "subtitle": s.Subtitle, "track": s.Track,
		"room": s.Room, "type": s.Type, "language": s.Language, "url": s.URL} {
		visibleOnly(t, name, v, false)
	}
	visibleOnly(t, "abstract", s.Abstract, true)
	visibleOnly(t, "description", s.Description, true)
	for _, sp := range s.Speakers {
		visibleOnly(t, "speaker", sp.Name, false)
		visibleOnly(t, "company", sp.Company, false)
	}
	for _, tag := range s.Tags {
		visibleOnly(t, "tag", tag, false)
	}
	if s.Title != "Photognp.exe" {
		t.Errorf("title = %q, want %q", s.Title, "Photognp.exe")
	}
	if !strings.Contains(s.Abstract, "First line\nSecond\tline") {
		t.Errorf("abstract = %q, want its newline and tab kept", s.Abstract)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestParseStripsHiddenCharacters: whatever the format, no control or
// invisible format character reaches a session's fields; newlines and tabs
// stay in multi-line text.
func TestParseStripsHiddenCharacters(t *testing.T) {
	title, abstract := "Photognp.exe", "First line\nSecond\tline"
	h := func(s string) string { return hostile(s, true) }
	j := func(s string) string { return jsonString(h(s)) }
	y := func(s string) string { return strconv.QuoteToASCII(h(s)) } // YAML's escapes include Go's
	x := func(s string) string { return hostile(s, false) }
	for _, tc := range []struct{ format, data string }{
		{FormatYAML, "sessions:\n  - id: " + y("talk-1") + "\n    title: " + y(title) + "\n    abstract: " + y(abstract) +
			"\n    speakers: [{name: " + y("Ada Lovelace") + ", company: " + y("ACME") + "}]\n    track: " + y("Security") +
			"\n    room: " + y("Main") + "\n    tags: [" + y("rust") + "]\n    url: " + y("https://example.org/t") + "\n"},
		{FormatJSON, `{"sessions": [{"id": ` + j("talk-1") + `, "title": ` + j(title) + `, "abstract": ` + j(abstract) +
			`, "description": ` + j("More\ttext\r\nhere") + `, "speakers": [{"name": ` + j("Ada") + `, "company": ` + j("ACME") +
			`}], "room": ` + j("Main") + `, "type": ` + j("Talk") + `, "language": ` + j("en") + `}]}`},
		{FormatText, "Programme\n\n" + h(title) + "\n\n" + h("Ada Lovelace - ACME") + "\n\n" +
			"First line" + c0Hidden[:1] + otherHidden + "\nSecond\tline\n"},
		{FormatSessionize, `{"sessions": [{"id": ` + j("1") + `, "title": ` + j(title) + `, "description": ` + j(abstract) +
			`, "speakers": ["s1"], "categoryItems": [100], "roomId": 5}], "speakers": [{"id": "s1", "fullName": ` + j("Ada Lovelace") +
			`, "tagLine": ` + j("Engineer at ACME") + `}], "categories": [{"id": 9, "title": "Track", "items": [{"id": 100, "name": ` +
			j("Cloud") + `}]}], "rooms": [{"id": 5, "name": ` + j("Room 5") + `}]}`},
		{FormatFrabXML, `<schedule><conference><time_zone_name>Europe/Brussels</time_zone_name></conference>
<day index="1" date="2026-03-07"><room name="` + x("Main") + `"><event id="` + x("1") + `"><start>10:00</start><duration>00:30</duration>
<title>` + x(title) + `</title><subtitle>` + x("Sub") + `</subtitle><abstract>` + x(abstract) + `</abstract><track>` + x("Go") +
			`</track><persons><person>` + x("Ada") + `</person></persons></event></room></day></schedule>`},
		{FormatFrabJSON, `{"schedule": {"conference": {"time_zone_name": "Europe/Vienna", "days": [{"date": "2026-05-02", "rooms": {` +
			j("Saal 1") + `: [{"id": ` + j("a7") + `, "start": "10:00", "duration": "01:00", "title": ` + j(title) +
			`, "abstract": ` + j(abstract) + `, "persons": [{"name": ` + j("Ada") + `}]}]}}]}}}`},
	} {
		t.Run(tc.format, func(t *testing.T) {
			res, err := Parse([]byte(tc.data), Options{Format: tc.format})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Sessions) != 1 {
				t.Fatalf("got %d sessions, want 1: %+v\n%v", len(res.Sessions), res.Sessions, res.Warnings)
			}
			checkClean(t, res.Sessions[0])
		})
	}
}

// TestWarningsStripHiddenCharacters: warnings quote the source (an ID, a
// key) and are printed on terminals.
func TestWarningsStripHiddenCharacters(t *testing.T) {
	data := `{"sessions": [{"id": "x\u001b[2J\u202e", "title": "A", "start": "bad\u001b"}, {"title": "B", "c\u001b[0m": 1}]}`
	res, err := Parse([]byte(data), Options{Format: FormatJSON})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) == 0 {
		t.Fatal("no warnings")
	}
	for _, w := range res.Warnings {
		visibleOnly(t, "warning", w.String(), false)
	}
}

func TestCleanLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a\tb\nc\u0085d", "a b c d"},
		{"x\x1b[2J\u202ey\u2066z\u2069", "x[2Jyz"},
		{"plain", "plain"},
	} {
		if got := cleanLine(tc.in); got != tc.want {
			t.Errorf("cleanLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a\r\nb\rc\vd\fe\u0085f\u2028g\u2029h", "a\nb\nc\nd\ne\nf\ng\nh"},
		{"tab\tkept\x1b[31m red\u202e", "tab\tkept[31m red"},
		{"C1\u009b2J", "C12J"},
		{"emoji 👩\u200d💻 and ZWNJ می\u200cخواهم stay", "emoji 👩\u200d💻 and ZWNJ می\u200cخواهم stay"},
	} {
		if got := cleanText(tc.in); got != tc.want {
			t.Errorf("cleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
