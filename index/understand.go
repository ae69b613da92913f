package index

import (
	"math"
	"slices"
	"unicode/utf8"
)

// vkind is how a variant relates to the word typed.
type vkind uint8

const (
	vExact   vkind = iota // the word as typed
	vPart                 // a part of a dotted name ("node" of "node.js")
	vForm                 // a plural or case form of it, as written in a session
	vStem                 // another form of it (stemmed)
	vSynonym              // a synonym or abbreviation of it
	vPrefix               // a longer word it starts (as typed so far)
	vTypo                 // an indexed word it is a typo of
)

// Weights of variants: rank sets the order of results (the words as typed
// first, their forms next, expansions much later); trust says how surely a
// match means the session has what was asked for, which decides whether a
// result is a close match at all.
var variantWeights = map[vkind]struct{ rank, trust float64 }{
	vExact: {1, 1}, vPart: {0.6, 0.8}, vForm: {0.95, 1}, vStem: {0.75, 0.9}, vSynonym: {0.85, 0.9},
	vPrefix: {0.4, 0.8}, vTypo: {0.5, 0.8},
}

// Thresholds of query understanding.
const (
	rareWord       = 3 // words in fewer sessions may be typos or unfinished
	commonerBy     = 8 // an expansion of a rare word must be this many times commoner
	minPrefixRunes = 3
	minFuzzyRunes  = 4
	fuzzy2Runes    = 8 // words this long forgive two typos
)

// qword is one word of a query (or a run of words that a synonym names) with
// every form it may take in a session.
type qword struct {
	text     string
	variants []variant
	mass     float64 // how much the word says (its IDF): its share of a match
	required bool    // a quoted phrase: every hit has it
}

// variant is one form a word may take: one of some terms, or a phrase.
type variant struct {
	kind         vkind
	rank, trust  float64
	stem         bool       // terms are stems, searched in stemFields
	terms        []string   // any of these terms
	phrase       [][]string // or these words in this order (alternatives per position)
	phraseFields []textField
}

// plan is a query ready to score.
type plan struct {
	words []*qword
	pairs []string // neighbouring stems of the query, for the side-by-side bonus
	langs []string
}

// understand turns the free text of q into a plan: synonyms found, filler
// dropped, every word given its variants.
func (ix *Index) understand(q Query, snap *snapshot) *plan {
	p := &plan{langs: ix.queryLanguages(snap)}
	terms := q.Terms
	var run []string // the words outside synonym spans, in order
	var spans []*qword
	for i := 0; i < len(terms); {
		if n, others := ix.synonyms.match(terms[i:]); n > 1 {
			spans = append(spans, ix.spanWord(terms[i:i+n], others, snap))
			i += n
			continue
		}
		run = append(run, terms[i])
		i++
	}
	kept := ix.filler.dropFiller(run, p.langs, len(spans)+len(q.Phrases) > 0, ix.stops)
	for _, t := range kept {
		p.words = append(p.words, ix.termWord(t, snap, p.langs))
	}
	p.words = append(p.words, spans...)
	for _, ph := range q.Phrases {
		p.words = append(p.words, ix.phraseWord(ph, snap))
	}
	p.pairs = ix.pairTerms(kept, p.langs)
	return p
}

// queryLanguages are the configured languages, else the programme's, else
// the default.
func (ix *Index) queryLanguages(snap *snapshot) []string {
	switch {
	case len(ix.langs) > 0:
		return ix.langs
	case len(snap.langs) > 0:
		return snap.langs
	}
	return []string{defaultLanguage}
}

// termWord gives one typed word its variants: itself, its parts, its stems
// in each language, its synonyms, and, when the index has it rarely or not
// at all, the words it may be the start or a typo of.
func (ix *Index) termWord(t string, snap *snapshot, langs []string) *qword {
	w := &qword{text: t}
	toks := ix.tokens(analyzerPlain, t)
	if len(toks) == 0 {
		return w
	}
	main := string(toks[0].Term)
	w.add(variant{kind: vExact, terms: []string{main}})
	for _, tok := range toks[1:] {
		if tok.Position == toks[0].Position {
			w.add(variant{kind: vPart, terms: []string{string(tok.Term)}})
		}
	}
	w.add(variant{kind: vForm, terms: forms(main, langs, snap.plain)})
	_, df := snap.plain.lookup(main)
	stem := variant{kind: vStem, stem: true, terms: ix.stems(t, langs)}
	if df == 0 {
		// Another form of a word the programme never uses may be another
		// word altogether ("dating" and "up to date").
		stem.trust = 0.6
	}
	w.add(stem)
	if _, others := ix.synonyms.match([]string{main}); len(others) > 0 {
		ix.addSynonyms(w, others, langs)
	}
	if df < rareWord {
		ix.addExpansions(w, main, df, snap)
	}
	w.mass = snap.idf(float64(max(df, w.bestDF(snap))))
	return w
}

// addExpansions adds the words main may be the start or a typo of: all of
// them when main is not indexed, only much commoner ones when it is rare.
func (ix *Index) addExpansions(w *qword, main string, df uint32, snap *snapshot) {
	n := utf8.RuneCountInString(main)
	enough := func(e expansion) bool { return df == 0 || e.df >= commonerBy*(df+1) }
	if n >= minPrefixRunes {
		var terms []string
		for _, e := range snap.plain.prefixed(main) {
			if enough(e) {
				terms = append(terms, e.term)
			}
		}
		trust := variantWeights[vPrefix].trust
		if n < 5 {
			trust *= 0.75 // "kub" could be the start of many things
		}
		w.add(variant{kind: vPrefix, terms: terms, trust: trust})
	}
	if n >= minFuzzyRunes {
		edits := 1
		if n >= fuzzy2Runes {
			edits = 2
		}
		for _, e := range snap.plain.near(main, edits) {
			if enough(e) {
				w.add(variant{kind: vTypo, terms: []string{e.term}, rank: typoRank(e.edits), trust: typoTrust(n, e.edits)})
			}
		}
	}
}

// typoRank weighs a typo match by its edits.
func typoRank(edits int) float64 {
	return variantWeights[vTypo].rank / float64(edits)
}

// typoTrust says how surely a typo match is what was meant: short words are
// one letter away from many others ("poker", "power").
func typoTrust(runes, edits int) float64 {
	t := variantWeights[vTypo].trust
	switch {
	case runes <= 5:
		t = 0.5
	case runes <= 7:
		t = 0.7
	}
	if edits > 1 {
		t *= 0.75
	}
	return t
}

// addSynonyms adds the other members of the word's synonym groups.
func (ix *Index) addSynonyms(w *qword, others [][]string, langs []string) {
	for _, o := range others {
		if len(o) == 1 {
			w.add(variant{kind: vSynonym, terms: []string{o[0]}})
			w.add(variant{kind: vSynonym, stem: true, terms: ix.stems(o[0], langs), rank: 0.6, trust: 0.8})
			continue
		}
		w.add(variant{kind: vSynonym, phrase: pluralLast(o), phraseFields: phraseFields})
	}
}

// spanWord is a run of words that a synonym group names ("machine
// learning"): found as that phrase, as its synonyms ("ml"), or, weakly, as
// its words apart.
func (ix *Index) spanWord(ws []string, others [][]string, snap *snapshot) *qword {
	w := &qword{text: join(ws)}
	var plain [][]string
	for _, t := range ws {
		for _, tok := range ix.tokens(analyzerPlain, t) {
			plain = append(plain, []string{string(tok.Term)})
			break
		}
	}
	w.add(variant{kind: vExact, phrase: pluralLast(flatten(plain)), phraseFields: phraseFields})
	ix.addSynonyms(w, others, ix.queryLanguages(snap))
	for _, t := range plain {
		w.add(variant{kind: vExact, terms: t, rank: 0.45, trust: 0.5})
	}
	var df uint32
	for _, t := range plain {
		_, d := snap.plain.lookup(t[0])
		df = max(df, d)
	}
	w.mass = snap.idf(float64(df)) * 1.5 // a phrase says more than one word
	return w
}

// phraseWord is a quoted phrase: every hit has its words in this order.
func (ix *Index) phraseWord(ph string, snap *snapshot) *qword {
	w := &qword{text: ph, required: true}
	var words [][]string
	rare, last := uint32(math.MaxUint32), -1
	for _, tok := range ix.tokens(analyzerPlain, ph) {
		if tok.Position == last {
			continue // a part of a dotted name: the phrase has it whole
		}
		last = tok.Position
		words = append(words, []string{string(tok.Term)})
		_, df := snap.plain.lookup(string(tok.Term))
		rare = min(rare, df)
	}
	w.add(variant{kind: vExact, phrase: words, phraseFields: phraseFields})
	w.mass = snap.idf(float64(rare)) * 1.5
	return w
}

// add appends v with its kind's weights unless it has no terms; a variant
// whose weights were set keeps them.
func (w *qword) add(v variant) {
	if len(v.terms) == 0 && len(v.phrase) == 0 {
		return
	}
	if v.rank == 0 {
		v.rank = variantWeights[v.kind].rank
	}
	if v.trust == 0 {
		v.trust = variantWeights[v.kind].trust
	}
	w.variants = append(w.variants, v)
}

// bestDF is the session count of the word's commonest single-term variant.
func (w *qword) bestDF(snap *snapshot) uint32 {
	var best uint32
	for _, v := range w.variants {
		lx := snap.plain
		if v.stem {
			lx = snap.stems
		}
		for _, t := range v.terms {
			_, df := lx.lookup(t)
			best = max(best, df)
		}
	}
	return best
}

// stems returns the distinct stems of t in langs.
func (ix *Index) stems(t string, langs []string) []string {
	var out []string
	for _, l := range langs {
		for _, s := range ix.analyze(stemPrefix+l, t) {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// pairTerms are the neighbouring stems of words in each language.
func (ix *Index) pairTerms(words []string, langs []string) []string {
	var out []string
	for i := 1; i < len(words); i++ {
		text := words[i-1] + " " + words[i]
		for _, l := range langs {
			for _, t := range ix.analyze(pairsPrefix+l, text) {
				if !slices.Contains(out, t) {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// pluralLast makes the last word of a phrase match its plural too.
func pluralLast(ws []string) [][]string {
	out := make([][]string, len(ws))
	for i, w := range ws {
		out[i] = []string{w}
	}
	last := ws[len(ws)-1]
	if n := len(last); n > 2 && last[n-1] != 's' {
		out[len(ws)-1] = append(out[len(ws)-1], last+"s")
	}
	return out
}

func flatten(ws [][]string) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, w[0])
	}
	return out
}

func join(ws []string) string {
	out := ""
	for i, w := range ws {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}
