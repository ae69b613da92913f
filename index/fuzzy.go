package index

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// near returns the terms within maxEdits edits of word (a swap of two
// neighbours counts as one) that start with the same letter: typos in the
// first letter are rare, and the shared start bounds the walk.
//
// The distance is the optimal-string-alignment one, computed row by row
// over each term's letters. The terms are sorted, so a term shares its
// first rows with the term before it, and once a row has nothing within
// maxEdits no term starting that way can be near: the walk skips them all.
func (lx *lexicon) near(word string, maxEdits int) []expansion {
	var fw fuzzyWalk
	if !fw.w.set(word) {
		return nil
	}
	_, size := utf8.DecodeRuneInString(word)
	first := word[:size]
	from, _ := slices.BinarySearch(lx.terms, first)
	end := from + sortedPrefixEnd(lx.terms[from:], first)
	var out []expansion
	for i := from; i < end; i++ {
		term := lx.terms[i]
		d, dead := fw.distance(term, maxEdits)
		if dead > 0 {
			// No term starting with term's first dead runes is near.
			p := term[:dead]
			i += sortedPrefixEnd(lx.terms[i+1:end], p)
			continue
		}
		if d <= maxEdits && term != word {
			out = append(out, expansion{term: term, df: lx.df[i], edits: d})
		}
	}
	slices.SortStableFunc(out, func(a, b expansion) int {
		return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(b.df, a.df))
	})
	return out[:min(len(out), maxFuzzyTerms)]
}

// sortedPrefixEnd returns how many of the sorted terms, from the first,
// start with prefix (they all do up to some point, and none after).
func sortedPrefixEnd(terms []string, prefix string) int {
	lo, hi := 0, len(terms)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if strings.HasPrefix(terms[m], prefix) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// fuzzyWalk measures the distance of the word w to a sequence of sorted
// terms, keeping the rows of the last term's letters for the next.
type fuzzyWalk struct {
	w     runeBuf
	t     runeBuf                                    // the last term's letters
	valid int                                        // rows[0..valid] hold t[:valid]'s
	rows  [maxFuzzyRunes + 1][maxFuzzyRunes + 1]int8 // rows[i][j]: t[:i] against w[:j]
	at    [maxFuzzyRunes + 1]int                     // byte offset in the term of rune i
}

// distance returns term's distance to the word when it is at most limit,
// else more. dead > 0 (a byte length of term) means that no term starting
// with term[:dead] is within limit, term included. A term of more than
// maxFuzzyRunes letters is never within limit.
func (fw *fuzzyWalk) distance(term string, limit int) (d, dead int) {
	w := &fw.w
	if fw.valid == 0 {
		for j := 0; j <= w.n; j++ {
			fw.rows[0][j] = int8(j)
		}
	}
	// Keep the rows of the letters term shares with the last term.
	i, same := 0, 0
	for off, r := range term {
		if i == maxFuzzyRunes {
			fw.valid = min(fw.valid, same) // the letters after same were overwritten
			return limit + 1, 0            // too long: never a candidate
		}
		if same == i && i < fw.valid && fw.t.r[i] == r {
			same++
		}
		fw.t.r[i] = r
		fw.at[i] = off
		i++
	}
	fw.t.n = i
	fw.at[i] = len(term)
	for k := same + 1; k <= fw.t.n; k++ {
		if fw.row(k) > limit {
			fw.valid = k
			return limit + 1, fw.at[k]
		}
	}
	fw.valid = fw.t.n
	return int(fw.rows[fw.t.n][w.n]), 0
}

// row fills rows[k] (the term's first k letters against the word) from the
// rows before it and returns its smallest value.
func (fw *fuzzyWalk) row(k int) int {
	w, t := &fw.w, &fw.t
	prev, cur := &fw.rows[k-1], &fw.rows[k]
	cur[0] = int8(k)
	best := k
	tk := t.r[k-1]
	for j := 1; j <= w.n; j++ {
		cost := int8(1)
		if tk == w.r[j-1] {
			cost = 0
		}
		v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		if k > 1 && j > 1 && tk == w.r[j-2] && t.r[k-2] == w.r[j-1] {
			v = min(v, fw.rows[k-2][j-2]+1)
		}
		cur[j] = v
		best = min(best, int(v))
	}
	return best
}

// runeBuf holds a short word as runes without allocating.
type runeBuf struct {
	r [maxFuzzyRunes]rune
	n int
}

// set loads s, reporting false when it is too long.
func (b *runeBuf) set(s string) bool {
	b.n = 0
	for _, r := range s {
		if b.n == maxFuzzyRunes {
			return false
		}
		b.r[b.n] = r
		b.n++
	}
	return true
}
