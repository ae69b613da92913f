package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// BM25 saturation: a word's weight grows with how often and where it
// appears, but never past its IDF.
const k1 = 1.2

// idf is BM25's inverse document frequency of a word in df sessions.
func (s *snapshot) idf(df float64) float64 {
	n := float64(s.docs)
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// scorer scores the sessions of one index reader against a plan: BM25F
// over all text fields (a word's weight in a session sums over the fields
// it appears in, each weighted and length-normalised, before saturating),
// each query word counting once, by its best variant. State is kept per
// bleve document number in slices that grow on demand.
type scorer struct {
	ctx  context.Context
	r    bleveindex.IndexReader
	snap *snapshot

	score   []float64
	quality []float64 // Σ over matched words of mass × trust
	mask    []uint32  // the words matched
	vmask   []uint64  // the variants matched, for highlights
	touched []uint64  // documents with any match

	vtf       []float64 // per variant: weighted, normalised term frequency
	vdocs     []uint64
	best      []float64 // per word: the best variant's score
	trust     []float64
	wdocs     []uint64
	groupHits []uint16       // per document: positions of a group found
	seen      []uint64       // the documents with a group position found, reused
	idfCap    float64        // the IDF of the word as typed, when indexed
	cache     *postingsCache // the index's postings, read through it
	mini      miniIndex      // when set, the postings read instead of the index's (Among)
	vcount    uint64         // per variant, with mini: the index's session counts of its terms
}

func docNum(id bleveindex.IndexInternalID) uint64 {
	if len(id) != 8 {
		return math.MaxUint64
	}
	return binary.BigEndian.Uint64(id)
}

// reset clears what a search left, for the next one: only the documents it
// touched hold anything.
func (sc *scorer) reset() {
	for _, n := range sc.touched {
		sc.score[n], sc.quality[n], sc.mask[n], sc.vmask[n] = 0, 0, 0, 0
	}
	sc.touched = sc.touched[:0]
	sc.ctx, sc.r, sc.snap, sc.cache, sc.mini = nil, nil, nil, nil, nil
}

// grow makes the per-document slices hold n.
func (sc *scorer) grow(n uint64) {
	if n >= uint64(len(sc.score)) {
		sc.resize(n)
	}
}

// resize grows the per-document slices to hold n, at least doubling them.
func (sc *scorer) resize(n uint64) {
	size := max(2*len(sc.score), int(n)+1, 1024)
	sc.score = growTo(sc.score, size)
	sc.quality = growTo(sc.quality, size)
	sc.mask = growTo(sc.mask, size)
	sc.vmask = growTo(sc.vmask, size)
	sc.vtf = growTo(sc.vtf, size)
	sc.best = growTo(sc.best, size)
	sc.trust = growTo(sc.trust, size)
	sc.groupHits = growTo(sc.groupHits, size)
}

func growTo[T any](s []T, n int) []T {
	return append(s, make([]T, n-len(s))...)
}

// run scores every word of p.
func (sc *scorer) run(p *plan, runPhrase func(v variant, f textField, fn func(uint64)) error) error {
	vi := 0
	for wi, w := range p.words {
		sc.idfCap = math.Inf(1)
		for j, v := range w.variants {
			var err error
			switch {
			case len(v.phrase) > 0:
				err = sc.phraseVariant(v, runPhrase)
			case len(v.group) > 0:
				err = sc.groupVariant(v)
			default:
				err = sc.termVariant(v)
			}
			if err != nil {
				return err
			}
			idf := sc.endVariant(v, vi)
			if j == 0 && v.kind == vExact && idf > 0 {
				// No other form of a word is worth more than the word:
				// a rare synonym or expansion must not outrank it.
				sc.idfCap = idf
			}
			vi++
		}
		sc.endWord(w, wi)
	}
	return nil
}

// termVariant adds up, per session, the weighted frequencies of the
// variant's terms in every field that holds them.
func (sc *scorer) termVariant(v variant) error {
	for _, t := range v.terms {
		mask, df := sc.snap.plain.lookup(t)
		sc.vcount += uint64(df)
		for i := range plainFields {
			if mask&(1<<i) == 0 {
				continue
			}
			if sc.mini == nil { // the common case, without a call per posting
				pl, err := sc.cache.list(sc.ctx, t, i)
				if err != nil {
					return err
				}
				sc.addList(pl)
				continue
			}
			if err := sc.postings(t, i, sc.add); err != nil {
				return err
			}
		}
	}
	return nil
}

// groupVariant finds the sessions with a word of each of the variant's
// positions in one field.
func (sc *scorer) groupVariant(v variant) error {
	for i, f := range plainFields {
		if !slices.Contains(groupFields, f) || !sc.groupIn(v, uint16(1)<<i) {
			continue
		}
		seen := sc.seen[:0]
		for pos, alts := range v.group {
			bit := uint16(1) << min(pos, 15)
			for _, t := range alts {
				if m, _ := sc.snap.plain.lookup(t); m&(1<<i) == 0 {
					continue
				}
				err := sc.postings(t, i, func(n uint64, _ float64) {
					if n == math.MaxUint64 {
						return
					}
					sc.grow(n)
					if sc.groupHits[n] == 0 {
						seen = append(seen, n)
					}
					sc.groupHits[n] |= bit
				})
				if err != nil {
					return err
				}
			}
		}
		full := uint16(1)<<min(len(v.group), 16) - 1
		for _, n := range seen {
			if sc.groupHits[n] == full {
				sc.add(n, f.weight)
			}
			sc.groupHits[n] = 0
		}
		sc.seen = seen[:0]
	}
	return nil
}

// groupIn reports whether field (a lexicon mask bit) holds a word of each
// of the variant's positions.
func (sc *scorer) groupIn(v variant, field uint16) bool {
	for _, alts := range v.group {
		if !slices.ContainsFunc(alts, func(t string) bool { m, _ := sc.snap.plain.lookup(t); return m&field != 0 }) {
			return false
		}
	}
	return true
}

// postings reads the postings of term in plainFields[fi], calling add with
// each document's weighted, length-normalised frequency.
func (sc *scorer) postings(term string, fi int, add func(uint64, float64)) error {
	f := plainFields[fi]
	if sc.mini != nil {
		avg := sc.snap.avgLen[fi]
		for _, p := range sc.mini[f.name][term] {
			add(p.n, f.weight*float64(p.freq)/(1-f.b+f.b*float64(p.length)/avg))
		}
		return nil
	}
	pl, err := sc.cache.list(sc.ctx, term, fi)
	if err != nil {
		return err
	}
	for i, n := range pl.docs {
		add(n, pl.tf[i])
	}
	return nil
}

func (sc *scorer) add(n uint64, tf float64) {
	if n == math.MaxUint64 {
		return
	}
	sc.grow(n)
	if sc.vtf[n] == 0 {
		sc.vdocs = append(sc.vdocs, n)
	}
	sc.vtf[n] += tf
}

// addList is add for each posting of pl (in document order, no invalid
// numbers).
func (sc *scorer) addList(pl *postingList) {
	if len(pl.docs) == 0 {
		return
	}
	sc.grow(pl.docs[len(pl.docs)-1])
	vtf := sc.vtf
	for i, n := range pl.docs {
		if vtf[n] == 0 {
			sc.vdocs = append(sc.vdocs, n)
		}
		vtf[n] += pl.tf[i]
	}
}

// phraseVariant counts the sessions with the phrase in each field that
// holds all of its words and keeps their positions.
func (sc *scorer) phraseVariant(v variant, runPhrase func(v variant, f textField, fn func(uint64)) error) error {
	fields := ^uint16(0)
	for _, alts := range v.phrase {
		var any uint16
		for _, t := range alts {
			m, _ := sc.snap.plain.lookup(t)
			any |= m
		}
		fields &= any
	}
	for _, f := range plainFields {
		if fields&plainBit(f.name) == 0 || !hasVectors(f.name) {
			continue
		}
		err := runPhrase(v, f, func(n uint64) { sc.add(n, f.weight) })
		if err != nil {
			return err
		}
	}
	return nil
}

// endVariant saturates the variant's frequencies into scores and keeps, per
// session, the best variant of the word. It returns the variant's IDF, 0
// when no session has it.
func (sc *scorer) endVariant(v variant, vi int) float64 {
	df := float64(len(sc.vdocs))
	if sc.mini != nil {
		df = float64(sc.vcount) // in the whole index, from the lexicon
	}
	sc.vcount = 0
	if len(sc.vdocs) == 0 {
		return 0
	}
	idf := sc.snap.idf(df)
	capped := min(idf, sc.idfCap)
	for _, n := range sc.vdocs {
		tf := sc.vtf[n]
		sc.vtf[n] = 0
		s := v.rank * capped * tf / (k1 + tf)
		if sc.best[n] == 0 && sc.trust[n] == 0 {
			sc.wdocs = append(sc.wdocs, n)
		}
		sc.best[n] = max(sc.best[n], s)
		sc.trust[n] = max(sc.trust[n], v.trust)
		if vi < 64 {
			sc.vmask[n] |= 1 << vi
		}
	}
	sc.vdocs = sc.vdocs[:0]
	return idf
}

// endWord adds the word's best scores to the sessions' totals.
func (sc *scorer) endWord(w *qword, wi int) {
	for _, n := range sc.wdocs {
		if sc.mask[n] == 0 {
			sc.touched = append(sc.touched, n)
		}
		sc.score[n] += sc.best[n]
		sc.quality[n] += w.mass * sc.trust[n]
		sc.mask[n] |= 1 << wi
		sc.best[n], sc.trust[n] = 0, 0
	}
	sc.wdocs = sc.wdocs[:0]
}

// phraseSearch runs a bleve phrase search of v in field f and calls fn with
// every matching document number.
func phraseSearch(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, v variant, f textField, fn func(uint64)) error {
	q := query.NewMultiPhraseQuery(v.phrase, f.name)
	s, err := q.Searcher(ctx, r, m, search.SearcherOptions{})
	if err != nil {
		return fmt.Errorf("index: phrase in %s: %w", f.name, err)
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	for {
		dm, err := s.Next(sctx)
		if err != nil {
			return fmt.Errorf("index: phrase in %s: %w", f.name, err)
		}
		if dm == nil {
			return nil
		}
		fn(docNum(dm.IndexInternalID))
		sctx.DocumentMatchPool.Put(dm)
	}
}
