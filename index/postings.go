package index

import (
	"context"
	"fmt"
	"math"
	"sync"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// maxCachedPostings bounds the postings cache: about 16 bytes each, so at
// most about 8 MB; when full it starts afresh.
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
	size   int                          // postings held, guarded by mu
	segs   *segmentDocs                 // the reader's segments, nil unless scorch's
}

type postingsKey struct {
	field int // in plainFields
	term  string
}

// postingList is one term's postings in one field, in document order. tf
// is the weighted, length-normalised frequency. Title lists keep their
// term vectors too (positions and byte ranges), for the side-by-side bonus
// and the title's highlights: vecs[vecAt[i]:vecAt[i+1]] are docs[i]'s.
type postingList struct {
	docs  []uint64
	tf    []float64
	vecAt []uint32
	vecs  []titleVector
}

// titleVector is where a word stands in a title: its word position and
// byte range.
type titleVector struct{ pos, start, end uint32 }

// postingsFor returns the postings cache of r and snap, starting a new one
// when the cached one belongs to another reader or snapshot.
func (ix *Index) postingsFor(r bleveindex.IndexReader, snap *snapshot) *postingsCache {
	ix.postMu.Lock()
	defer ix.postMu.Unlock()
	if pc := ix.post; pc != nil && pc.reader == r && pc.snap == snap {
		return pc
	}
	pc := &postingsCache{reader: r, snap: snap, lists: map[postingsKey]*postingList{}, segs: newSegmentDocs(r)}
	ix.post = pc
	return pc
}

// list returns the postings of term in plainFields[fi], reading them from
// r (the cache's reader) the first time.
func (pc *postingsCache) list(ctx context.Context, term string, fi int) (*postingList, error) {
	key := postingsKey{fi, term}
	pc.mu.Lock()
	pl, ok := pc.lists[key]
	pc.mu.Unlock()
	if ok {
		return pl, nil
	}
	pl, err := readPostings(ctx, pc.reader, term, plainFields[fi], pc.snap.avgLen[fi])
	if err != nil {
		return nil, err
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.size+len(pl.docs) > maxCachedPostings {
		clear(pc.lists)
		pc.size = 0
	}
	if _, ok := pc.lists[key]; !ok && len(pl.docs) <= maxCachedPostings {
		pc.lists[key] = pl
		pc.size += len(pl.docs)
	}
	return pl, nil
}

// inList returns those of who (indexes in page) whose document has term in
// plainFields[fi], as far as the cache knows: all of who when it does not
// hold the term's postings.
func (pc *postingsCache) inList(term string, fi int, page []candidate, who []int) []int {
	pc.mu.Lock()
	pl, ok := pc.lists[postingsKey{fi, term}]
	pc.mu.Unlock()
	if !ok {
		return who
	}
	var out []int
	for _, i := range who {
		if pl.find(page[i].n) >= 0 {
			out = append(out, i)
		}
	}
	return out
}

// readPostings reads the postings of term in field f from r.
func readPostings(ctx context.Context, r bleveindex.IndexReader, term string, f textField, avg float64) (*postingList, error) {
	vectors := f.name == fieldTitle
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
				pl.vecs = append(pl.vecs, titleVector{uint32(v.Pos), uint32(v.Start), uint32(v.End)})
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

// vectors returns the title vectors of pl's i-th document.
func (pl *postingList) vectors(i int) []titleVector {
	if pl.vecAt == nil {
		return nil
	}
	return pl.vecs[pl.vecAt[i]:pl.vecAt[i+1]]
}
