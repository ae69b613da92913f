package index

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestProgrammeDays resolves day: values against the programme's own days:
// testSessions run on Sat 28 and Sun 29 Nov 2026; the queries are asked
// weeks before.
func TestProgrammeDays(t *testing.T) {
	ix := openTest(t, t.TempDir())
	syncTest(t, ix, testSessions(t))
	loc := brussels(t)
	before := time.Date(2026, 10, 1, 9, 0, 0, 0, loc) // a Thursday, two months early
	during := time.Date(2026, 11, 28, 9, 0, 0, 0, loc)
	days := "The programme's days: Sat 28 Nov 2026 (day:1), Sun 29 Nov 2026 (day:2)."
	tests := []struct {
		query   string
		now     time.Time
		want    []string
		notices []string
	}{
		{"day:sat", before, []string{"k8s-secrets", "isolates"}, nil},
		{"day:Saturday", before, []string{"k8s-secrets", "isolates"}, nil},
		{"day:samstag", before, []string{"k8s-secrets", "isolates"}, nil},
		{"day:1", before, []string{"k8s-secrets", "isolates"}, nil},
		{"day:d2", before, []string{"cafe"}, nil},
		{"day:2026-11-29", before, []string{"cafe"}, nil},
		{"day:today", during, []string{"k8s-secrets", "isolates"}, nil},
		{"day:tomorrow", during, []string{"cafe"}, nil},
		{"day:sun kubernetes", before, nil, nil},
		{"day:today", before, nil, []string{"day:today — Thu 1 Oct 2026 is not a day of the programme.", days}},
		{"day:mon", before, nil, []string{"day:mon — the programme has no Monday.", days}},
		{"day:3", before, nil, []string{"day:3 — the programme has 2 days.", days}},
		{"day:2026-11-30 go", before, nil, []string{"day:2026-11-30 — Mon 30 Nov 2026 is not a day of the programme.", days}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := ix.Search(t.Context(), ParseQuery(tt.query, tt.now, loc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(res)); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.notices, res.Notices); diff != "" {
				t.Errorf("notices (-want +got):\n%s", diff)
			}
		})
	}
}

// TestProgrammeDaysAmbiguous: a programme with two Saturdays needs a
// number or a date; one without times says so.
func TestProgrammeDaysAmbiguous(t *testing.T) {
	ix := openTest(t, t.TempDir())
	ss := testSessions(t)
	ss[2].Start = ss[2].Start.AddDate(0, 0, 6) // Sat 5 Dec as well
	syncTest(t, ix, ss)
	loc := brussels(t)
	res, err := ix.Search(t.Context(), ParseQuery("day:sat", time.Date(2026, 11, 1, 9, 0, 0, 0, loc), loc))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 0 || len(res.Notices) != 2 || !strings.Contains(res.Notices[0], "the programme has 2 Saturdays") {
		t.Errorf("hits %v, notices %q; want none and the two Saturdays named", ids(res), res.Notices)
	}

	empty := openTest(t, t.TempDir())
	syncTest(t, empty, ss[3:]) // only the session without a time
	res, err = empty.Search(t.Context(), ParseQuery("day:sat", time.Now(), loc))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notices) == 0 || !strings.Contains(res.Notices[0], "no session has a time yet") {
		t.Errorf("notices %q, want that no session has a time", res.Notices)
	}
}
