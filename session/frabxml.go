package session

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// xmlEvent is an <event> of a frab/Pentabarf schedule.xml.
type xmlEvent struct {
	ID          string   `xml:"id,attr"`
	GUID        string   `xml:"guid,attr"`
	Date        string   `xml:"date"`
	Start       string   `xml:"start"`
	Duration    string   `xml:"duration"`
	Room        string   `xml:"room"`
	URL         string   `xml:"url"`
	Title       string   `xml:"title"`
	Subtitle    string   `xml:"subtitle"`
	Track       string   `xml:"track"`
	Type        string   `xml:"type"`
	Abstract    string   `xml:"abstract"`
	Description string   `xml:"description"`
	Language    string   `xml:"language"`
	Persons     []string `xml:"persons>person"`
	Links       []Link   `xml:"links>link"`
}

// frabXML is the state of one pass over a schedule.xml: the conference zone
// and the <day> and <room> the decoder is in.
type frabXML struct {
	dec      *xml.Decoder
	loc      *time.Location
	day      frabDay
	room     string
	sessions []Session
	warnings []Warning
}

// frabDay is a <day date="2025-02-01" start="2025-02-01T09:00:00+01:00">.
type frabDay struct {
	date, start string
}

// parseFrabXML reads a frab/Pentabarf schedule.xml (FOSDEM, CCC, pretalx) with
// a streaming decoder. Its own ID is the event's id attribute. An event's
// start is its <date> (ISO 8601 with offset), else its day's date and <start>
// in the conference's time_zone_name (or opts.Location); end is start plus
// <duration>. An event with a bad date is skipped with a warning that names
// its id and line; a truncated file or one that is not a schedule is an error.
func parseFrabXML(data []byte, opts Options) ([]Session, []Warning, error) {
	p := frabXML{dec: xml.NewDecoder(bytes.NewReader(data)), loc: opts.Location}
	p.dec.Entity = xml.HTMLEntity
	if err := p.run(); err != nil {
		return nil, nil, err
	}
	return p.sessions, p.warnings, nil
}

func (p *frabXML) run() error {
	root := false
	for {
		tok, err := p.dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return xmlError(err)
		}
		se, ok := tok.(xml.StartElement)
		switch {
		case !ok:
			continue
		case !root && se.Name.Local != "schedule":
			return fmt.Errorf("not a frab schedule.xml: the root element is <%s>, want <schedule>", se.Name.Local)
		case !root:
			root = true
		default:
			if err := p.start(se); err != nil {
				return err
			}
		}
	}
	if !root {
		return errors.New("not a frab schedule.xml: no <schedule> element")
	}
	return nil
}

func (p *frabXML) start(se xml.StartElement) error {
	switch se.Name.Local {
	case "conference":
		return p.conference(se)
	case "day":
		p.day, p.room = frabDay{date: attr(se, "date"), start: attr(se, "start")}, ""
	case "room":
		p.room = attr(se, "name")
	case "event":
		line, _ := p.dec.InputPos()
		var ev xmlEvent
		if err := p.dec.DecodeElement(&ev, &se); err != nil {
			return xmlError(err)
		}
		p.event(ev, line)
	}
	return nil
}

func (p *frabXML) conference(se xml.StartElement) error {
	var c struct {
		TimeZone string `xml:"time_zone_name"`
	}
	if err := p.dec.DecodeElement(&c, &se); err != nil {
		return xmlError(err)
	}
	loc, w := conferenceZone(c.TimeZone, p.loc)
	p.loc = loc
	if w != nil {
		p.warnings = append(p.warnings, *w)
	}
	return nil
}

func (p *frabXML) event(ev xmlEvent, line int) {
	id := strings.TrimSpace(firstNonEmpty(ev.ID, ev.GUID))
	where := fmt.Sprintf("event %s (line %d)", id, line)
	if id == "" {
		where = fmt.Sprintf("event at line %d", line)
	}
	start, end, err := eventTimes(frabTimes{date: ev.Date, start: ev.Start, duration: ev.Duration}, p.day, p.loc)
	if err != nil {
		if !errors.Is(err, errEndDropped) {
			p.warnings = append(p.warnings, Warning{Where: where, Msg: "skipped: " + err.Error(), Record: where, Skipped: true})
			return
		}
		p.warnings = append(p.warnings, Warning{Where: where, Msg: err.Error(), Record: where})
	}
	s := Session{
		ID:          id,
		Title:       ev.Title,
		Subtitle:    abstractText(ev.Subtitle),
		Abstract:    abstractText(ev.Abstract),
		Description: abstractText(ev.Description),
		Track:       ev.Track,
		Room:        firstNonEmpty(ev.Room, p.room),
		Type:        ev.Type,
		Language:    ev.Language,
		Start:       start,
		End:         end,
		URL:         ev.URL,
	}
	s.StreamURL, s.RecordingURL = mediaLinks(ev.Links)
	for _, name := range ev.Persons {
		s.Speakers = append(s.Speakers, Speaker{Name: name})
	}
	p.sessions = append(p.sessions, s)
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// xmlError names the line of a syntax error and calls an early end of input
// what it is: a truncated file.
func xmlError(err error) error {
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		if strings.Contains(syn.Msg, "unexpected EOF") {
			return fmt.Errorf("truncated: the XML ends at line %d before the schedule is complete", syn.Line)
		}
		return fmt.Errorf("XML syntax error at line %d: %s", syn.Line, syn.Msg)
	}
	return fmt.Errorf("read XML: %w", err)
}

// conferenceZone loads the conference's time_zone_name; an empty or unknown
// name keeps def (an unknown one with a warning).
func conferenceZone(name string, def *time.Location) (*time.Location, *Warning) {
	name = strings.TrimSpace(name)
	if name == "" {
		return def, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return def, &Warning{Where: "conference", Msg: fmt.Sprintf("unknown time_zone_name %q: using %s", name, def)}
	}
	return loc, nil
}

// frabTimes are an event's time fields as written: date (ISO 8601), start
// (HH:MM, on its day), duration, and end (c3voc JSON only).
type frabTimes struct {
	date, start, duration, end string
}

// errEndDropped marks an event time error that concerns only its end: the
// event is kept without one.
var errEndDropped = errors.New("end left out")

// eventTimes works out an event's start and end. Without a date, start is the
// day's date at the start clock in loc, a day later when that falls before the
// day's own start (frab days run past midnight). An error wrapping
// errEndDropped still returns a good start.
func eventTimes(t frabTimes, day frabDay, loc *time.Location) (start, end time.Time, err error) {
	switch {
	case strings.TrimSpace(t.date) != "":
		if start, err = parseLocalTime(t.date, loc); err != nil {
			return start, end, fmt.Errorf("date: %w", err)
		}
	case strings.TrimSpace(t.start) != "" && strings.TrimSpace(day.date) != "":
		if start, err = dayClock(day, t.start, loc); err != nil {
			return start, end, err
		}
	default:
		return start, end, nil
	}
	if end, err = eventEnd(t, start, loc); err != nil {
		return start, time.Time{}, fmt.Errorf("%v: %w", err, errEndDropped)
	}
	return start, end, nil
}

func eventEnd(t frabTimes, start time.Time, loc *time.Location) (time.Time, error) {
	if strings.TrimSpace(t.end) != "" {
		return parseLocalTime(t.end, loc)
	}
	if strings.TrimSpace(t.duration) == "" {
		return time.Time{}, nil
	}
	d, err := parseDuration(t.duration)
	if err != nil {
		return time.Time{}, err
	}
	return start.Add(d), nil
}

func dayClock(day frabDay, clock string, loc *time.Location) (time.Time, error) {
	date, clock := strings.TrimSpace(day.date), strings.TrimSpace(clock)
	start, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, loc)
	if err != nil {
		if start, err = time.ParseInLocation("2006-01-02 15:04:05", date+" "+clock, loc); err != nil {
			return time.Time{}, fmt.Errorf("bad day date %q or start %q (want YYYY-MM-DD and HH:MM)", date, clock)
		}
	}
	if dayStart, err := parseLocalTime(day.start, loc); err == nil && start.Before(dayStart) {
		start = start.AddDate(0, 0, 1)
	}
	return start, nil
}

// parseDuration reads a frab duration: "HH:MM" (hours may pass 24),
// "HH:MM:SS" (Pentabarf's interval form), "D:HH:MM:SS", or bare minutes.
func parseDuration(s string) (time.Duration, error) {
	fields := strings.Split(strings.TrimSpace(s), ":")
	var units []time.Duration
	switch len(fields) {
	case 1:
		units = []time.Duration{time.Minute}
	case 2:
		units = []time.Duration{time.Hour, time.Minute}
	case 3:
		units = []time.Duration{time.Hour, time.Minute, time.Second}
	case 4:
		units = []time.Duration{24 * time.Hour, time.Hour, time.Minute, time.Second}
	default:
		return 0, fmt.Errorf("bad duration %q (want HH:MM)", s)
	}
	var d time.Duration
	for i, f := range fields {
		n, ok := smallUint(f)
		if !ok || (i > 0 && units[i] < time.Hour && n >= 60) {
			return 0, fmt.Errorf("bad duration %q (want HH:MM)", s)
		}
		d += time.Duration(n) * units[i]
	}
	return d, nil
}

// smallUint parses 1 to 4 decimal digits.
func smallUint(s string) (int, bool) {
	if len(s) == 0 || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
