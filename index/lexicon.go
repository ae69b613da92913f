package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Bounds on how far one word may expand: a short prefix or a common stem
// could otherwise turn into hundreds of term queries.
const (
	maxPrefixTerms = 8 // per field, the most frequent first
	maxFuzzyTerms  = 8 // per field, the closest first
	rareWord       = 3 // words in fewer sessions than this get typo matching
)

// expansion is an indexed term a query word may stand for.
type expansion struct {
	term  string
	count uint64 // sessions holding it
	edits int    // 0 for a prefix match
}

// lexicon looks words up in the term dictionaries of one index snapshot.
// Expanding words here, rather than with bleve's prefix and fuzzy queries,
// bounds the expansions and avoids building a Levenshtein automaton per
// field and query, which dominated search time at 10,000 sessions.
type lexicon struct {
	r bleveindex.IndexReader
}

func (ix *Index) openLexicon() (lexicon, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return lexicon{}, fmt.Errorf("index: dictionary: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return lexicon{}, fmt.Errorf("index: dictionary: %w", err)
	}
	return lexicon{r: r}, nil
}

func (lx lexicon) close() { _ = lx.r.Close() }

// sessions returns how many sessions hold term in any of fields (a session
// may count once per field).
func (lx lexicon) sessions(ctx context.Context, term string, fields ...string) (uint64, error) {
	var n uint64
	for _, f := range fields {
		tfr, err := lx.r.TermFieldReader(ctx, []byte(term), f, false, false, false)
		if err != nil {
			return 0, err
		}
		n += tfr.Count()
		_ = tfr.Close()
	}
	return n, nil
}

// withPrefix returns the most frequent terms of field that extend prefix.
func (lx lexicon) withPrefix(field, prefix string) ([]expansion, error) {
	var out []expansion
	err := lx.walk(field, prefix, func(e *bleveindex.DictEntry) {
		if e.Term != prefix {
			out = append(out, expansion{term: e.Term, count: e.Count})
		}
	})
	slices.SortStableFunc(out, func(a, b expansion) int { return cmp.Compare(b.count, a.count) })
	return out[:min(len(out), maxPrefixTerms)], err
}

// near returns the terms of field within maxEdits edits of word (a swap of
// two neighbours counts as one) that start with the same letter: typos in
// the first letter are rare, and the shared start bounds the walk.
func (lx lexicon) near(field, word string, maxEdits int) ([]expansion, error) {
	first, _ := utf8.DecodeRuneInString(word)
	w := []rune(word)
	var out []expansion
	err := lx.walk(field, string(first), func(e *bleveindex.DictEntry) {
		if e.Term == word || abs(utf8.RuneCountInString(e.Term)-len(w)) > maxEdits {
			return
		}
		if d := editDistance(w, []rune(e.Term), maxEdits); d <= maxEdits {
			out = append(out, expansion{term: e.Term, count: e.Count, edits: d})
		}
	})
	slices.SortStableFunc(out, func(a, b expansion) int {
		return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(b.count, a.count))
	})
	return out[:min(len(out), maxFuzzyTerms)], err
}

// walk calls fn for every term of field starting with prefix.
func (lx lexicon) walk(field, prefix string, fn func(*bleveindex.DictEntry)) error {
	d, err := lx.r.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return err
	}
	defer d.Close()
	for {
		e, err := d.Next()
		if err != nil || e == nil {
			return err
		}
		if strings.HasPrefix(e.Term, prefix) {
			fn(e)
		}
	}
}

// editDistance returns the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or
// limit+1 as soon as it must exceed limit.
func editDistance(a, b []rune, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
