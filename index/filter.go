package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// filterQuery restricts a search to q's filters: every kind of filter must
// hold, and one of the values of each kind. It returns nil without filters.
func filterQuery(q Query) query.Query {
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
	add(q.Speakers, func(v string) query.Query { return phraseQuery(fieldSpeaker, v, 1) })
	add(q.Companies, func(v string) query.Query { return phraseQuery(fieldCompany, v, 1) })
	add(q.Tracks, func(v string) query.Query { return nameFilter(fieldTrack, fieldTrackText, v) })
	add(q.Rooms, func(v string) query.Query { return nameFilter(fieldRoom, fieldRoomText, v) })
	if len(q.Days) > 0 {
		d := bleve.NewDisjunctionQuery()
		for _, day := range q.Days {
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
// track Go, not Golang) or by words in it ("track:java" is "Free Java",
// "room:h.1308" is "H.1308 (Rolin)"). Case and accents never matter.
func nameFilter(keyword, text, value string) query.Query {
	return bleve.NewDisjunctionQuery(matchQuery(keyword, value, 1), phraseQuery(text, value, 1))
}

func dayQuery(d Day) query.Query {
	inclusive, exclusive := true, false
	r := bleve.NewDateRangeInclusiveQuery(d.From, d.To, &inclusive, &exclusive)
	r.SetField(fieldStart)
	return r
}
