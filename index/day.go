package index

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Day is a day of the programme, the half-open interval [From, To) in the
// conference's time zone.
type Day struct {
	From, To time.Time
}

// weekdays maps the names a day: filter accepts (English and German) to
// weekdays.
var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday, "so": time.Sunday, "sonntag": time.Sunday,
	"mon": time.Monday, "monday": time.Monday, "mo": time.Monday, "montag": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday, "di": time.Tuesday, "dienstag": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday, "mi": time.Wednesday, "mittwoch": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday, "do": time.Thursday, "donnerstag": time.Thursday,
	"fri": time.Friday, "friday": time.Friday, "fr": time.Friday, "freitag": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday, "sa": time.Saturday, "samstag": time.Saturday, "sonnabend": time.Saturday,
}

// relativeDays are the days counted from today.
var relativeDays = map[string]int{"today": 0, "heute": 0, "tomorrow": 1, "morgen": 1}

// maxDayNumber bounds day:N, so that no number is absurd.
const maxDayNumber = 366

// validDay reports whether v (lower-cased) is something day: accepts.
func validDay(v string) bool {
	if _, ok := relativeDays[v]; ok {
		return true
	}
	if _, ok := weekdays[v]; ok {
		return true
	}
	if _, ok := dayNumber(v); ok {
		return true
	}
	_, err := time.Parse(time.DateOnly, v)
	return err == nil
}

// dayNumber reads "2", "day2" or "d2".
func dayNumber(v string) (int, bool) {
	v = strings.TrimPrefix(strings.TrimPrefix(v, "day"), "d")
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 1 && n <= maxDayNumber && !strings.HasPrefix(v, "+")
}

// programmeDays are the days with sessions, in order, in loc.
func programmeDays(starts []time.Time, loc *time.Location) []Day {
	var out []Day
	for _, t := range starts {
		t = t.In(loc)
		d := dayOf(t.Year(), t.Month(), t.Day(), loc)
		if n := len(out); n == 0 || !out[n-1].From.Equal(d.From) {
			out = append(out, d)
		}
	}
	return out
}

// resolveDays turns day: values into days of the programme. A value the
// programme has no day for (or more than one) gives a notice listing the
// programme's days instead; any notice means the search finds nothing.
func resolveDays(values []string, now time.Time, loc *time.Location, starts []time.Time) ([]Day, []string) {
	if len(values) == 0 {
		return nil, nil
	}
	days := programmeDays(starts, loc)
	var out []Day
	var notices []string
	for _, v := range values {
		d, problem := resolveDay(v, now.In(loc), loc, days)
		if problem != "" {
			notices = append(notices, "day:"+v+" — "+problem)
			continue
		}
		out = append(out, d)
	}
	if len(notices) > 0 {
		notices = append(notices, listDays(days))
	}
	return out, notices
}

// resolveDay finds the programme day v names, or says why there is none.
func resolveDay(v string, now time.Time, loc *time.Location, days []Day) (Day, string) {
	if len(days) == 0 {
		return Day{}, "no session has a time yet."
	}
	if n, ok := relativeDays[v]; ok {
		d := dayOf(now.Year(), now.Month(), now.Day()+n, loc)
		if i := indexOfDay(days, d); i >= 0 {
			return days[i], ""
		}
		return Day{}, fmt.Sprintf("%s is not a day of the programme.", d.From.Format("Mon 2 Jan 2006"))
	}
	if wd, ok := weekdays[v]; ok {
		var found []Day
		for _, d := range days {
			if d.From.Weekday() == wd {
				found = append(found, d)
			}
		}
		switch len(found) {
		case 1:
			return found[0], ""
		case 0:
			return Day{}, fmt.Sprintf("the programme has no %s.", wd)
		}
		return Day{}, fmt.Sprintf("the programme has %d %ss; give the day's number or date.", len(found), wd)
	}
	if n, ok := dayNumber(v); ok {
		if n <= len(days) {
			return days[n-1], ""
		}
		return Day{}, fmt.Sprintf("the programme has %d %s.", len(days), plural(len(days), "day", "days"))
	}
	t, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		return Day{}, "not a day."
	}
	d := dayOf(t.Year(), t.Month(), t.Day(), loc)
	if i := indexOfDay(days, d); i >= 0 {
		return days[i], ""
	}
	return Day{}, fmt.Sprintf("%s is not a day of the programme.", d.From.Format("Mon 2 Jan 2006"))
}

// listDays names the programme's days with the day: values that find them.
func listDays(days []Day) string {
	if len(days) == 0 {
		return "Once sessions have times, day: finds them by date, weekday or number."
	}
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = fmt.Sprintf("%s (day:%d)", d.From.Format("Mon 2 Jan 2006"), i+1)
	}
	return "The programme's days: " + strings.Join(parts, ", ") + "."
}

func indexOfDay(days []Day, d Day) int {
	for i, x := range days {
		if x.From.Equal(d.From) {
			return i
		}
	}
	return -1
}

// dayOf returns the calendar day as an interval; days are 23 or 25 hours long
// when the clocks change.
func dayOf(y int, m time.Month, d int, loc *time.Location) Day {
	return Day{From: time.Date(y, m, d, 0, 0, 0, 0, loc), To: time.Date(y, m, d+1, 0, 0, 0, 0, loc)}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
