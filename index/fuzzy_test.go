package index

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	gocmp "github.com/google/go-cmp/cmp"
)

// TestNear: the walk that shares rows between sorted terms finds exactly
// what measuring every term of the same first letter finds, on real
// programmes' words with typos made in them.
func TestNear(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, name := range []string{"fosdem", "36c3"} {
		ix := fixtures.get(t, name)
		rd, err := ix.reader()
		if err != nil {
			t.Fatal(err)
		}
		snap, err := ix.snapshotFor(rd)
		rd.Close()
		if err != nil {
			t.Fatal(err)
		}
		lx := snap.plain
		for range 3000 {
			word := typo(r, lx.terms[r.IntN(len(lx.terms))])
			for edits := 1; edits <= 2; edits++ {
				if diff := gocmp.Diff(nearEvery(lx, word, edits), lx.near(word, edits), gocmp.AllowUnexported(expansion{})); diff != "" {
					t.Fatalf("%s: near(%q, %d) (-every term +walk):\n%s", name, word, edits, diff)
				}
			}
		}
	}
}

// typo changes up to two letters of word: a letter dropped, doubled,
// replaced or swapped with the next.
func typo(r *rand.Rand, word string) string {
	w := []rune(word)
	for range r.IntN(3) {
		if len(w) < 2 {
			break
		}
		i := 1 + r.IntN(len(w)-1)
		switch r.IntN(4) {
		case 0:
			w = slices.Delete(w, i, i+1)
		case 1:
			w = slices.Insert(w, i, w[i])
		case 2:
			w[i] = rune('a' + r.IntN(26))
		default:
			w[i-1], w[i] = w[i], w[i-1]
		}
	}
	return string(w)
}

// nearEvery is near measured term by term.
func nearEvery(lx *lexicon, word string, maxEdits int) []expansion {
	var w, t runeBuf
	if !w.set(word) {
		return nil
	}
	_, size := utf8.DecodeRuneInString(word)
	prefix := word[:size]
	from, _ := slices.BinarySearch(lx.terms, prefix)
	var out []expansion
	for i := from; i < len(lx.terms) && strings.HasPrefix(lx.terms[i], prefix); i++ {
		term := lx.terms[i]
		if term == word || !t.set(term) {
			continue
		}
		if d := editDistance(&w, &t, maxEdits); d <= maxEdits {
			out = append(out, expansion{term: term, df: lx.df[i], edits: d})
		}
	}
	slices.SortStableFunc(out, func(a, b expansion) int {
		return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(b.df, a.df))
	})
	return out[:min(len(out), maxFuzzyTerms)]
}

// editDistance is the optimal-string-alignment distance between a and b,
// or limit+1 when it is more than limit.
func editDistance(a, b *runeBuf, limit int) int {
	var rows [3][maxFuzzyRunes + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= b.n; j++ {
		prev[j] = j
	}
	for i := 1; i <= a.n; i++ {
		cur[0] = i
		for j := 1; j <= b.n; j++ {
			cost := 1
			if a.r[i-1] == b.r[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a.r[i-1] == b.r[j-2] && a.r[i-2] == b.r[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[b.n], limit+1)
}
