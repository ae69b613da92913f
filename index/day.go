package index

import (
	"strings"
	"time"
)

// weekdays maps the names a day: filter accepts to weekdays.
var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

// parseDay resolves a day: value against now (in loc): today, tomorrow, a
// weekday (the next such day on or after today) or a date as 2026-11-28.
func parseDay(value string, now time.Time, loc *time.Location) (Day, bool) {
	v := strings.ToLower(value)
	today := dayOf(now.Year(), now.Month(), now.Day(), loc)
	switch {
	case v == "today":
		return today, true
	case v == "tomorrow":
		return today.shift(1, loc), true
	}
	if wd, ok := weekdays[v]; ok {
		return today.shift((int(wd)-int(now.Weekday())+7)%7, loc), true
	}
	t, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		return Day{}, false
	}
	return dayOf(t.Year(), t.Month(), t.Day(), loc), true
}

// dayOf returns the calendar day as an interval; days are 23 or 25 hours long
// when the clocks change.
func dayOf(y int, m time.Month, d int, loc *time.Location) Day {
	return Day{From: time.Date(y, m, d, 0, 0, 0, 0, loc), To: time.Date(y, m, d+1, 0, 0, 0, 0, loc)}
}

// shift returns the day n days after d.
func (d Day) shift(n int, loc *time.Location) Day {
	return dayOf(d.From.Year(), d.From.Month(), d.From.Day()+n, loc)
}
