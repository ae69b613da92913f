package index

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// inflectionSuffixes are the endings that make plurals and cases in each
// language, for the word forms of a query word that the index holds as
// written: "operator" finds "operators" (and not, as a stemmer would,
// "operations"); "Wahl" finds "Wahlen".
var inflectionSuffixes = map[string][]string{
	"en": {"s", "es"},
	"de": {"e", "en", "n", "s", "er", "ern", "es", "nen"},
	"fr": {"s", "x", "es"},
	"es": {"s", "es"},
	"it": {"i", "e"},
	"nl": {"en", "s", "n"},
	"pt": {"s", "es"},
	"sv": {"ar", "er", "or", "en", "na"},
	"da": {"er", "e", "en", "ene"},
	"no": {"er", "e", "en", "ene"},
}

// minFormStem is the shortest word that takes or loses an ending.
const minFormStem = 3

// forms returns the indexed words that are word with an ending added or
// taken away, in any of langs; English -y/-ies too.
func forms(word string, langs []string, lx *lexicon) []string {
	var cands []string
	for _, l := range langs {
		for _, suf := range inflectionSuffixes[l] {
			cands = append(cands, word+suf)
			if base, ok := strings.CutSuffix(word, suf); ok && len([]rune(base)) >= minFormStem {
				cands = append(cands, base)
			}
		}
		if l == "en" {
			if base, ok := strings.CutSuffix(word, "ies"); ok && len(base) >= minFormStem-1 {
				cands = append(cands, base+"y")
			}
			if base, ok := strings.CutSuffix(word, "y"); ok && len(base) >= minFormStem-1 {
				cands = append(cands, base+"ies")
			}
		}
	}
	var out []string
	for _, c := range cands {
		if c == word || slices.Contains(out, c) {
			continue
		}
		if _, df := lx.lookup(c); df > 0 {
			out = append(out, c)
		}
	}
	return out
}

// compoundLanguages write compound nouns as one word: in them "rückblick"
// is part of "jahresrückblick" and "wahl" of "wahlcomputer".
var compoundLanguages = []string{"de", "nl", "sv", "da", "no", "fi"}

// Bounds of compound matching.
const (
	minCompoundPart  = 5 // shortest query word matched inside a compound
	minCompoundExtra = 3 // the compound adds at least this many letters
	maxCompoundTerms = 8 // the commonest first
)

// compounds returns the indexed words that start or end with word and are
// longer by a word's worth, when langs has a compounding language.
func compounds(word string, langs []string, lx *lexicon) []string {
	n := utf8.RuneCountInString(word)
	if n < minCompoundPart || !slices.ContainsFunc(langs, func(l string) bool { return slices.Contains(compoundLanguages, l) }) {
		return nil
	}
	var found []expansion
	for _, e := range lx.prefixed(word) {
		if utf8.RuneCountInString(e.term) >= n+minCompoundExtra {
			found = append(found, e)
		}
	}
	for _, e := range lx.suffixed(word) {
		if utf8.RuneCountInString(e.term) >= n+minCompoundExtra {
			found = append(found, e)
		}
	}
	slices.SortStableFunc(found, func(a, b expansion) int { return cmp.Compare(b.df, a.df) })
	var out []string
	for _, e := range found[:min(len(found), maxCompoundTerms)] {
		out = append(out, e.term)
	}
	return out
}
