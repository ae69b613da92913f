package blocks

import (
	"fmt"
	"strings"
	"time"
)

// Date renders t as a Slack date token, which each reader sees in their own
// time zone: <!date^UNIX^{date_short_pretty} {time}|FALLBACK>. FALLBACK, shown
// by clients that cannot render the token, is t in loc (the conference's zone;
// UTC when nil), such as "Sat 1 Feb 10:30 CET". A zero t renders as "".
func Date(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return token(t, "{date_short_pretty} {time}", inZone(t, loc).Format("Mon 2 Jan 15:04 MST"))
}

// TimeRange renders the time from start to end like Date: the end as a time
// of day only when it falls on the same day in loc, as a full date otherwise,
// and left out when it is zero or not after start. A zero start renders as "".
func TimeRange(start, end time.Time, loc *time.Location) string {
	from := Date(start, loc)
	if from == "" || end.IsZero() || !end.After(start) {
		return from
	}
	ls, le := inZone(start, loc), inZone(end, loc)
	if ls.Year() == le.Year() && ls.YearDay() == le.YearDay() {
		return from + "–" + token(end, "{time}", le.Format("15:04 MST"))
	}
	return from + " – " + Date(end, loc)
}

func inZone(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc)
}

// maxFallbackDate bounds a date's fallback, whose zone name comes from loc.
const maxFallbackDate = 40

// token builds a date token. The fallback is shown as is (Slack decodes no
// entities in it), so the characters that would end the token are dropped.
func token(t time.Time, format, fallback string) string {
	fallback = strings.Map(func(r rune) rune {
		if strings.ContainsRune("<>|&^", r) {
			return -1
		}
		return r
	}, fallback)
	return fmt.Sprintf("<!date^%d^%s|%s>", t.Unix(), format, Truncate(fallback, maxFallbackDate))
}
