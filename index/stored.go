package index

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/sessionbot/sessionbot/session"
)

// A session is stored in the index field by field, as text, so that a hit
// is read without decoding JSON (which cost more than the rest of a
// search). The long texts are stored by their searched fields; the rest in
// fields that are stored only.
const (
	storedSpeakers = "s_speakers" // "name\x1fcompany" per speaker
	storedTags     = "s_tags"
	storedTrack    = "s_track"
	storedRoom     = "s_room"
	storedType     = "s_type"
	storedLanguage = "s_language"
	storedStart    = "s_start" // RFC 3339 with nanoseconds and the source's offset
	storedEnd      = "s_end"
	storedURL      = "s_url"
	storedStream   = "s_stream"
	storedRecorded = "s_recording"
	speakerSep     = "\x1f"
)

// storedFields are every field a session is stored in.
var storedFields = []string{
	fieldTitle, fieldSubtitle, fieldAbstract, fieldDescription, storedSpeakers, storedTags,
	storedTrack, storedRoom, storedType, storedLanguage, storedStart, storedEnd, storedURL, storedStream, storedRecorded,
}

// addStoredFields maps the stored-only fields.
func addStoredFields(dm *mapping.DocumentMapping) {
	for _, name := range storedFields[4:] {
		f := bleve.NewTextFieldMapping()
		f.Name, f.Index, f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = name, false, true, false, false, false
		dm.AddFieldMappingsAt(name, f)
	}
}

// storeSession adds the stored-only fields of s to doc.
func storeSession(doc map[string]any, s session.Session) {
	speakers := make([]string, len(s.Speakers))
	for i, sp := range s.Speakers {
		speakers[i] = sp.Name + speakerSep + sp.Company
	}
	values := map[string]any{
		storedSpeakers: speakers, storedTags: s.Tags, storedTrack: s.Track, storedRoom: s.Room,
		storedType: s.Type, storedLanguage: s.Language, storedURL: s.URL,
		storedStream: s.StreamURL, storedRecorded: s.RecordingURL,
	}
	if !s.Start.IsZero() {
		values[storedStart] = s.Start.Format(time.RFC3339Nano)
	}
	if !s.End.IsZero() {
		values[storedEnd] = s.End.Format(time.RFC3339Nano)
	}
	for k, v := range values {
		if v != "" {
			doc[k] = v
		}
	}
}

// sessionBuilder puts a session together from its stored field values.
type sessionBuilder struct {
	s   session.Session
	err error
}

func (b *sessionBuilder) set(name, value string) {
	s := &b.s
	switch name {
	case fieldTitle:
		s.Title = value
	case fieldSubtitle:
		s.Subtitle = value
	case fieldAbstract:
		s.Abstract = value
	case fieldDescription:
		s.Description = value
	case storedSpeakers:
		n, c, _ := strings.Cut(value, speakerSep)
		s.Speakers = append(s.Speakers, session.Speaker{Name: n, Company: c})
	case storedTags:
		s.Tags = append(s.Tags, value)
	case storedTrack:
		s.Track = value
	case storedRoom:
		s.Room = value
	case storedType:
		s.Type = value
	case storedLanguage:
		s.Language = value
	case storedURL:
		s.URL = value
	case storedStream:
		s.StreamURL = value
	case storedRecorded:
		s.RecordingURL = value
	case storedStart, storedEnd:
		t, err := time.Parse(time.RFC3339Nano, value)
		if err != nil && b.err == nil {
			b.err = fmt.Errorf("stored %s: %w", name, err)
		}
		if name == storedStart {
			s.Start = t
		} else {
			s.End = t
		}
	}
}

// documentSession puts together the session a stored document holds.
func documentSession(doc bleveindex.Document) (session.Session, error) {
	b := sessionBuilder{s: session.Session{ID: doc.ID()}}
	doc.VisitFields(func(f bleveindex.Field) { b.set(f.Name(), string(f.Value())) })
	return b.s, b.err
}

// storedSession puts together the session of a bleve search hit.
func storedSession(id string, fields map[string]any) (session.Session, error) {
	b := sessionBuilder{s: session.Session{ID: id}}
	for _, name := range storedFields {
		switch v := fields[name].(type) {
		case string:
			b.set(name, v)
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok {
					b.set(name, s)
				}
			}
		}
	}
	if b.s.Title == "" && b.err == nil {
		b.err = fmt.Errorf("no stored session")
	}
	return b.s, b.err
}

// segmentDocs finds a document by its number in the segments of a scorch
// reader, so that a hit is read without looking its ID up in the index
// first (which cost a term lookup and a copy of every field).
type segmentDocs struct {
	segs    []*scorch.SegmentSnapshot
	offsets []uint64 // the first document number of each segment
}

// newSegmentDocs returns r's segments, or nil when r is not scorch's.
func newSegmentDocs(r bleveindex.IndexReader) *segmentDocs {
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil
	}
	sd := &segmentDocs{segs: is.Segments()}
	var running uint64
	for _, seg := range sd.segs {
		sd.offsets = append(sd.offsets, running)
		running += seg.Segment().Count() // deleted documents keep their numbers
	}
	return sd
}

// session reads the session stored as document n.
func (sd *segmentDocs) session(n uint64) (session.Session, error) {
	i := sort.Search(len(sd.offsets), func(x int) bool { return sd.offsets[x] > n }) - 1
	if i < 0 {
		return session.Session{}, fmt.Errorf("no document %d", n)
	}
	var b sessionBuilder
	err := sd.segs[i].VisitDocument(n-sd.offsets[i], func(name string, _ byte, value []byte, _ []uint64) bool {
		if name == "_id" {
			b.s.ID = string(value)
		} else {
			b.set(name, string(value))
		}
		return true
	})
	if err != nil {
		return session.Session{}, err
	}
	if b.s.ID == "" {
		return session.Session{}, fmt.Errorf("no stored document %d", n)
	}
	return b.s, b.err
}
