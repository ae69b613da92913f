package index

import (
	"slices"
	"strings"
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
