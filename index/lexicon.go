package index

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Bounds on how far one word may expand: a short prefix or a common stem
// could otherwise turn into hundreds of term lookups.
const (
	maxPrefixTerms = 8  // the most frequent first
	maxFuzzyTerms  = 8  // the closest first
	maxFuzzyRunes  = 40 // longer words are not typo-matched
)

// lexicon is every term of a set of fields in one index snapshot, sorted,
// with the fields holding it and how many sessions do. It answers "is this
// word indexed, and where" without touching the index, and finds prefix and
// typo expansions by walking a sorted slice instead of bleve's dictionaries.
type lexicon struct {
	terms    []string
	reversed []string // every term spelt backwards, sorted, for suffixes
	masks    []uint16 // bit i: fields[i] holds the term
	df       []uint32 // sessions holding it, summed over the fields (an upper bound)
	// sizes is, per field, the sum of the term counts: the number of
	// distinct (term, session) pairs, from which average lengths follow.
	sizes []uint64
}

// readLexicon reads the term dictionaries of fields from r.
func readLexicon(r bleveindex.IndexReader, fields []textField) (*lexicon, error) {
	lx := &lexicon{sizes: make([]uint64, len(fields))}
	at := map[string]int{}
	for i, f := range fields {
		err := walkDict(r, f.name, func(term string, count uint64) {
			j, ok := at[term]
			if !ok {
				j = len(lx.terms)
				at[term] = j
				lx.terms, lx.masks, lx.df = append(lx.terms, term), append(lx.masks, 0), append(lx.df, 0)
			}
			lx.masks[j] |= 1 << i
			lx.df[j] += uint32(min(count, 1<<31))
			lx.sizes[i] += count
		})
		if err != nil {
			return nil, fmt.Errorf("index: read terms of %s: %w", f.name, err)
		}
	}
	order := make([]int, len(lx.terms))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(lx.terms[a], lx.terms[b]) })
	terms, masks, df := make([]string, len(order)), make([]uint16, len(order)), make([]uint32, len(order))
	for i, j := range order {
		terms[i], masks[i], df[i] = lx.terms[j], lx.masks[j], lx.df[j]
	}
	lx.terms, lx.masks, lx.df = terms, masks, df
	lx.reversed = make([]string, len(terms))
	for i, t := range terms {
		lx.reversed[i] = reverse(t) + "\x00" + strconv.Itoa(i)
	}
	slices.Sort(lx.reversed)
	return lx, nil
}

// reverse spells s backwards, rune by rune.
func reverse(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// suffixed returns the terms that end with suffix (but are not it).
func (lx *lexicon) suffixed(suffix string) []expansion {
	rs := reverse(suffix)
	from, _ := slices.BinarySearch(lx.reversed, rs)
	var out []expansion
	for i := from; i < len(lx.reversed) && strings.HasPrefix(lx.reversed[i], rs); i++ {
		_, idx, _ := strings.Cut(lx.reversed[i], "\x00")
		j, err := strconv.Atoi(idx)
		if err != nil || lx.terms[j] == suffix {
			continue
		}
		out = append(out, expansion{term: lx.terms[j], df: lx.df[j]})
	}
	return out
}

// walkDict calls fn with every term of field and the number of sessions
// holding it.
func walkDict(r bleveindex.IndexReader, field string, fn func(string, uint64)) error {
	d, err := r.FieldDict(field)
	if err != nil {
		return err
	}
	defer d.Close()
	for {
		e, err := d.Next()
		if err != nil || e == nil {
			return err
		}
		fn(e.Term, e.Count)
	}
}

// lookup returns the fields holding term and its session count.
func (lx *lexicon) lookup(term string) (mask uint16, df uint32) {
	if i, ok := slices.BinarySearch(lx.terms, term); ok {
		return lx.masks[i], lx.df[i]
	}
	return 0, 0
}

// expansion is an indexed term a query word may stand for.
type expansion struct {
	term  string
	df    uint32
	edits int // 0 for a prefix match
}

// prefixed returns the most frequent terms that extend prefix (at most
// maxPrefixTerms of them).
func (lx *lexicon) prefixed(prefix string) []expansion {
	from, _ := slices.BinarySearch(lx.terms, prefix)
	var out []expansion
	for i := from; i < len(lx.terms) && strings.HasPrefix(lx.terms[i], prefix); i++ {
		if lx.terms[i] != prefix {
			out = append(out, expansion{term: lx.terms[i], df: lx.df[i]})
		}
	}
	slices.SortStableFunc(out, func(a, b expansion) int { return cmp.Compare(b.df, a.df) })
	return out[:min(len(out), maxPrefixTerms)]
}
