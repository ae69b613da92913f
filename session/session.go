// Package session owns the Session type and everything that turns a conference
// programme into sessions: fetching a source (a file or an http(s) URL), sniffing
// its format, parsing every supported format and giving each session a stable ID.
package session

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Speaker is a person presenting a session.
type Speaker struct {
	Name    string `json:"name" yaml:"name"`
	Company string `json:"company,omitempty" yaml:"company,omitempty"`
}

// Session is one talk, workshop or other programme item. Start and End are zero
// when the source does not (yet) give a time.
type Session struct {
	ID       string `json:"id" yaml:"id"`
	Title    string `json:"title" yaml:"title"`
	Subtitle string `json:"subtitle,omitempty" yaml:"subtitle,omitempty"`
	Abstract string `json:"abstract,omitempty" yaml:"abstract,omitempty"`
	// Description is the long text some sources give beside a short abstract
	// (frab's <description>); it is searched but not shown on cards. A
	// source's only text is the Abstract, whatever the source calls it.
	Description string    `json:"description,omitempty" yaml:"description,omitempty"`
	Speakers    []Speaker `json:"speakers,omitempty" yaml:"speakers,omitempty"`
	Track       string    `json:"track,omitempty" yaml:"track,omitempty"`
	Room        string    `json:"room,omitempty" yaml:"room,omitempty"`
	Tags        []string  `json:"tags,omitempty" yaml:"tags,omitempty"`
	Type        string    `json:"type,omitempty" yaml:"type,omitempty"`
	// Language is the session's language as an ISO 639-1 code ("en", "de"),
	// when the source says; empty when it does not.
	Language string    `json:"language,omitempty" yaml:"language,omitempty"`
	Start    time.Time `json:"start,omitzero" yaml:"start,omitempty"`
	End      time.Time `json:"end,omitzero" yaml:"end,omitempty"`
	URL      string    `json:"url,omitempty" yaml:"url,omitempty"`
	// StreamURL is where the session is streamed live, RecordingURL where
	// its recording is, when the source says.
	StreamURL    string `json:"stream_url,omitempty" yaml:"stream_url,omitempty"`
	RecordingURL string `json:"recording_url,omitempty" yaml:"recording_url,omitempty"`
}

// SpeakerNames returns the speakers' names in source order.
func (s Session) SpeakerNames() []string {
	names := make([]string, 0, len(s.Speakers))
	for _, sp := range s.Speakers {
		names = append(names, sp.Name)
	}
	return names
}

// Companies returns the distinct, non-empty companies of the speakers in order.
func (s Session) Companies() []string {
	var out []string
	for _, sp := range s.Speakers {
		if sp.Company != "" && !slices.Contains(out, sp.Company) {
			out = append(out, sp.Company)
		}
	}
	return out
}

// Equal reports whether two sessions carry the same data. Times compare as
// instants, so the same moment in two zones is equal.
func (s Session) Equal(o Session) bool {
	return len(s.ChangedFields(o)) == 0
}

// ChangedFields names the fields that differ between s and o, in a fixed order.
func (s Session) ChangedFields(o Session) []string {
	var out []string
	add := func(name string, same bool) {
		if !same {
			out = append(out, name)
		}
	}
	add("id", s.ID == o.ID)
	add("title", s.Title == o.Title)
	add("subtitle", s.Subtitle == o.Subtitle)
	add("abstract", s.Abstract == o.Abstract)
	add("description", s.Description == o.Description)
	add("speakers", slices.Equal(s.Speakers, o.Speakers))
	add("track", s.Track == o.Track)
	add("room", s.Room == o.Room)
	add("tags", slices.Equal(s.Tags, o.Tags))
	add("type", s.Type == o.Type)
	add("language", s.Language == o.Language)
	add("start", s.Start.Equal(o.Start))
	add("end", s.End.Equal(o.End))
	add("url", s.URL == o.URL)
	add("stream_url", s.StreamURL == o.StreamURL)
	add("recording_url", s.RecordingURL == o.RecordingURL)
	return out
}

// normalize trims every text field, removes control and format characters
// from it (clean.go) and drops empty speakers and tags, so that parsers need
// not each do it.
func (s *Session) normalize() {
	s.ID = strings.TrimSpace(cleanLine(s.ID))
	s.Title = line(s.Title)
	s.Subtitle = line(s.Subtitle)
	s.Abstract = strings.TrimSpace(cleanText(s.Abstract))
	s.Description = strings.TrimSpace(cleanText(s.Description))
	if s.Abstract == "" || s.Description == s.Abstract {
		s.Abstract, s.Description = cmp.Or(s.Abstract, s.Description), ""
	}
	if s.Subtitle == s.Title {
		s.Subtitle = ""
	}
	s.Language = LanguageCode(line(s.Language))
	s.Track = line(s.Track)
	s.Room = line(s.Room)
	s.Type = line(s.Type)
	s.URL = strings.TrimSpace(cleanLine(s.URL))
	s.StreamURL = strings.TrimSpace(cleanLine(s.StreamURL))
	s.RecordingURL = strings.TrimSpace(cleanLine(s.RecordingURL))
	s.Speakers = normalizeSpeakers(s.Speakers)
	var tags []string
	for _, t := range s.Tags {
		if t = line(t); t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	s.Tags = tags
}

// normalizeSpeakers cleans names and companies and drops speakers without a
// name; none left is nil.
func normalizeSpeakers(in []Speaker) []Speaker {
	out := in[:0]
	for _, sp := range in {
		sp.Name, sp.Company = line(sp.Name), line(sp.Company)
		if sp.Name != "" {
			out = append(out, sp)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// line is a one-line field cleaned and with its white space collapsed.
func line(s string) string { return collapseSpace(cleanLine(s)) }

// collapseSpace trims s and turns every run of white space into one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// AssumedLength is how long a session without an end is taken to last.
const AssumedLength = time.Hour

// Over reports whether s has ended at now: past its end, or past its start
// plus AssumedLength when it has no (sensible) end. A session without a time
// is never over.
func (s Session) Over(now time.Time) bool {
	if s.Start.IsZero() {
		return false
	}
	end := s.End
	if !end.After(s.Start) {
		end = s.Start.Add(AssumedLength)
	}
	return !now.Before(end)
}

// ByStart orders sessions as a programme lists them: by start time, those
// without one last, then by title and ID. It suits slices.SortFunc.
func ByStart(a, b Session) int {
	if a.Start.IsZero() != b.Start.IsZero() {
		if a.Start.IsZero() {
			return 1
		}
		return -1
	}
	return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
}
