package session

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// c3Schedule is the c3voc schedule.json that frab and pretalx export.
// Scalars are flexString and events stay raw, because real exports break the
// schema: ids as strings, nulls, extra keys.
type c3Schedule struct {
	Schedule *struct {
		Conference *struct {
			TimeZoneName flexString `json:"time_zone_name"`
			Days         []*c3Day   `json:"days"`
		} `json:"conference"`
	} `json:"schedule"`
}

type c3Day struct {
	Date     flexString `json:"date"`
	DayStart flexString `json:"day_start"`
	Rooms    c3Rooms    `json:"rooms"`
}

// c3Rooms is a day's {"room name": [events]} object, in source order.
type c3Rooms []c3Room

type c3Room struct {
	name   string
	events json.RawMessage // decoded later, so that a bad room is only a warning
}

// UnmarshalJSON implements json.Unmarshaler, keeping the rooms' order so that
// the sessions come out in a stable order.
func (r *c3Rooms) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return errors.New(`"rooms" is not an object of room name to events`)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return err
		}
		var events json.RawMessage
		if err := dec.Decode(&events); err != nil {
			return err
		}
		*r = append(*r, c3Room{name: fmt.Sprint(key), events: events})
	}
	return nil
}

type c3Event struct {
	ID          flexString `json:"id"`
	GUID        flexString `json:"guid"`
	Date        flexString `json:"date"`
	Start       flexString `json:"start"`
	Duration    flexString `json:"duration"`
	End         flexString `json:"end"`
	Room        flexString `json:"room"`
	Title       flexString `json:"title"`
	Subtitle    flexString `json:"subtitle"`
	Track       flexString `json:"track"`
	Type        flexString `json:"type"`
	Abstract    flexString `json:"abstract"`
	Description flexString `json:"description"`
	Language    flexString `json:"language"`
	URL         flexString `json:"url"`
	Persons     []c3Person `json:"persons"`
	Links       []Link     `json:"links"`
}

// c3Person is a speaker: frab writes public_name or full_public_name, newer
// exports name; a bare string is taken as the name.
type c3Person struct {
	Name           flexString `json:"name"`
	PublicName     flexString `json:"public_name"`
	FullPublicName flexString `json:"full_public_name"`
}

// UnmarshalJSON implements json.Unmarshaler.
func (p *c3Person) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '{' {
		type plain c3Person
		return json.Unmarshal(b, (*plain)(p))
	}
	return p.Name.UnmarshalJSON(b)
}

func (p c3Person) name() string {
	return firstNonEmpty(string(p.PublicName), string(p.Name), string(p.FullPublicName))
}

// parseFrabJSON reads a c3voc schedule.json (frab, pretalx):
// schedule.conference.days[].rooms{name: [events]}. Its own ID is the event's
// id (number or string), else its guid. Times come from date (ISO 8601 with
// offset) and end or duration, as in parseFrabXML. A malformed event is
// skipped with a warning that names it.
func parseFrabJSON(data []byte, opts Options) ([]Session, []Warning, error) {
	var doc c3Schedule
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, nil, jsonError("schedule.json", data, err)
	}
	if doc.Schedule == nil || doc.Schedule.Conference == nil {
		return nil, nil, errors.New(`not a c3voc schedule.json: no "schedule"."conference" object`)
	}
	conf := doc.Schedule.Conference
	loc, w := conferenceZone(conf.TimeZoneName.String(), opts.Location)
	var warnings []Warning
	if w != nil {
		warnings = append(warnings, *w)
	}
	var sessions []Session
	for di, day := range conf.Days {
		if day == nil {
			continue
		}
		fd := frabDay{date: string(day.Date), start: string(day.DayStart)}
		for _, room := range day.Rooms {
			var events []json.RawMessage
			if err := json.Unmarshal(room.events, &events); err != nil {
				warnings = append(warnings, Warning{Where: fmt.Sprintf("days[%d].rooms[%q]", di, room.name), Msg: "skipped: not a list of events"})
				continue
			}
			for ei, raw := range events {
				var w *Warning
				sessions, w = c3Add(sessions, raw, fd, room.name, loc)
				if w != nil {
					w.Where = cmp.Or(w.Where, fmt.Sprintf("days[%d].rooms[%q][%d]", di, room.name, ei))
					w.Record = w.Where
					warnings = append(warnings, *w)
				}
			}
		}
	}
	return sessions, warnings, nil
}

// c3Add converts one event and appends it. A warning names the event by
// its id when it has one, else leaves Where empty for the caller to fill.
func c3Add(sessions []Session, raw json.RawMessage, day frabDay, room string, loc *time.Location) ([]Session, *Warning) {
	s, err := c3Session(raw, day, room, loc)
	if err == nil {
		return append(sessions, s), nil
	}
	w := &Warning{Msg: err.Error()}
	if id := firstNonEmpty(s.ID, rawID(raw)); id != "" {
		w.Where = "event " + id
	}
	if !errors.Is(err, errEndDropped) {
		w.Msg, w.Skipped = "skipped: "+w.Msg, true
		return sessions, w
	}
	return append(sessions, s), w
}

// c3Session converts one event. On a time error the session still carries
// its ID, for the warning.
func c3Session(raw json.RawMessage, day frabDay, room string, loc *time.Location) (Session, error) {
	var ev c3Event
	if err := json.Unmarshal(raw, &ev); err != nil {
		return Session{}, fmt.Errorf("not an event: %w", err)
	}
	s := Session{
		ID:          firstNonEmpty(ev.ID.String(), ev.GUID.String()),
		Title:       string(ev.Title),
		Subtitle:    abstractText(string(ev.Subtitle)),
		Abstract:    abstractText(string(ev.Abstract)),
		Description: abstractText(string(ev.Description)),
		Track:       string(ev.Track),
		Room:        firstNonEmpty(string(ev.Room), room),
		Type:        string(ev.Type),
		Language:    string(ev.Language),
		URL:         string(ev.URL),
	}
	s.StreamURL, s.RecordingURL = mediaLinks(ev.Links)
	for _, p := range ev.Persons {
		s.Speakers = append(s.Speakers, Speaker{Name: p.name()})
	}
	times := frabTimes{date: string(ev.Date), start: string(ev.Start), duration: string(ev.Duration), end: string(ev.End)}
	var err error
	s.Start, s.End, err = eventTimes(times, day, loc)
	return s, err
}
