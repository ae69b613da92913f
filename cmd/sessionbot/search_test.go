package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const k8sTitle = "Base64 is not encryption - a better story for Kubernetes Secrets"

// TestSearchTextAnswers: what the terminal says when nothing matches well,
// and when a day: is not one of the programme's.
func TestSearchTextAnswers(t *testing.T) {
	confirmed := testConfig(t, "confirmed-sessions.txt", "auto")
	fosdem := testConfig(t, "fosdem-2025_schedule.xml", "frab-xml")
	tests := []struct {
		name, config, query string
		want                []string // in order
		wantNot             []string
	}{
		{"the closest", confirmed, "kubernetes zorbl quux",
			[]string{"No close matches for \"kubernetes zorbl quux\".\nThe closest:\n\n1. ", "**Kubernetes**"},
			[]string{"session matches", "sessions match", "…and"}},
		{"nothing close", confirmed, "zorbl",
			[]string{"No close matches for \"zorbl\".\nTry fewer or other words"}, []string{"The closest"}},
		{"a day the programme lacks", fosdem, "day:mon rust",
			[]string{"note: day:mon — the programme has no Monday.\n",
				"note: The programme's days: Sat 1 Feb 2025 (day:1), Sun 2 Feb 2025 (day:2).\n",
				`No sessions match "day:mon rust".`},
			[]string{"1. "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runCmd(t, "search", "-config", tt.config, tt.query)
			if err != nil {
				t.Fatalf("search: %v\n%s", err, out)
			}
			rest := out
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("output lacks %q (in this order):\n%s", w, out)
				}
				rest = rest[i+len(w):]
			}
			for _, w := range tt.wantNot {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestSearchJSONAnswers: -json keeps its shape and adds no_close_match and
// notices when there are any.
func TestSearchJSONAnswers(t *testing.T) {
	confirmed := testConfig(t, "confirmed-sessions.txt", "auto")
	fosdem := testConfig(t, "fosdem-2025_schedule.xml", "frab-xml")
	tests := []struct {
		name, config, query string
		wantTotal           uint64
		wantTitles          []string
		wantNoClose         bool
		wantNotices         []string
	}{
		{"close match", confirmed, "kubernetes", 1, []string{k8sTitle}, false, nil},
		{"the closest", confirmed, "kubernetes zorbl quux", 1, []string{k8sTitle}, true, nil},
		{"nothing close", confirmed, "zorbl", 0, nil, true, nil},
		{"a day the programme lacks", fosdem, "day:mon rust", 0, nil, false, []string{
			"day:mon — the programme has no Monday.",
			"The programme's days: Sat 1 Feb 2025 (day:1), Sun 2 Feb 2025 (day:2).",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := searchJSON(t, noEnv, "-config", tt.config, tt.query)
			var titles []string
			for _, r := range res.Results {
				titles = append(titles, r.Title)
			}
			if res.Total != tt.wantTotal || res.NoCloseMatch != tt.wantNoClose {
				t.Errorf("total %d, no_close_match %v; want %d, %v", res.Total, res.NoCloseMatch, tt.wantTotal, tt.wantNoClose)
			}
			if diff := cmp.Diff(tt.wantTitles, titles); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantNotices, res.Notices); diff != "" {
				t.Errorf("notices (-want +got):\n%s", diff)
			}
		})
	}
}
