package session

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseFrabJSONRealFile(t *testing.T) {
	utc := func(d, h, m int) time.Time { return time.Date(2020, 12, d, h, m, 0, 0, time.UTC) }
	checkFeed(t, feedCase{
		file: "pretalx_rc3-channels-2020_schedule.json", zone: "Europe/Berlin", format: FormatFrabJSON, count: 48,
		want: []Session{{
			ID:       "frab-1",
			Title:    "Quo vadis Freifunk - wohin geht die Reise?",
			Abstract: "TBA", // abstract and description are both "TBA": kept once
			Speakers: []Speaker{{Name: "Arwed"}},
			Track:    "MON r3s Rhein VHS",
			Room:     "r3s - Monheim/Rhein",
			Type:     "Talk 30 min + 10min Q&A",
			Language: "de",
			Start:    utc(28, 17, 30), // 18:30+01:00
			End:      utc(28, 18, 10),
			URL:      "https://pretalx.rc3.studio/rc3-channels-2020/talk/WZS9YW/",
		}, {
			ID:          "frab-192",
			Title:       "Chaostrawler test",
			Abstract:    "ich fasse zusammen",
			Description: "alles muss schön werden",
			Language:    "en",
			Speakers:    []Speaker{{Name: "omky"}},
			Track:       "HH ChaosTrawler",
			Room:        "ChaosTrawler Stubnitz/Gängeviertel Hamburg",
			Type:        "Talk 60min + 20min Q&A",
			Start:       utc(28, 10, 20),
			End:         utc(28, 12, 30),
			URL:         "https://pretalx.rc3.studio/rc3-channels-2020/talk/7HXULT/",
		}},
	})
}

func TestParseFrabJSONSpeakers(t *testing.T) {
	res, err := Parse(feedFile(t, "pretalx_rc3-channels-2020_schedule.json"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := feedSessions(res.Sessions)["frab-15"]
	if diff := cmp.Diff([]string{"Chris Fiege", "Kasa"}, s.SpeakerNames()); diff != "" {
		t.Errorf("speakers of event 15 (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(s.Abstract, "Eine wichtige Komponente von Freifunk") || !strings.HasPrefix(s.Description, "Um Gluon in der eigenen") {
		t.Errorf("event 15: abstract and description not kept apart:\nabstract: %s\ndescription: %s", s.Abstract, s.Description)
	}
}

// frabJSONSnippet breaks the schema the way real exports do.
const frabJSONSnippet = `{"schedule": {"version": "x", "conference": {"acronym": "t", "time_zone_name": "Europe/Vienna", "days": [
  null,
  {"index": 1, "date": "2026-05-02", "day_start": "2026-05-02T09:00:00+02:00", "rooms": {
    "Saal 1": [
      {"id": "a7", "guid": "g", "date": null, "start": "10:00", "duration": "01:00", "title": "String id, no date",
       "subtitle": null, "abstract": null, "description": "Only a description.", "persons": null, "answers": [{"q": 1}]},
      {"guid": "only-guid", "date": "2026-05-02T11:00:00+02:00", "end": "2026-05-02T11:20:00+02:00", "title": "End given",
       "persons": [{"name": "Ada"}, {"full_public_name": "Grace H."}, "Linus", {"public_name": null}]},
      42,
      {"id": 9, "title": {"en": "Object title"}},
      {"id": 10, "date": "2026-05-02 12:00", "duration": "soon", "title": "Bad duration", "room": "Saal 2"}
    ],
    "Empty": [],
    "Null": null,
    "Bad": "x"}},
  {"index": 2, "date": "2026-05-03", "rooms": null}]}}}`

func TestParseFrabJSONLenient(t *testing.T) {
	res, err := Parse([]byte(frabJSONSnippet), Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	at := func(h, m int) time.Time { return time.Date(2026, 5, 2, h, m, 0, 0, time.UTC) }
	want := []Session{{
		ID: "frab-a7", Title: "String id, no date", Abstract: "Only a description.", Room: "Saal 1", Start: at(8, 0), End: at(9, 0),
	}, {
		ID: "frab-only-guid", Title: "End given", Speakers: []Speaker{{Name: "Ada"}, {Name: "Grace H."}, {Name: "Linus"}},
		Room: "Saal 1", Start: at(9, 0), End: at(9, 20),
	}, {
		ID: "frab-10", Title: "Bad duration", Room: "Saal 2", Start: at(10, 0),
	}}
	if diff := cmp.Diff(want, res.Sessions); diff != "" {
		t.Errorf("sessions (-want +got):\n%s", diff)
	}
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.String())
	}
	wantWarnings := []string{
		`days[1].rooms["Saal 1"][2]: skipped: not an event: json: cannot unmarshal number into Go value of type session.c3Event`,
		`event 9: skipped: not an event: want a string or number, got an object`,
		`event 10: bad duration "soon" (want HH:MM): end left out`,
		`days[1].rooms["Bad"]: skipped: not a list of events`,
	}
	if diff := cmp.Diff(wantWarnings, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestParseFrabJSONBadInput(t *testing.T) {
	rc3 := feedFile(t, "pretalx_rc3-channels-2020_schedule.json")
	tests := []struct {
		name    string
		input   string
		wantErr string // substring; "" means ErrNoSessions
	}{
		{"cut in half", string(rc3[:len(rc3)/2]), "truncated: the JSON ends at line"},
		{"schedule is a number", `{"schedule": 5}`, "wrong type"},
		{"no conference", `{"schedule": {"version": "1"}}`, `no "schedule"."conference" object`},
		{"days is an object", `{"schedule": {"conference": {"days": {}}}}`, "wrong type"},
		{"rooms is an array", `{"schedule": {"conference": {"days": [{"rooms": []}]}}}`, "not an object of room name to events"},
		{"a room is a string", `{"schedule": {"conference": {"days": [{"rooms": {"A": "x"}}]}}}`, ""},
		{"no days", `{"schedule": {"conference": {"days": []}}}`, ""},
		{"empty rooms", `{"schedule": {"conference": {"days": [{"date": "2026-01-01", "rooms": {"A": []}}]}}}`, ""},
		{"only broken events", `{"schedule": {"conference": {"days": [{"rooms": {"A": [1, "x", null]}}]}}}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkParseError(t, FormatFrabJSON, tt.input, tt.wantErr)
		})
	}
}
