package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// filterQuery restricts a search to q's filters, with its day: filters
// resolved to days: every kind of filter must hold, and one of the values
// of each kind. It returns nil without filters.
func (ix *Index) filterQuery(q Query, days []Day, snap *snapshot) query.Query {
	var groups []query.Query
	add := func(values []string, one func(string) query.Query) {
		if len(values) == 0 {
			return
		}
		d := bleve.NewDisjunctionQuery()
		for _, v := range values {
			d.AddQuery(one(v))
		}
		groups = append(groups, d)
	}
	add(q.Speakers, func(v string) query.Query { return phraseQuery(fieldSpeaker, v) })
	add(q.Companies, func(v string) query.Query { return phraseQuery(fieldCompany, v) })
	langs := ix.queryLanguages(snap)
	add(q.Tracks, func(v string) query.Query { return ix.nameFilter(fieldTrack, fieldTrackText, v, langs, snap) })
	add(q.Rooms, func(v string) query.Query { return ix.nameFilter(fieldRoom, fieldRoomText, v, langs, snap) })
	if len(days) > 0 {
		d := bleve.NewDisjunctionQuery()
		for _, day := range days {
			d.AddQuery(dayQuery(day))
		}
		groups = append(groups, d)
	}
	if len(groups) == 0 {
		return nil
	}
	return bleve.NewConjunctionQuery(groups...)
}

// nameFilter matches a track or room by its whole name ("track:go" is the
// track Go, not Golang) or by words in it, in any of their forms
// ("track:java" is "Free Java", "track:communities" is "Community",
// "room:h.1308" is "H.1308 (Rolin)"). Case and accents never matter.
func (ix *Index) nameFilter(keyword, text, value string, langs []string, snap *snapshot) query.Query {
	var words [][]string
	last := -1
	for _, tok := range ix.tokens(analyzerPlain, value) {
		if tok.Position == last {
			continue
		}
		last = tok.Position
		w := string(tok.Term)
		words = append(words, append([]string{w}, forms(w, langs, snap.plain)...))
	}
	if len(words) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	return bleve.NewDisjunctionQuery(matchQuery(keyword, analyzerKeyword, value), query.NewMultiPhraseQuery(words, text))
}

// matchQuery matches the words of text, analysed by analyzer, in field.
func matchQuery(field, analyzer, text string) *query.MatchQuery {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.Analyzer = analyzer
	return m
}

// phraseQuery matches the words of text, analysed as plain words, in this
// order in field.
func phraseQuery(field, text string) *query.MatchPhraseQuery {
	m := bleve.NewMatchPhraseQuery(text)
	m.SetField(field)
	m.Analyzer = analyzerPlain
	return m
}

func dayQuery(d Day) query.Query {
	inclusive, exclusive := true, false
	r := bleve.NewDateRangeInclusiveQuery(d.From, d.To, &inclusive, &exclusive)
	r.SetField(fieldStart)
	return r
}
