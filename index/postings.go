package index

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// maxCachedPostings bounds the postings cache: postings and term vectors,
// 12 to 16 bytes each, so at most about 8 MB; when full it starts afresh.
const maxCachedPostings = 1 << 19

// postingsCache keeps the postings searches have read, decoded, for one
// bleve reader (its document numbers are that reader's) and one search
// snapshot (its average field lengths weigh them). Opening a term's
// postings in bleve costs 2–4 µs a field before the first posting is read,
// and the same common words come back in query after query. It is never
// stale: a search whose reader or snapshot is another gets a cache of its
// own (Index.postingsFor).
type postingsCache struct {
	reader bleveindex.IndexReader
	snap   *snapshot
	mu     sync.Mutex
	lists  map[postingsKey]*postingList // guarded by mu
	asked  map[postingsKey]uint8        // how often withVectors was asked in vain, guarded by mu
	size   int                          // postings and vectors held, guarded by mu
	segs   *segmentDocs                 // the reader's segments, nil unless scorch's
	// filters are the documents passing each set of filters asked for
	// (allowed's answers, shared read-only), guarded by mu.
	filters map[string]map[uint64]bool
}

// maxCachedFilters bounds the filter sets a cache keeps (at 10,000 sessions, up to a few hundred kB each).
const maxCachedFilters = 16

type postingsKey struct {
	field int // in plainFields
	term  string
}

// postingList is one term's postings in one field, in document order. tf
// is the weighted, length-normalised frequency. Title lists keep their
// term vectors too (positions and byte ranges), for the side-by-side bonus
// and the highlights, and so do abstract lists that highlights asked for
// more than once (withVectors): vecs[vecAt[i]:vecAt[i+1]] are docs[i]'s.
type postingList struct {
	docs  []uint64
	tf    []float64
	vecAt []uint32
	vecs  []termVector
}

// termVector is where a word stands in a field: its word position and
// byte range.
type termVector struct{ pos, start, end uint32 }

// postingsFor returns the postings cache of r and snap, starting a new one
// when the cached one belongs to another reader or snapshot.
func (ix *Index) postingsFor(r bleveindex.IndexReader, snap *snapshot) *postingsCache {
	ix.postMu.Lock()
	defer ix.postMu.Unlock()
	if pc := ix.post; pc != nil && pc.reader == r && pc.snap == snap {
		return pc
	}
	pc := &postingsCache{reader: r, snap: snap, lists: map[postingsKey]*postingList{}, asked: map[postingsKey]uint8{}, segs: newSegmentDocs(r)}
	ix.post = pc
	return pc
}

// list returns the postings of term in plainFields[fi], reading them from
// r (the cache's reader) the first time; title lists with term vectors.
func (pc *postingsCache) list(ctx context.Context, term string, fi int) (*postingList, error) {
	key := postingsKey{fi, term}
	pc.mu.Lock()
	pl, ok := pc.lists[key]
	pc.mu.Unlock()
	if ok {
		return pl, nil
	}
	f := plainFields[fi]
	pl, err := readPostings(ctx, pc.reader, term, f, pc.snap.avgLen[fi], f.name == fieldTitle)
	if err != nil {
		return nil, err
	}
	pc.store(key, pl, false)
	return pl, nil
}

// withVectors returns the postings of term in plainFields[fi] with their
// term vectors, or nil the first time a search asks for them: one page's
// highlights are cheaper read from the index than a whole list, but a
// word asked for again is likely to be asked for often.
func (pc *postingsCache) withVectors(ctx context.Context, term string, fi int) (*postingList, error) {
	key := postingsKey{fi, term}
	pc.mu.Lock()
	pl := pc.lists[key]
	if pl != nil && pl.vecAt != nil {
		pc.mu.Unlock()
		return pl, nil
	}
	pc.asked[key]++
	again := pc.asked[key] > 1
	pc.mu.Unlock()
	if !again {
		return nil, nil
	}
	pl, err := readPostings(ctx, pc.reader, term, plainFields[fi], pc.snap.avgLen[fi], true)
	if err != nil {
		return nil, err
	}
	pc.store(key, pl, true)
	return pl, nil
}

// store keeps pl under key (replacing a list without vectors when
// replace), starting afresh when the cache would grow past its bound.
func (pc *postingsCache) store(key postingsKey, pl *postingList, replace bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	size := len(pl.docs) + len(pl.vecs)
	if old, ok := pc.lists[key]; ok {
		if !replace {
			return
		}
		pc.size -= len(old.docs) + len(old.vecs)
	}
	if pc.size+size > maxCachedPostings {
		clear(pc.lists)
		clear(pc.asked)
		pc.size = 0
	}
	if size <= maxCachedPostings {
		pc.lists[key] = pl
		pc.size += size
	}
}

// filter returns the documents passing q's filters with days, computing
// them with allowed the first time (nil, uncached, when there are none).
func (pc *postingsCache) filter(q Query, days []Day, allowed func() (map[uint64]bool, error)) (map[uint64]bool, error) {
	if len(q.Speakers)+len(q.Companies)+len(q.Tracks)+len(q.Rooms)+len(days) == 0 {
		return allowed()
	}
	var key strings.Builder // every value with its length: no two sets share a key
	for _, values := range [][]string{q.Speakers, q.Companies, q.Tracks, q.Rooms} {
		for _, v := range values {
			fmt.Fprintf(&key, "%d:%s", len(v), v)
		}
		key.WriteByte(';')
	}
	for _, d := range days {
		fmt.Fprintf(&key, "%d-%d,", d.From.UnixNano(), d.To.UnixNano())
	}
	pc.mu.Lock()
	docs, ok := pc.filters[key.String()]
	pc.mu.Unlock()
	if ok {
		return docs, nil
	}
	docs, err := allowed()
	if err != nil {
		return nil, err
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.filters == nil || len(pc.filters) >= maxCachedFilters {
		pc.filters = map[string]map[uint64]bool{}
	}
	pc.filters[key.String()] = docs
	return docs, nil
}

// readPostings reads the postings of term in field f from r, with their
// term vectors when vectors.
func readPostings(ctx context.Context, r bleveindex.IndexReader, term string, f textField, avg float64, vectors bool) (*postingList, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), f.name, true, true, vectors)
	if err != nil {
		return nil, fmt.Errorf("index: postings of %q in %s: %w", term, f.name, err)
	}
	defer tfr.Close()
	pl := &postingList{}
	if vectors {
		pl.vecAt = []uint32{0}
	}
	var d bleveindex.TermFieldDoc
	for {
		got, err := tfr.Next(d.Reset())
		if err != nil {
			return nil, fmt.Errorf("index: postings of %q in %s: %w", term, f.name, err)
		}
		if got == nil {
			return pl, nil
		}
		n := docNum(got.ID)
		if n == math.MaxUint64 {
			continue
		}
		length := 1.0
		if got.Norm > 0 {
			length = 1 / (got.Norm * got.Norm)
		}
		pl.docs = append(pl.docs, n)
		pl.tf = append(pl.tf, f.weight*float64(got.Freq)/(1-f.b+f.b*length/avg))
		if vectors {
			for _, v := range got.Vectors {
				pl.vecs = append(pl.vecs, termVector{uint32(v.Pos), uint32(v.Start), uint32(v.End)})
			}
			pl.vecAt = append(pl.vecAt, uint32(len(pl.vecs)))
		}
	}
}

// find returns the index of document n in pl, or -1.
func (pl *postingList) find(n uint64) int {
	lo, hi := 0, len(pl.docs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if pl.docs[m] < n {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(pl.docs) && pl.docs[lo] == n {
		return lo
	}
	return -1
}

// vectors returns the term vectors of pl's i-th document.
func (pl *postingList) vectors(i int) []termVector {
	if pl.vecAt == nil {
		return nil
	}
	return pl.vecs[pl.vecAt[i]:pl.vecAt[i+1]]
}
