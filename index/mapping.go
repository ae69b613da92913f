package index

import (
	"encoding/json"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/sessionbot/sessionbot/session"
)

// mappingVersion names the mapping below. Bump it whenever the mapping, an
// analyzer or the document shape changes: Open then rebuilds older indexes.
const mappingVersion = "sessionbot-index-3"

// Analyzer names, defined in the mapping itself so the index is self-contained.
const (
	analyzerEnglish = "sb_english" // folded, lower-cased, stop words out, plurals stemmed
	analyzerStem    = "sb_stem"    // the same, stemmed hard (Snowball): more word forms, more conflations
	analyzerFold    = "sb_fold"    // folded and lower-cased words, nothing else
	analyzerKeyword = "sb_keyword" // the whole value, folded and lower-cased
)

// Field names in the index. The *_exact sub-fields hold unstemmed words, which
// prefix and fuzzy queries need: a stemmed term ("kubernet") is no good
// target for a user's typo of the surface form. Title and abstract stem only
// plurals ("orchestrators" = "orchestrator"); the title_stem sub-field stems
// hard ("scaling" = "scale", but also "operator" = "operations") and so
// weighs little: it finds word forms without outranking the words typed. (A
// hard-stemmed abstract too cost a fifth more search time for little gain.)
const (
	fieldID            = "id"
	fieldTitle         = "title"
	fieldTitleExact    = "title_exact"
	fieldTitleStem     = "title_stem"
	fieldAbstract      = "abstract"
	fieldAbstractExact = "abstract_exact"
	fieldSpeaker       = "speaker"
	fieldCompany       = "company"
	fieldTrack         = "track"
	fieldTrackText     = "track_text"
	fieldRoom          = "room"
	fieldRoomText      = "room_text"
	fieldTags          = "tags"
	fieldTagsText      = "tags_text"
	fieldType          = "type"
	fieldStart         = "start"
	fieldStartOrder    = "start_order" // one sortable term; "start" has 16 per value
	fieldJSON          = "json"
)

// startOrderLayout sorts as text in time order.
const startOrderLayout = "20060102T150405Z"

// newMapping builds the index mapping: one static document type whose only
// stored field is the session as JSON.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bleveindex.BM25Scoring
	analyzers := map[string]map[string]any{
		analyzerEnglish: {
			"type": custom.Name, "tokenizer": unicode.Name,
			"token_filters": []string{foldFilterName, en.PossessiveName, lowercase.Name, en.StopName, en.PluralStemmerName},
		},
		analyzerStem: {
			"type": custom.Name, "tokenizer": unicode.Name,
			"token_filters": []string{foldFilterName, en.PossessiveName, lowercase.Name, en.StopName, en.SnowballStemmerName},
		},
		analyzerFold: {
			"type": custom.Name, "tokenizer": unicode.Name,
			"token_filters": []string{foldFilterName, lowercase.Name},
		},
		analyzerKeyword: {
			"type": custom.Name, "tokenizer": single.Name,
			"token_filters": []string{foldFilterName, lowercase.Name},
		},
	}
	for name, cfg := range analyzers {
		if err := m.AddCustomAnalyzer(name, cfg); err != nil {
			return nil, fmt.Errorf("index: analyzer %s: %w", name, err)
		}
	}
	m.DefaultAnalyzer = analyzerFold
	m.DefaultMapping = sessionMapping()
	return m, nil
}

func sessionMapping() *mapping.DocumentMapping {
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldID, textField(fieldID))
	dm.AddFieldMappingsAt(fieldTitle, textField(fieldTitle), textField(fieldTitleExact), textField(fieldTitleStem))
	dm.AddFieldMappingsAt(fieldAbstract, textField(fieldAbstract), textField(fieldAbstractExact))
	dm.AddFieldMappingsAt(fieldSpeaker, textField(fieldSpeaker))
	dm.AddFieldMappingsAt(fieldCompany, textField(fieldCompany))
	dm.AddFieldMappingsAt(fieldTrack, textField(fieldTrack), textField(fieldTrackText))
	dm.AddFieldMappingsAt(fieldRoom, textField(fieldRoom), textField(fieldRoomText))
	dm.AddFieldMappingsAt(fieldTags, textField(fieldTags), textField(fieldTagsText))
	dm.AddFieldMappingsAt(fieldType, textField(fieldType))
	start := bleve.NewDateTimeFieldMapping()
	start.Name, start.Store, start.DocValues, start.IncludeInAll = fieldStart, false, false, false
	dm.AddFieldMappingsAt(fieldStart, start)
	order := bleve.NewKeywordFieldMapping()
	order.Name, order.Store, order.DocValues, order.IncludeInAll = fieldStartOrder, false, true, false
	dm.AddFieldMappingsAt(fieldStartOrder, order)
	stored := bleve.NewTextFieldMapping()
	stored.Name, stored.Index, stored.Store, stored.IncludeInAll = fieldJSON, false, true, false
	stored.IncludeTermVectors, stored.DocValues = false, false
	dm.AddFieldMappingsAt(fieldJSON, stored)
	return dm
}

// analyzerOf names the analyzer of every analysed field. Queries name it
// too: bleve looks analyzers up by property, so a query on a sub-field such
// as "tags_text" would otherwise be analysed with the default analyzer.
var analyzerOf = map[string]string{
	fieldID: analyzerKeyword, fieldType: analyzerKeyword,
	fieldTitle: analyzerEnglish, fieldTitleExact: analyzerFold, fieldTitleStem: analyzerStem,
	fieldAbstract: analyzerEnglish, fieldAbstractExact: analyzerFold,
	fieldSpeaker: analyzerFold, fieldCompany: analyzerFold,
	fieldTrack: analyzerKeyword, fieldTrackText: analyzerEnglish,
	fieldRoom: analyzerKeyword, fieldRoomText: analyzerFold,
	fieldTags: analyzerKeyword, fieldTagsText: analyzerEnglish,
}

// textField is an analysed, unstored field. Word fields keep term vectors,
// which phrase queries and highlighting need; keyword fields, for filters,
// do not.
func textField(name string) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Name, f.Analyzer = name, analyzerOf[name]
	f.Store, f.IncludeInAll, f.DocValues = false, false, false
	f.IncludeTermVectors = f.Analyzer != analyzerKeyword
	return f
}

// matchQuery matches the words of text, analysed for field, in field.
func matchQuery(field, text string, boost float64) *query.MatchQuery {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.Analyzer = analyzerOf[field]
	m.SetBoost(boost)
	return m
}

// phraseQuery matches the words of text, analysed for field, in this order.
func phraseQuery(field, text string, boost float64) *query.MatchPhraseQuery {
	m := bleve.NewMatchPhraseQuery(text)
	m.SetField(field)
	m.Analyzer = analyzerOf[field]
	m.SetBoost(boost)
	return m
}

// document is what one session looks like to the mapping.
func document(s session.Session) (map[string]any, error) {
	data, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("index: encode session %s: %w", s.ID, err)
	}
	doc := map[string]any{
		fieldID:      s.ID,
		fieldTitle:   s.Title,
		fieldSpeaker: s.SpeakerNames(),
		fieldCompany: s.Companies(),
		fieldTags:    s.Tags,
		fieldJSON:    string(data),
	}
	for field, v := range map[string]string{fieldAbstract: s.Abstract, fieldTrack: s.Track, fieldRoom: s.Room, fieldType: s.Type} {
		if v != "" { // an empty keyword would be a term of its own
			doc[field] = v
		}
	}
	if !s.Start.IsZero() {
		doc[fieldStart] = s.Start
		doc[fieldStartOrder] = s.Start.UTC().Format(startOrderLayout)
	}
	return doc, nil
}
