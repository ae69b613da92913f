package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/sessionbot/sessionbot/session"
)

// mappingVersion names the mapping below. Bump it whenever the mapping, an
// analyzer or the document shape changes: Open then rebuilds older indexes.
const mappingVersion = "sessionbot-index-8"

// Field names in the index. Every text field holds its words folded and
// lower-cased, as written: exact matches, word forms and stems (which the
// search snapshot maps to the words written), prefixes, typos and
// highlights all use them. The lang field records the language each
// session is analysed in, so that search knows the programme's languages.
const (
	fieldID          = "id"
	fieldTitle       = "title"
	fieldSubtitle    = "subtitle"
	fieldAbstract    = "abstract"
	fieldDescription = "description"
	fieldSpeaker     = "speaker"
	fieldCompany     = "company"
	fieldTrackText   = "track_text"
	fieldTagsText    = "tags_text"
	fieldTrack       = "track"
	fieldRoom        = "room"
	fieldRoomText    = "room_text"
	fieldTags        = "tags"
	fieldType        = "type"
	fieldLang        = "lang"
	fieldHas         = "has" // the names of the plain fields a session has, for average lengths
	fieldStart       = "start"
	fieldStartOrder  = "start_order" // one sortable term; "start" has 16 per value
)

// startOrderLayout sorts as text in time order.
const startOrderLayout = "20060102T150405Z"

// newMapping builds the index mapping: one static document mapping; the
// only stored fields are those a hit is read from.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bleveindex.BM25Scoring
	if err := addAnalyzers(m); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = analyzerPlain
	m.DefaultMapping = sessionMapping()
	return m, nil
}

func sessionMapping() *mapping.DocumentMapping {
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldID, keywordField(fieldID))
	dm.AddFieldMappingsAt(fieldTitle, storedField(fieldTitle))
	dm.AddFieldMappingsAt(fieldSubtitle, storedField(fieldSubtitle))
	dm.AddFieldMappingsAt(fieldAbstract, storedField(fieldAbstract))
	dm.AddFieldMappingsAt(fieldDescription, storedField(fieldDescription))
	dm.AddFieldMappingsAt(fieldSpeaker, plainField(fieldSpeaker))
	dm.AddFieldMappingsAt(fieldCompany, plainField(fieldCompany))
	dm.AddFieldMappingsAt(fieldTrack, keywordField(fieldTrack), plainField(fieldTrackText))
	dm.AddFieldMappingsAt(fieldRoom, keywordField(fieldRoom), plainField(fieldRoomText))
	dm.AddFieldMappingsAt(fieldTags, keywordField(fieldTags), plainField(fieldTagsText))
	dm.AddFieldMappingsAt(fieldType, keywordField(fieldType))
	dm.AddFieldMappingsAt(fieldLang, keywordField(fieldLang))
	dm.AddFieldMappingsAt(fieldHas, keywordField(fieldHas))
	start := bleve.NewDateTimeFieldMapping()
	start.Name, start.Store, start.DocValues, start.IncludeInAll = fieldStart, false, false, false
	dm.AddFieldMappingsAt(fieldStart, start)
	order := keywordField(fieldStartOrder)
	order.DocValues = true
	dm.AddFieldMappingsAt(fieldStartOrder, order)
	addStoredFields(dm)
	return dm
}

// plainField is a field of words as written, with term vectors when
// quoted phrases, phrase filters or highlights need its positions and byte
// ranges (textField.vectors says which).
func plainField(name string) *mapping.FieldMapping {
	f := wordsField(name, analyzerPlain)
	f.IncludeTermVectors = hasVectors(name)
	return f
}

// storedField is a plain field whose text is stored too: a hit's long texts
// are read as they are, not decoded from JSON (which cost more than the
// rest of a search).
func storedField(name string) *mapping.FieldMapping {
	f := plainField(name)
	f.Store = true
	return f
}

// wordsField is an analysed, unstored field without term vectors.
func wordsField(name, analyzer string) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Name, f.Analyzer = name, analyzer
	f.Store, f.IncludeInAll, f.DocValues, f.IncludeTermVectors = false, false, false, false
	return f
}

// keywordField holds a whole value, folded and lower-cased, for filters.
func keywordField(name string) *mapping.FieldMapping {
	return wordsField(name, analyzerKeyword)
}

// document is what one session looks like to the mapping; lang is the
// language its texts are analysed in.
func document(s session.Session, lang string) map[string]any {
	doc := map[string]any{
		fieldID:      s.ID,
		fieldTitle:   s.Title,
		fieldSpeaker: s.SpeakerNames(),
		fieldCompany: s.Companies(),
		fieldTags:    s.Tags,
		fieldLang:    lang,
	}
	storeSession(doc, s)
	texts := map[string]string{
		fieldSubtitle: s.Subtitle, fieldAbstract: s.Abstract, fieldDescription: s.Description,
		fieldTrack: s.Track, fieldRoom: s.Room, fieldType: s.Type,
	}
	for field, v := range texts {
		if v != "" { // an empty keyword would be a term of its own
			doc[field] = v
		}
	}
	doc[fieldHas] = present(s)
	if !s.Start.IsZero() {
		doc[fieldStart] = s.Start
		doc[fieldStartOrder] = s.Start.UTC().Format(startOrderLayout)
	}
	return doc
}

// present names the plain fields s has text in.
func present(s session.Session) []string {
	values := map[string]bool{
		fieldTitle: s.Title != "", fieldSubtitle: s.Subtitle != "", fieldAbstract: s.Abstract != "",
		fieldDescription: s.Description != "", fieldSpeaker: len(s.Speakers) > 0, fieldCompany: len(s.Companies()) > 0,
		fieldTrackText: s.Track != "", fieldTagsText: len(s.Tags) > 0,
	}
	var out []string
	for _, f := range plainFields {
		if values[f.name] {
			out = append(out, f.name)
		}
	}
	return out
}
