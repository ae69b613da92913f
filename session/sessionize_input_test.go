package session

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const gridSmartSnippet = `[{"date": "2026-06-01T00:00:00", "rooms": [
  {"id": 1, "name": "Hall A", "sessions": [
    {"id": "10", "title": "Keynote", "startsAt": "2026-06-01T09:00:00", "endsAt": "2026-06-01T10:00:00",
     "isServiceSession": false, "isPlenumSession": true, "speakers": [{"id": "a", "name": "Ada Lovelace"}],
     "categories": [
       {"id": 1, "name": "Track", "categoryItems": [{"id": 5, "name": "Cloud"}], "sort": 0},
       {"id": 2, "name": "Level", "categoryItems": [{"id": 6, "name": "Beginner"}], "sort": 1},
       {"id": 3, "name": "Session format", "categoryItems": [{"id": 7, "name": "Talk"}], "sort": 2}],
     "roomId": 1, "room": "Hall A"},
    {"id": "11", "title": "Lunch", "startsAt": "2026-06-01T12:00:00", "isServiceSession": true, "speakers": []}]},
  {"id": 2, "name": "Hall B", "sessions": [
    {"id": "10", "title": "Keynote", "startsAt": "2026-06-01T09:00:00", "isPlenumSession": true, "room": "Hall B"},
    {"id": 12, "title": "Go", "startsAt": "2026-06-01T10:00:00Z", "speakers": [], "categories": []}]}],
 "timeSlots": []}]`

const sessionsViewSnippet = `[{"groupId": null, "groupName": "All", "sessions": [
  {"id": "20", "title": "Rust", "startsAt": "2026-06-01T11:00", "speakers": [{"id": "s", "name": "Ferris"}], "room": "Crab Room"}]}]`

const allViewSnippet = `{"sessions": [
  {"id": "1", "title": "Fine", "speakers": ["s1", "missing"], "categoryItems": [100, 999], "roomId": 5, "startsAt": "2026-10-03T09:00:00"},
  {"id": "2", "title": " ", "speakers": []},
  {"id": "3", "title": "Bad time", "startsAt": "soon"},
  "not an object",
  {"id": "4", "title": "Break", "isServiceSession": true},
  {"id": 5, "title": "Numeric id", "roomId": "5", "liveUrl": null}],
 "speakers": [{"id": "s1", "firstName": "Grace", "lastName": "Hopper", "fullName": null, "tagLine": "Rear Admiral at US Navy"}, 7],
 "categories": [{"id": 9, "title": "Track", "items": [{"id": 100, "name": "Cloud"}], "type": "session"}],
 "rooms": [{"id": 5, "name": "Room 5"}]}`

func TestParseSessionizeViews(t *testing.T) {
	brussels := feedZone(t, "Europe/Brussels")
	at := func(d, h, m int) time.Time { return time.Date(2026, 6, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		input string
		want  []Session
	}{
		{"GridSmart: plenum session once, service session left out", gridSmartSnippet, []Session{{
			ID: "sz-10", Title: "Keynote", Speakers: []Speaker{{Name: "Ada Lovelace"}}, Track: "Cloud", Type: "Talk",
			Tags: []string{"Beginner"}, Room: "Hall A", Start: at(1, 7, 0), End: at(1, 8, 0),
		}, {
			ID: "sz-12", Title: "Go", Room: "Hall B", Start: at(1, 10, 0),
		}}},
		{"Sessions view", sessionsViewSnippet, []Session{{
			ID: "sz-20", Title: "Rust", Speakers: []Speaker{{Name: "Ferris"}}, Room: "Crab Room", Start: at(1, 9, 0),
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse([]byte(tt.input), Options{Format: FormatAuto, Location: brussels})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, res.Sessions); diff != "" {
				t.Errorf("sessions (-want +got):\n%s", diff)
			}
			if len(res.Warnings) != 0 {
				t.Errorf("warnings: %v", res.Warnings)
			}
		})
	}
}

func TestParseSessionizeWarnings(t *testing.T) {
	res, err := Parse([]byte(allViewSnippet), Options{Format: FormatSessionize, Location: feedZone(t, "Europe/London")})
	if err != nil {
		t.Fatal(err)
	}
	want := []Session{{
		ID: "sz-1", Title: "Fine", Speakers: []Speaker{{Name: "Grace Hopper", Company: "US Navy"}}, Track: "Cloud",
		Room: "Room 5", Start: time.Date(2026, 10, 3, 8, 0, 0, 0, time.UTC),
	}, {
		ID: "sz-5", Title: "Numeric id", Room: "Room 5",
	}}
	if diff := cmp.Diff(want, res.Sessions); diff != "" {
		t.Errorf("sessions (-want +got):\n%s", diff)
	}
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.Where+": "+strings.SplitAfter(w.Msg, ":")[0])
	}
	wantWarnings := []string{
		"speakers[1]: skipped:",
		"session 1: speaker missing not in the speakers list:",
		"session 3: skipped:",
		"sessions[3]: skipped:",
		"sessionize session 2: skipped:",
	}
	if diff := cmp.Diff(wantWarnings, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s\nall: %v", diff, res.Warnings)
	}
}

func TestParseSessionizeBadInput(t *testing.T) {
	all := feedFile(t, "sessionize-all_scottish-summit-2026.json")
	grid := feedFile(t, "sessionize-gridsmart_ndc-oslo-2019.json")
	tests := []struct {
		name    string
		input   string
		wantErr string // substring; "" means ErrNoSessions
	}{
		{"All view cut in half", string(all[:len(all)/2]), "truncated"},
		{"GridSmart view cut in half", string(grid[:len(grid)/2]), "truncated"},
		{"sessions is a number", `{"sessions": 5, "rooms": []}`, "wrong type"},
		{"rooms is a string", `{"sessions": [], "rooms": "x"}`, "wrong type"},
		{"a day is a number", `[1, 2]`, "wrong type"},
		{"a string", `"sessions"`, "wrong type"},
		{"empty All view", `{"sessions": [], "speakers": [], "rooms": []}`, ""},
		{"empty GridSmart view", `[{"date": "2026-01-01T00:00:00", "rooms": [], "timeSlots": []}]`, ""},
		{"empty array", `[]`, ""},
		{"only service sessions", `{"sessions": [{"id": "1", "title": "Lunch", "isServiceSession": true}]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkParseError(t, FormatSessionize, tt.input, tt.wantErr)
		})
	}
}
