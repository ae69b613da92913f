package session

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseFrabXMLRealFile(t *testing.T) {
	utc := func(h, m int) time.Time { return time.Date(2025, 2, 1, h, m, 0, 0, time.UTC) }
	checkFeed(t, feedCase{
		file: "fosdem-2025_schedule.xml", zone: "UTC", format: FormatFrabXML, count: 1105,
		want: []Session{{
			ID:           "frab-6712",
			Title:        "Welcome to FOSDEM 2025",
			Abstract:     "FOSDEM welcome and opening talk.\n\nJoin us for the opening of our 25th event.",
			Speakers:     []Speaker{{Name: "FOSDEM Staff"}, {Name: `Richard "RichiH" Hartmann`}},
			Track:        "Keynotes",
			Room:         "Janson",
			Type:         "keynote",
			Language:     "en",
			Start:        utc(8, 30), // 09:30+01:00
			End:          utc(8, 50),
			URL:          "https://fosdem.org/2025/schedule/event/fosdem-2025-6712-welcome-to-fosdem-2025/",
			RecordingURL: "https://video.fosdem.org/2025/janson/fosdem-2025-6712-welcome-to-fosdem-2025.mp4",
		}, {
			ID:    "frab-6643",
			Title: "An introduction to Torch-MLIR",
			Abstract: "The Torch-MLIR project [1] builds a bridge between the world of machine learning and the LLVM project by providing compiler support from the PyTorch ecosystem to the MLIR ecosystem. This short tutorial covers:\n\n" +
				"- The projects structure and how to build it\n- The TorchOnnxToTorch conversion\n- Decomposing complex ONNX\n- Lowering from Torch to LinAlg and other lower level dialects\n\n" +
				"Furthermore, it is discussed how you can get involved and what opportunities especially exist for first time contributors to contribute (code) to the project.\n\n" +
				"[1] https://github.com/llvm/torch-mlir/",
			Speakers:     []Speaker{{Name: "Marius Brehler"}},
			Track:        "LLVM",
			Room:         "K.3.201",
			Type:         "devroom",
			Language:     "en",
			Start:        utc(11, 25),
			End:          utc(11, 45),
			URL:          "https://fosdem.org/2025/schedule/event/fosdem-2025-6643-an-introduction-to-torch-mlir/",
			RecordingURL: "https://video.fosdem.org/2025/k3201/fosdem-2025-6643-an-introduction-to-torch-mlir.mp4",
		}},
	})
}

// TestParseFrabXMLAbstractsArePlainText checks that no markup survives in any
// FOSDEM abstract and that times are in the conference's zone.
func TestParseFrabXMLAbstractsArePlainText(t *testing.T) {
	res, err := Parse(feedFile(t, "fosdem-2025_schedule.xml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Sessions {
		for _, bad := range []string{"<p>", "</p>", "<li>", "<a href", "&lt;", "&gt;", "&quot;", "\r"} {
			if strings.Contains(s.Abstract, bad) {
				t.Errorf("%s: abstract contains %q", s.ID, bad)
			}
		}
		if s.Start.Location().String() != "Europe/Brussels" {
			t.Fatalf("%s: start in %s, want Europe/Brussels (the file's time_zone_name)", s.ID, s.Start.Location())
		}
	}
}

const frabXMLSnippet = `<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Test</title><time_zone_name>America/New_York</time_zone_name></conference>
  <day index="1" date="2026-03-07" start="2026-03-07T10:00:00-05:00" end="2026-03-08T04:00:00-05:00">
    <room name="Main">
      <event id="1" guid="g-1">
        <start>10:00</start><duration>00:45:30</duration>
        <title>No date &amp; no room</title><subtitle>A short one</subtitle><language>Deutsch</language>
        <abstract>Plain text,
two lines.</abstract>
        <description>&lt;p&gt;More&amp;nbsp;detail&lt;/p&gt;</description>
        <persons><person id="7">Ada</person><person id="8">Grace</person></persons>
      </event>
      <event id="2"><date>yesterday</date><title>Bad date</title></event>
      <event guid="g-3"><start>01:30</start><duration>1:00</duration><title>After midnight</title><room>Bar</room></event>
      <event id="4"><date>2026-03-07T12:00:00-05:00</date><duration>forever</duration><title>Bad duration</title></event>
    </room>
  </day>
</schedule>`

func TestParseFrabXMLSnippet(t *testing.T) {
	res, err := Parse([]byte(frabXMLSnippet), Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m, s int) time.Time { return time.Date(2026, 3, d, h, m, s, 0, time.UTC) }
	want := []Session{{
		ID: "frab-1", Title: "No date & no room", Subtitle: "A short one", Abstract: "Plain text,\ntwo lines.", Description: "More detail", Language: "de",
		Speakers: []Speaker{{Name: "Ada"}, {Name: "Grace"}}, Room: "Main", Start: at(7, 15, 0, 0), End: at(7, 15, 45, 30),
	}, {
		ID: "frab-g-3", Title: "After midnight", Room: "Bar", Start: at(8, 6, 30, 0), End: at(8, 7, 30, 0),
	}, {
		ID: "frab-4", Title: "Bad duration", Room: "Main", Start: at(7, 17, 0, 0),
	}}
	if diff := cmp.Diff(want, res.Sessions); diff != "" {
		t.Errorf("sessions (-want +got):\n%s", diff)
	}
	wantWarnings := []Warning{
		{Where: "event 2 (line 14)", Msg: `skipped: date: bad date-time "yesterday" (want ISO 8601, e.g. 2026-10-03T09:00:00)`,
			Record: "event 2 (line 14)", Skipped: true},
		{Where: "event 4 (line 16)", Msg: `bad duration "forever" (want HH:MM): end left out`, Record: "event 4 (line 16)"},
	}
	if diff := cmp.Diff(wantWarnings, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestParseFrabXMLUnknownZone(t *testing.T) {
	in := `<schedule><conference><time_zone_name>Mars/Olympus</time_zone_name></conference>
<day date="2026-03-07"><room name="A"><event id="1"><start>10:00</start><title>T</title></event></room></day></schedule>`
	res, err := Parse([]byte(in), Options{Location: feedZone(t, "Europe/Berlin")})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 7, 9, 0, 0, 0, time.UTC); !res.Sessions[0].Start.Equal(want) {
		t.Errorf("start %v, want %v (10:00 in opts.Location)", res.Sessions[0].Start, want)
	}
	if want := []Warning{{Where: "conference", Msg: `unknown time_zone_name "Mars/Olympus": using Europe/Berlin`}}; !cmp.Equal(want, res.Warnings) {
		t.Errorf("warnings %v, want %v", res.Warnings, want)
	}
}

func TestParseFrabXMLBadInput(t *testing.T) {
	fosdem := feedFile(t, "fosdem-2025_schedule.xml")
	afterEvent := bytes.Index(fosdem[len(fosdem)/2:], []byte("</event>")) + len(fosdem)/2 + len("</event>\n")
	tests := []struct {
		name    string
		input   string
		wantErr string // substring; "" means ErrNoSessions
	}{
		{"cut in half", string(fosdem[:len(fosdem)/2]), "truncated: the XML ends at line"},
		{"cut after an event", string(fosdem[:afterEvent]), "truncated"},
		{"RSS feed", `<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>`, "not a frab schedule.xml: the root element is <rss>"},
		{"mismatched tags", "<schedule>\n<day>\n<event id=\"1\"><title>x</event>\n</schedule>", "XML syntax error at line 3"},
		{"only a comment", `<!-- nothing -->`, "no <schedule> element"},
		{"empty schedule", `<schedule></schedule>`, ""},
		{"days without events", `<schedule><day date="2026-01-01"><room name="A"></room></day></schedule>`, ""},
		{"only untitled events", `<schedule><event id="1"><title> </title></event></schedule>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkParseError(t, FormatFrabXML, tt.input, tt.wantErr)
		})
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"00:30", 30 * time.Minute, true},
		{"1:30", 90 * time.Minute, true},
		{"26:00", 26 * time.Hour, true},
		{"00:45:30", 45*time.Minute + 30*time.Second, true},
		{"1:02:00:00", 26 * time.Hour, true},
		{"45", 45 * time.Minute, true},
		{" 00:20 ", 20 * time.Minute, true},
		{"00:60", 0, false},
		{"-1:00", 0, false},
		{"1h", 0, false},
		{"", 0, false},
		{"1:2:3:4:5", 0, false},
		{"99999:00", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDuration(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("parseDuration(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}
