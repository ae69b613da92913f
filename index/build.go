package index

import (
	"context"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// weightedField is a field searched by free text, with its boost.
type weightedField struct {
	name  string
	boost float64
}

// exactFields are matched with each word as analysed for the field (stemmed
// for English text). Titles weigh most. Speaker and company terms are rare,
// so their high IDF already makes a surname match count; a higher boost
// would let a speaker called Rust outrank the talks about Rust.
var exactFields = []weightedField{
	{fieldTitle, 3}, {fieldSpeaker, 1.5}, {fieldCompany, 1.5},
	{fieldTagsText, 2}, {fieldTrackText, 1.5}, {fieldAbstract, 1},
}

// stemFields match other forms of a word in titles ("scaling" for "scale").
// They weigh little and do not count towards "all words present": a hard
// stemmer makes "operations" of "operator".
var stemFields = []weightedField{{fieldTitleStem, 0.6}}

// looseFields take inexact matches of unstemmed words: all of them typo
// matches, the short ones also prefix matches (in abstracts a prefix matches
// too much to mean anything).
var looseFields = []struct {
	weightedField
	prefix bool
}{
	{weightedField{fieldTitleExact, 3}, true},
	{weightedField{fieldSpeaker, 1.5}, true},
	{weightedField{fieldCompany, 1.5}, true},
	{weightedField{fieldAbstractExact, 1}, false},
}

// Weights of inexact matches relative to exact ones, and the sizes from which
// words get them. A typo match weighs fuzzyWeight/(1+edits).
const (
	prefixWeight   = 0.5
	fuzzyWeight    = 0.8
	minPrefixRunes = 3
	minFuzzyRunes  = 4
	fuzzy2Runes    = 8 // words this long forgive two typos
	allWordsBoost  = 2 // for the clause that needs every word
	nearBoost      = 3 // for neighbouring words side by side in the title
)

// buildQuery turns q into a bleve query: the words and phrases score, the
// filters only restrict.
func (ix *Index) buildQuery(ctx context.Context, q Query) (query.Query, error) {
	var must []query.Query
	tq, err := ix.textQuery(ctx, q.Terms)
	if err != nil {
		return nil, err
	}
	if tq != nil {
		must = append(must, tq)
	}
	for _, p := range q.Phrases {
		must = append(must, anyPhrase(p))
	}
	filter := filterQuery(q)
	switch {
	case filter == nil && len(must) == 0:
		return bleve.NewMatchNoneQuery(), nil
	case filter == nil && len(must) == 1:
		return must[0], nil
	case filter == nil:
		return bleve.NewConjunctionQuery(must...), nil
	case len(must) == 0:
		return filter, nil // sorted by time: its scores do not matter
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(must...)
	bq.AddFilter(filter)
	return bq, nil
}

// textQuery matches free-text words: sessions with every word rank above
// sessions with some, and above those the ones with the words side by side.
// It returns nil when there are no words.
func (ix *Index) textQuery(ctx context.Context, terms []string) (query.Query, error) {
	terms = ix.withoutStopWords(terms)
	if len(terms) == 0 {
		return nil, nil
	}
	lx, err := ix.openLexicon()
	if err != nil {
		return nil, err
	}
	defer lx.close()
	words := make([]query.Query, 0, len(terms))
	strict := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		w, err := ix.wordQuery(ctx, lx, t)
		if err != nil {
			return nil, err
		}
		strict = append(strict, w)
		words = append(words, bleve.NewDisjunctionQuery(w, stemQuery(t)))
	}
	if len(words) == 1 {
		return words[0], nil
	}
	all := bleve.NewConjunctionQuery(strict...)
	all.SetBoost(allWordsBoost)
	return bleve.NewDisjunctionQuery(all, bleve.NewDisjunctionQuery(words...), ix.proximity(terms)), nil
}

// stemQuery matches other forms of a word, weakly.
func stemQuery(term string) query.Query {
	d := bleve.NewDisjunctionQuery()
	for _, f := range stemFields {
		d.AddQuery(matchQuery(f.name, term, f.boost))
	}
	return d
}

// wordQuery matches one word exactly in every text field, and by prefix and
// with typos in the main ones.
func (ix *Index) wordQuery(ctx context.Context, lx lexicon, term string) (query.Query, error) {
	d := bleve.NewDisjunctionQuery()
	for _, f := range exactFields {
		d.AddQuery(matchQuery(f.name, term, f.boost))
	}
	for _, w := range ix.analyze(analyzerFold, term) {
		if err := addLoose(ctx, lx, d, w); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// addLoose adds to d the indexed terms that w may be the start of, and, when
// w is rare in the index (likely a typo), the terms it may be a typo of.
func addLoose(ctx context.Context, lx lexicon, d *query.DisjunctionQuery, w string) error {
	n := utf8.RuneCountInString(w)
	rare := false
	if n >= minFuzzyRunes {
		c, err := lx.sessions(ctx, w, fieldTitleExact, fieldAbstractExact, fieldSpeaker, fieldCompany)
		if err != nil {
			return err
		}
		rare = c < rareWord
	}
	for _, f := range looseFields {
		var exps []expansion
		if f.prefix && n >= minPrefixRunes {
			p, err := lx.withPrefix(f.name, w)
			if err != nil {
				return err
			}
			exps = append(exps, p...)
		}
		if rare {
			near, err := lx.near(f.name, w, fuzziness(n))
			if err != nil {
				return err
			}
			exps = append(exps, near...)
		}
		addTerms(d, f.weightedField, exps)
	}
	return nil
}

// addTerms adds a term query per distinct expansion, weighted by its kind.
func addTerms(d *query.DisjunctionQuery, f weightedField, exps []expansion) {
	seen := map[string]bool{}
	for _, e := range exps {
		if seen[e.term] {
			continue
		}
		seen[e.term] = true
		weight := prefixWeight
		if e.edits > 0 {
			weight = fuzzyWeight / float64(1+e.edits)
		}
		t := bleve.NewTermQuery(e.term)
		t.SetField(f.name)
		t.SetBoost(f.boost * weight)
		d.AddQuery(t)
	}
}

func fuzziness(runes int) int {
	if runes >= fuzzy2Runes {
		return 2
	}
	return 1
}

// withoutStopWords drops words like "the" that English analysis ignores,
// unless nothing else is left.
func (ix *Index) withoutStopWords(terms []string) []string {
	var out []string
	for _, t := range terms {
		if len(ix.analyze(analyzerEnglish, t)) > 0 {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return terms
	}
	return out
}

// analyze returns the terms the named analyzer makes of text.
func (ix *Index) analyze(analyzer, text string) []string {
	a := ix.bi.Mapping().AnalyzerNamed(analyzer)
	if a == nil {
		return nil
	}
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out
}

// anyPhrase finds the words of p in this order in any text field.
func anyPhrase(p string) query.Query {
	d := bleve.NewDisjunctionQuery()
	for _, f := range exactFields {
		d.AddQuery(phraseQuery(f.name, p, f.boost))
	}
	return d
}
