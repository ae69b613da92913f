package index

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// vkind is how a variant relates to the word typed.
type vkind uint8

const (
	vExact    vkind = iota // the word as typed
	vPart                  // a part of a dotted name ("node" of "node.js")
	vForm                  // a plural or case form of it, as written in a session
	vStem                  // another word with its stem
	vCompound              // a compound word it starts or ends ("wahl" of "wahlcomputer")
	vSynonym               // a synonym or abbreviation of it
	vPrefix                // a longer word it starts (as typed so far)
	vTypo                  // an indexed word it is a typo of
)

// Weights of variants: rank sets the order of results (the words as typed
// first, their forms next, expansions much later); trust says how surely a
// match means the session has what was asked for, which decides whether a
// result is a close match at all.
var variantWeights = map[vkind]struct{ rank, trust float64 }{
	vExact: {1, 1}, vPart: {0.6, 0.8}, vForm: {0.95, 1}, vStem: {0.75, 0.9}, vCompound: {0.55, 0.8}, vSynonym: {0.85, 0.9},
	vPrefix: {0.4, 0.8}, vTypo: {0.5, 0.8},
}

// Thresholds of query understanding.
const (
	rareWord       = 3 // words in fewer sessions may be typos or unfinished
	commonerBy     = 8 // an expansion of a rare word must be this many times commoner
	minPrefixRunes = 3
	minFuzzyRunes  = 4
	fuzzy2Runes    = 8  // words this long forgive two typos
	maxWordTerms   = 48 // index words one query word may stand for, all variants together
)

// qword is one word of a query (or a run of words that a synonym names) with
// every form it may take in a session.
type qword struct {
	text     string
	variants []variant
	mass     float64 // how much the word says (its IDF): its share of a match
	required bool    // a quoted phrase: every hit has it
}

// variant is one form a word may take: any of some indexed words, a group
// of words that must all stand in one field, or a quoted phrase (matched
// exactly).
type variant struct {
	kind        vkind
	rank, trust float64
	terms       []string   // any of these words
	group       [][]string // or one of each of these in one field
	phrase      [][]string // or these words in this order (alternatives per position)
}

// plan is a query ready to score.
type plan struct {
	words []*qword
	langs []string
	// strict leaves out the loose variants (compounds, prefixes, typos):
	// a follow is typed with care, and matched against thousands of syncs.
	strict bool
}

// understand turns the free text of q into a plan: synonyms found, filler
// dropped, every word given its variants.
func (ix *Index) understand(q Query, snap *snapshot, strict bool) *plan {
	p := &plan{langs: ix.queryLanguages(snap), strict: strict}
	terms := q.Terms
	var run []string // the words outside synonym spans, in order
	var spans []*qword
	for i := 0; i < len(terms); {
		if n, others := ix.synonyms.match(terms[i:]); n > 1 {
			spans = append(spans, ix.spanWord(terms[i:i+n], others, snap, p.langs))
			i += n
			continue
		}
		run = append(run, terms[i])
		i++
	}
	kept := ix.filler.dropFiller(run, p.langs, len(spans)+len(q.Phrases) > 0, ix.stops)
	for _, t := range kept {
		p.words = append(p.words, snap.word(t, strict, func() *qword { return ix.termWord(t, snap, p) }))
	}
	p.words = append(p.words, spans...)
	for _, ph := range q.Phrases {
		p.words = append(p.words, ix.phraseWord(ph, snap))
	}
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

// termWord gives one typed word its variants: itself, its parts, its forms
// and the words sharing its stem in each language, its synonyms, and, when
// the index has it rarely or not at all, the words it may be the start or a
// typo of. A word belongs to the first variant that names it.
func (ix *Index) termWord(t string, snap *snapshot, p *plan) *qword {
	langs := p.langs
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
	stem := variant{kind: vStem, terms: ix.sameStem(main, snap, langs)}
	if df == 0 {
		// Another form of a word the programme never uses may be another
		// word altogether ("dating" and "up to date").
		stem.trust = 0.6
	}
	w.add(stem)
	if !p.strict {
		w.add(variant{kind: vCompound, terms: compounds(main, langs, snap.plain)})
	}
	if _, others := ix.synonyms.match([]string{main}); len(others) > 0 {
		ix.addSynonyms(w, others, snap, langs)
	}
	if df < rareWord && !p.strict {
		ix.addExpansions(w, main, df, snap)
	}
	w.mass = snap.idf(float64(max(df, w.bestDF(snap))))
	return w
}

// sameStem returns the indexed words with word's stem in any of langs.
func (ix *Index) sameStem(word string, snap *snapshot, langs []string) []string {
	var out []string
	for _, l := range langs {
		for _, s := range ix.analyze(stemPrefix+l, word) {
			out = append(out, snap.stemTerms(l, s)...)
		}
	}
	return out
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

// addSynonyms adds the other members of the word's synonym groups: one
// word with its forms, or a group of words.
func (ix *Index) addSynonyms(w *qword, others [][]string, snap *snapshot, langs []string) {
	for _, o := range others {
		if len(o) == 1 {
			w.add(variant{kind: vSynonym, terms: append([]string{o[0]}, forms(o[0], langs, snap.plain)...)})
			continue
		}
		w.add(ix.groupVariant(vSynonym, o, snap, langs))
	}
	for _, o := range others {
		if len(o) == 1 {
			w.add(variant{kind: vSynonym, terms: ix.sameStem(o[0], snap, langs), rank: 0.6, trust: 0.8})
		}
	}
}

// groupVariant finds a run of words together: each (or a form of it) in
// the same title, subtitle, abstract or description. Stop words are left
// out ("infrastructure as code" needs "infrastructure" and "code").
func (ix *Index) groupVariant(kind vkind, words []string, snap *snapshot, langs []string) variant {
	v := variant{kind: kind}
	for _, w := range words {
		if len(words) > 1 && slices.ContainsFunc(langs, func(l string) bool { return ix.stops[l][w] }) {
			continue
		}
		v.group = append(v.group, append([]string{w}, forms(w, langs, snap.plain)...))
	}
	return v
}

// spanWord is a run of words that a synonym group names ("machine
// learning"): found as that run, as its synonyms ("ml"), or, weakly, as its
// words apart.
func (ix *Index) spanWord(ws []string, others [][]string, snap *snapshot, langs []string) *qword {
	w := &qword{text: strings.Join(ws, " ")}
	var plain []string
	for _, t := range ws {
		if toks := ix.tokens(analyzerPlain, t); len(toks) > 0 {
			plain = append(plain, string(toks[0].Term))
		}
	}
	w.add(ix.groupVariant(vExact, plain, snap, langs))
	ix.addSynonyms(w, others, snap, langs)
	var df uint32
	for _, t := range plain {
		w.add(variant{kind: vExact, terms: []string{t}, rank: 0.45, trust: 0.5})
		_, d := snap.plain.lookup(t)
		df = max(df, d)
	}
	w.mass = snap.idf(float64(df)) * 1.5 // a run of words says more than one
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
	w.add(variant{kind: vExact, phrase: words})
	w.mass = snap.idf(float64(rare)) * 1.5
	return w
}

// add appends v with its kind's weights unless it has nothing to find; a
// variant whose weights were set keeps them. A word already named by an
// earlier variant is dropped from v: it counts once, at its best weight.
func (w *qword) add(v variant) {
	used := 0
	for _, o := range w.variants {
		used += len(o.terms) + len(o.group) + len(o.phrase)
	}
	var terms []string
	for _, t := range v.terms {
		if used+len(terms) < maxWordTerms && !slices.Contains(terms, t) &&
			!slices.ContainsFunc(w.variants, func(o variant) bool { return slices.Contains(o.terms, t) }) {
			terms = append(terms, t)
		}
	}
	v.terms = terms
	if used+len(v.group)+len(v.phrase) > maxWordTerms {
		v.group, v.phrase = nil, nil
	}
	if len(v.terms) == 0 && len(v.group) == 0 && len(v.phrase) == 0 {
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

// bestDF is the session count of the word's commonest variant word.
func (w *qword) bestDF(snap *snapshot) uint32 {
	var best uint32
	for _, v := range w.variants {
		for _, t := range v.terms {
			_, df := snap.plain.lookup(t)
			best = max(best, df)
		}
	}
	return best
}
