package session

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// parseSessionize reads a Sessionize API v2 export in one of three views:
//
//   - All: an object with sessions, speakers, categories and rooms, joined by
//     id. Speakers get a company guessed from their tagLine.
//   - GridSmart: an array of days, each with rooms[].sessions[]; sessions carry
//     their speakers as {id, name} and their room's name. A session listed
//     twice (a plenum session in every room) is kept once.
//   - Sessions: an array of groups, each with sessions[] shaped as in GridSmart.
//
// Track is the item of the category titled like "Track" (or "Topic",
// "Theme"), Type the item of the one titled like "Session format" or
// "Session type"; every other category item (level…) becomes a tag. Service
// sessions (breaks, lunch) are not talks and are left out without a warning.
// Times without an offset are in opts.Location.
func parseSessionize(data []byte, opts Options) ([]Session, []Warning, error) {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		return parseSessionizeGrid(data, opts)
	}
	return parseSessionizeAll(data, opts)
}

type szAll struct {
	Sessions   []json.RawMessage `json:"sessions"`
	Speakers   []json.RawMessage `json:"speakers"`
	Categories []szCategory      `json:"categories"`
	Rooms      []szRoom          `json:"rooms"`
}

// szCategory is a category as the All view lists it (title, items) or as a
// session carries it inline in the GridSmart and Sessions views (name,
// categoryItems).
type szCategory struct {
	Title         flexString `json:"title"`
	Name          flexString `json:"name"`
	Items         []szItem   `json:"items"`
	CategoryItems []szItem   `json:"categoryItems"`
}

type szItem struct {
	ID   flexString `json:"id"`
	Name flexString `json:"name"`
}

type szRoom struct {
	ID       flexString        `json:"id"`
	Name     flexString        `json:"name"`
	Sessions []json.RawMessage `json:"sessions"`
}

type szSpeaker struct {
	ID        flexString `json:"id"`
	FullName  flexString `json:"fullName"`
	FirstName flexString `json:"firstName"`
	LastName  flexString `json:"lastName"`
	TagLine   flexString `json:"tagLine"`
}

// szGroup is a day of the GridSmart view or a group of the Sessions view.
type szGroup struct {
	Rooms    []szRoom          `json:"rooms"`
	Sessions []json.RawMessage `json:"sessions"`
}

func parseSessionizeAll(data []byte, opts Options) ([]Session, []Warning, error) {
	var all szAll
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, nil, jsonError("Sessionize All view", data, err)
	}
	c := newSzCatalogue(opts.Location)
	warnings := c.addSpeakers(all.Speakers)
	for _, r := range all.Rooms {
		c.rooms[r.ID.String()] = string(r.Name)
	}
	for _, cat := range all.Categories {
		kind := categoryKindOf(string(cat.Title))
		for _, it := range cat.Items {
			c.items[it.ID.String()] = szItemInfo{kind: kind, name: string(it.Name)}
		}
	}
	var sessions []Session
	for i, raw := range all.Sessions {
		sessions, warnings = c.add(sessions, warnings, raw, i, "")
	}
	return sessions, warnings, nil
}

func parseSessionizeGrid(data []byte, opts Options) ([]Session, []Warning, error) {
	var groups []szGroup
	if err := json.Unmarshal(data, &groups); err != nil {
		return nil, nil, jsonError("Sessionize GridSmart/Sessions view", data, err)
	}
	c := newSzCatalogue(opts.Location)
	var sessions []Session
	var warnings []Warning
	n := 0
	for _, g := range groups {
		for _, r := range g.Rooms {
			for _, raw := range r.Sessions {
				sessions, warnings = c.add(sessions, warnings, raw, n, string(r.Name))
				n++
			}
		}
		for _, raw := range g.Sessions {
			sessions, warnings = c.add(sessions, warnings, raw, n, "")
			n++
		}
	}
	return sessions, warnings, nil
}

func (c *szCatalogue) addSpeakers(raws []json.RawMessage) []Warning {
	var warnings []Warning
	for i, raw := range raws {
		var sp szSpeaker
		if err := json.Unmarshal(raw, &sp); err != nil {
			warnings = append(warnings, Warning{Where: fmt.Sprintf("speakers[%d]", i), Msg: "skipped: " + err.Error()})
			continue
		}
		name := string(sp.FullName)
		if strings.TrimSpace(name) == "" {
			name = string(sp.FirstName) + " " + string(sp.LastName)
		}
		c.speakers[sp.ID.String()] = Speaker{Name: name, Company: companyFromTagLine(string(sp.TagLine))}
	}
	return warnings
}

// szCatalogue joins sessions to speakers, rooms and category items by id, and
// remembers which session ids it has seen.
type szCatalogue struct {
	speakers map[string]Speaker
	rooms    map[string]string
	items    map[string]szItemInfo
	seen     map[string]bool
	loc      *time.Location
}

type szItemInfo struct {
	kind categoryKind
	name string
}

type categoryKind int

const (
	kindTag categoryKind = iota
	kindTrack
	kindType
	kindLanguage // a tag that also gives the session's language
)

// categoryKindOf sorts a category by its title: "Which track does your
// session fit?" is the track, "Session format" the type, anything else
// (level, language) gives tags; a language category also gives the
// session's language.
func categoryKindOf(title string) categoryKind {
	t := strings.ToLower(title)
	switch {
	case strings.Contains(t, "track"), strings.Contains(t, "topic"), strings.Contains(t, "theme"):
		return kindTrack
	case strings.Contains(t, "format"), strings.Contains(t, "type"):
		return kindType
	case strings.Contains(t, "language"), strings.Contains(t, "sprache"), strings.Contains(t, "langue"), strings.Contains(t, "idioma"):
		return kindLanguage
	}
	return kindTag
}

func newSzCatalogue(loc *time.Location) *szCatalogue {
	return &szCatalogue{
		speakers: map[string]Speaker{},
		rooms:    map[string]string{},
		items:    map[string]szItemInfo{},
		seen:     map[string]bool{},
		loc:      loc,
	}
}

type szSession struct {
	ID               flexString     `json:"id"`
	Title            flexString     `json:"title"`
	Description      flexString     `json:"description"`
	StartsAt         flexString     `json:"startsAt"`
	EndsAt           flexString     `json:"endsAt"`
	IsServiceSession flexString     `json:"isServiceSession"`
	Speakers         []szSpeakerRef `json:"speakers"`
	CategoryItems    []flexString   `json:"categoryItems"`
	Categories       []szCategory   `json:"categories"`
	RoomID           flexString     `json:"roomId"`
	Room             flexString     `json:"room"`
	LiveURL          flexString     `json:"liveUrl"`
	RecordingURL     flexString     `json:"recordingUrl"`
}

// szSpeakerRef is a session's speaker: an id (All view) or {id, name}.
type szSpeakerRef struct {
	ID   flexString `json:"id"`
	Name flexString `json:"name"`
}

// UnmarshalJSON implements json.Unmarshaler.
func (r *szSpeakerRef) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '{' {
		type plain szSpeakerRef
		return json.Unmarshal(b, (*plain)(r))
	}
	return r.ID.UnmarshalJSON(b)
}

// add converts one raw session and appends it, or a warning, unless it is a
// service session or a repeat of one already added.
func (c *szCatalogue) add(out []Session, warnings []Warning, raw json.RawMessage, i int, room string) ([]Session, []Warning) {
	var in szSession
	err := json.Unmarshal(raw, &in)
	id := firstNonEmpty(in.ID.String(), rawID(raw))
	where := "session " + id
	if id == "" {
		where = fmt.Sprintf("sessions[%d]", i)
	}
	if err != nil {
		return out, append(warnings, Warning{Where: where, Msg: "skipped: " + err.Error(), Record: where, Skipped: true})
	}
	if strings.EqualFold(in.IsServiceSession.String(), "true") || (id != "" && c.seen[id]) {
		return out, warnings
	}
	s, err := c.session(in, room)
	if err != nil {
		return out, append(warnings, Warning{Where: where, Msg: "skipped: " + err.Error(), Record: where, Skipped: true})
	}
	for _, sp := range in.Speakers {
		if sp.Name == "" && c.speakers[sp.ID.String()].Name == "" {
			warnings = append(warnings, Warning{Where: where, Msg: fmt.Sprintf("speaker %s not in the speakers list: left out", sp.ID.String()), Record: where})
		}
	}
	if id != "" {
		c.seen[id] = true
	}
	return append(out, s), warnings
}

func (c *szCatalogue) session(in szSession, room string) (Session, error) {
	start, err := parseLocalTime(string(in.StartsAt), c.loc)
	if err != nil {
		return Session{}, fmt.Errorf("startsAt: %w", err)
	}
	end, err := parseLocalTime(string(in.EndsAt), c.loc)
	if err != nil {
		return Session{}, fmt.Errorf("endsAt: %w", err)
	}
	s := Session{
		ID:       in.ID.String(),
		Title:    string(in.Title),
		Abstract: abstractText(string(in.Description)),
		Room:     firstNonEmpty(c.rooms[in.RoomID.String()], string(in.Room), room),
		Start:    start,
		End:      end,
		// Sessionize's link fields
		StreamURL:    string(in.LiveURL),
		RecordingURL: string(in.RecordingURL),
	}
	for _, ref := range in.Speakers {
		sp := c.speakers[ref.ID.String()]
		if ref.Name != "" {
			sp.Name = string(ref.Name)
		}
		s.Speakers = append(s.Speakers, sp)
	}
	c.categorise(&s, in)
	return s, nil
}

// categorise sets Track, Type and Tags from the session's category items, in
// source order: the first track item is the track, the first type item the
// type, everything else a tag.
func (c *szCatalogue) categorise(s *Session, in szSession) {
	items := make([]szItemInfo, 0, len(in.CategoryItems))
	for _, id := range in.CategoryItems {
		if it, ok := c.items[id.String()]; ok {
			items = append(items, it)
		}
	}
	for _, cat := range in.Categories {
		kind := categoryKindOf(firstNonEmpty(string(cat.Name), string(cat.Title)))
		for _, it := range append(cat.CategoryItems, cat.Items...) {
			items = append(items, szItemInfo{kind: kind, name: string(it.Name)})
		}
	}
	for _, it := range items {
		switch {
		case it.kind == kindTrack && s.Track == "":
			s.Track = it.name
		case it.kind == kindType && s.Type == "":
			s.Type = it.name
		case it.kind == kindLanguage && s.Language == "":
			s.Language = it.name
			s.Tags = append(s.Tags, it.name)
		default:
			s.Tags = append(s.Tags, it.name)
		}
	}
}
