package blocks_test

import (
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

func TestDate(t *testing.T) {
	loc := brussels(t)
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want string
	}{
		{"winter", at(t, "2025-02-01T10:30:00+01:00"), loc,
			"<!date^1738402200^{date_short_pretty} {time}|Sat 1 Feb 10:30 CET>"},
		{"summer time", at(t, "2026-06-20T09:05:00Z"), loc,
			"<!date^1781946300^{date_short_pretty} {time}|Sat 20 Jun 11:05 CEST>"},
		{"given in another zone", at(t, "2025-02-01T04:30:00-05:00"), loc,
			"<!date^1738402200^{date_short_pretty} {time}|Sat 1 Feb 10:30 CET>"},
		{"nil location is UTC", at(t, "2025-02-01T10:30:00+01:00"), nil,
			"<!date^1738402200^{date_short_pretty} {time}|Sat 1 Feb 09:30 UTC>"},
		{"zone name that would end the token", at(t, "2025-02-01T10:30:00+01:00"), time.FixedZone("<x|y>", 3600),
			"<!date^1738402200^{date_short_pretty} {time}|Sat 1 Feb 10:30 xy>"},
		{"zero", time.Time{}, loc, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := blocks.Date(tt.t, tt.loc); got != tt.want {
				t.Errorf("Date = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTimeRange(t *testing.T) {
	loc := brussels(t)
	start := at(t, "2025-02-01T10:30:00+01:00")
	date := "<!date^1738402200^{date_short_pretty} {time}|Sat 1 Feb 10:30 CET>"
	tests := []struct {
		name       string
		start, end time.Time
		want       string
	}{
		{"same day", start, start.Add(45 * time.Minute), date + "–<!date^1738404900^{time}|11:15 CET>"},
		{"next day", start, start.Add(24 * time.Hour),
			date + " – <!date^1738488600^{date_short_pretty} {time}|Sun 2 Feb 10:30 CET>"},
		{"no end", start, time.Time{}, date},
		{"end before start", start, start.Add(-time.Hour), date},
		{"no start", time.Time{}, start, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := blocks.TimeRange(tt.start, tt.end, loc); got != tt.want {
				t.Errorf("TimeRange = %q, want %q", got, tt.want)
			}
		})
	}
}
