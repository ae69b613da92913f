package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/session"
)

var brussels, _ = time.LoadLocation("Europe/Brussels")

func TestICSParsesToTheAgenda(t *testing.T) {
	start := time.Date(2026, 11, 28, 10, 0, 0, 0, brussels)
	sessions := []session.Session{
		{ID: "k8s-secrets", Title: "Base64 is not encryption; a better story, for Secrets", Room: "Main Hall",
			Speakers: []session.Speaker{{Name: "Seth Vargo", Company: "Google"}, {Name: "Ana Lima"}},
			Abstract: "Line one, with commas; and semicolons.\n\nSecond paragraph \\ backslash.",
			Start:    start, End: start.Add(45 * time.Minute), URL: "https://example.org/k8s"},
		{ID: "no-end", Title: "Lightning talks", Start: start.Add(2 * time.Hour)},
		{ID: "tba", Title: "Time to be announced"},
	}
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	data, err := ICS(sessions, now)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("BEGIN:VCALENDAR\r\n")) {
		t.Errorf("not CRLF iCalendar: %q", data[:min(40, len(data))])
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the library cannot read it: %v\n%s", err, data)
	}
	type event struct {
		UID, Summary, Location, URL, Start, End string
	}
	var got []event
	for _, ev := range cal.Events() {
		prop := func(p ics.ComponentProperty) string {
			if v := ev.GetProperty(p); v != nil {
				return v.Value
			}
			return ""
		}
		got = append(got, event{prop(ics.ComponentPropertyUniqueId), prop(ics.ComponentPropertySummary),
			prop(ics.ComponentPropertyLocation), prop(ics.ComponentPropertyUrl), prop(ics.ComponentPropertyDtStart), prop(ics.ComponentPropertyDtEnd)})
		if ev.GetProperty(ics.ComponentPropertyDtstamp) == nil {
			t.Error("no DTSTAMP")
		}
	}
	want := []event{
		{"k8s-secrets@sessionbot", "Base64 is not encryption; a better story, for Secrets", "Main Hall", "https://example.org/k8s", "20261128T090000Z", "20261128T094500Z"},
		{"no-end@sessionbot", "Lightning talks", "", "", "20261128T110000Z", "20261128T120000Z"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	desc := cal.Events()[0].GetProperty(ics.ComponentPropertyDescription).Value
	for _, w := range []string{"Seth Vargo (Google), Ana Lima", "Line one, with commas; and semicolons.\n\nSecond paragraph \\ backslash."} {
		if !strings.Contains(desc, w) {
			t.Errorf("DESCRIPTION %q lacks %q", desc, w)
		}
	}
	again, _ := ICS(sessions, now.Add(time.Hour))
	if !bytes.Equal(uids(t, data), uids(t, again)) {
		t.Error("UIDs change between exports")
	}
}

func uids(t *testing.T, data []byte) []byte {
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for _, ev := range cal.Events() {
		out = append(out, ev.Id()...)
	}
	return out
}
