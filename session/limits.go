package session

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on one session, applied while parsing: a programme under the size
// cap can still hold a megabyte-long title, and every field is indexed,
// stored and shown. Lengths are in characters (runes), URLs in bytes.
const (
	MaxTitleRunes       = 300
	MaxSubtitleRunes    = 300
	MaxAbstractRunes    = 20_000
	MaxDescriptionRunes = 40_000
	MaxNameRunes        = 200 // a speaker's name or company, track, room, type
	MaxSpeakers         = 30
	MaxTags             = 30
	MaxTagRunes         = 100
	MaxURLBytes         = 2_000
)

// limit cuts s's fields to the limits and says what it cut, one warning per
// field, naming it.
func (s *Session) limit() []string {
	var cut []string
	text := func(field string, v *string, n int) {
		if c, ok := cutText(*v, n); ok {
			*v = c
			cut = append(cut, fmt.Sprintf("%s cut to %d characters", field, n))
		}
	}
	text("title", &s.Title, MaxTitleRunes)
	text("subtitle", &s.Subtitle, MaxSubtitleRunes)
	text("abstract", &s.Abstract, MaxAbstractRunes)
	text("description", &s.Description, MaxDescriptionRunes)
	text("track", &s.Track, MaxNameRunes)
	text("room", &s.Room, MaxNameRunes)
	text("type", &s.Type, MaxNameRunes)
	if len(s.Speakers) > MaxSpeakers {
		cut = append(cut, fmt.Sprintf("%d speakers: only the first %d kept", len(s.Speakers), MaxSpeakers))
		s.Speakers = s.Speakers[:MaxSpeakers]
	}
	for i := range s.Speakers {
		text("speaker name", &s.Speakers[i].Name, MaxNameRunes)
		text("speaker company", &s.Speakers[i].Company, MaxNameRunes)
	}
	if len(s.Tags) > MaxTags {
		cut = append(cut, fmt.Sprintf("%d tags: only the first %d kept", len(s.Tags), MaxTags))
		s.Tags = s.Tags[:MaxTags]
	}
	for i := range s.Tags {
		text("tag", &s.Tags[i], MaxTagRunes)
	}
	for name, u := range map[string]*string{"url": &s.URL, "stream_url": &s.StreamURL, "recording_url": &s.RecordingURL} {
		if len(*u) > MaxURLBytes {
			cut = append(cut, fmt.Sprintf("%s longer than %d bytes: left out", name, MaxURLBytes))
			*u = ""
		}
	}
	return dedupe(cut)
}

// cutText returns s cut to at most n runes, at a word boundary when one is
// near, with "…" at the end; ok is false when s already fits.
func cutText(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	end := 0
	for i := range s {
		if n == 1 { // keep room for "…"
			end = i
			break
		}
		n--
	}
	c := s[:end]
	if i := strings.LastIndexFunc(c, unicode.IsSpace); i > len(c)*4/5 {
		c = c[:i]
	}
	return strings.TrimRightFunc(c, unicode.IsSpace) + "…", true
}

func dedupe(ws []string) []string {
	var out []string
	for _, w := range ws {
		if len(out) == 0 || out[len(out)-1] != w {
			out = append(out, w)
		}
	}
	return out
}
