package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// proximity favours sessions where words typed next to each other stand
// side by side, or one word apart, in the title: for "rust linux", "Rust for
// Linux" (the "for" is a stop word, a gap in the index) ranks above a talk
// that mentions both far apart. Abstracts are left out: phrase matching
// common words across long texts cost more than it helped.
func (ix *Index) proximity(terms []string) query.Query {
	var stems []string
	for _, t := range terms {
		stems = append(stems, ix.analyze(analyzerEnglish, t)...)
	}
	d := bleve.NewDisjunctionQuery()
	for i := 1; i < len(stems); i++ {
		a, b := stems[i-1], stems[i]
		for _, gap := range [][][]string{{{a}, {b}}, {{a}, nil, {b}}} {
			title := query.NewMultiPhraseQuery(gap, fieldTitle)
			title.SetBoost(nearBoost)
			d.AddQuery(title)
		}
	}
	if len(d.Disjuncts) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	return d
}
