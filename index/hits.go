package index

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/sessionbot/sessionbot/session"
)

// hits loads the ranked sessions of a page and marks what matched in their
// titles and abstracts.
func (ix *Index) hits(ctx context.Context, r bleveindex.IndexReader, snap *snapshot, p *plan, sc *scorer, page []candidate) ([]Hit, error) {
	out := make([]Hit, len(page))
	ids := make([]bleveindex.IndexInternalID, len(page))
	for i, c := range page {
		ids[i] = make(bleveindex.IndexInternalID, 8)
		binary.BigEndian.PutUint64(ids[i], c.n)
		s, err := storedHit(r, sc.cache.segs, ids[i])
		if err != nil {
			return nil, fmt.Errorf("hit %d: %w", c.n, err)
		}
		out[i] = Hit{Session: s, Score: c.score, Quality: min(c.quality, 1)}
	}
	abstract, err := abstractMarks(ctx, r, snap, p, sc, page, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].TitleMarks, err = sc.titleMarks(p, page[i].n); err != nil {
			return nil, err
		}
		out[i].Snippet = snippet(out[i].Session.Abstract, mergeRanges(abstract[i]), snippetRunes)
	}
	return out, nil
}

// titleMarks returns the byte ranges in document n's title of the words
// of the variants that matched it, from the title's term vectors.
func (sc *scorer) titleMarks(p *plan, n uint64) ([][2]int, error) {
	var out [][2]int
	title := plainFieldIndex(fieldTitle)
	vi := 0
	for _, w := range p.words {
		for _, v := range w.variants {
			if vi >= 64 || sc.vmask[n]&(1<<vi) == 0 {
				vi++
				continue
			}
			vi++
			for _, t := range variantWords(v) {
				if m, _ := sc.snap.plain.lookup(t); m&plainBit(fieldTitle) == 0 {
					continue
				}
				pl, err := sc.cache.list(sc.ctx, t, title)
				if err != nil {
					return nil, err
				}
				if i := pl.find(n); i >= 0 {
					for _, tv := range pl.vectors(i) {
						out = append(out, [2]int{int(tv.start), int(tv.end)})
					}
				}
			}
		}
	}
	return mergeRanges(out), nil
}

// abstractMarks returns, per hit of the page, the byte ranges of matched
// words in its abstract, from the term vectors: the cached ones, else the
// index's, each word looked up once for the whole page.
func abstractMarks(ctx context.Context, r bleveindex.IndexReader, snap *snapshot, p *plan, sc *scorer, page []candidate, ids []bleveindex.IndexInternalID) ([][][2]int, error) {
	abstract := make([][][2]int, len(page))
	order := make([]int, len(page)) // the page's hits by document number, as postings run
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(page[a].n, page[b].n) })
	vi := 0
	for _, w := range p.words {
		for _, v := range w.variants {
			var who []int
			for _, i := range order {
				if vi < 64 && sc.vmask[page[i].n]&(1<<vi) != 0 {
					who = append(who, i)
				}
			}
			vi++
			if len(who) == 0 {
				continue
			}
			for _, t := range variantWords(v) {
				mask, _ := snap.plain.lookup(t)
				if mask&plainBit(fieldAbstract) == 0 {
					continue
				}
				pl, err := sc.cache.withVectors(ctx, t, plainFieldIndex(fieldAbstract))
				if err != nil {
					return nil, err
				}
				if pl != nil {
					for _, i := range who {
						if k := pl.find(page[i].n); k >= 0 {
							for _, tv := range pl.vectors(k) {
								abstract[i] = append(abstract[i], [2]int{int(tv.start), int(tv.end)})
							}
						}
					}
					continue
				}
				if err := vectorMarks(ctx, r, t, fieldAbstract, ids, who, abstract); err != nil {
					return nil, err
				}
			}
		}
	}
	return abstract, nil
}

// variantWords are the plain terms of a variant: its terms, or every word
// of its group or phrase.
func variantWords(v variant) []string {
	out := v.terms
	for _, alts := range slices.Concat(v.group, v.phrase) {
		out = append(out, alts...)
	}
	return out
}

// vectorMarks appends to out[i] the byte ranges of term in field of the
// documents ids[i], for each i in who (in document order).
func vectorMarks(ctx context.Context, r bleveindex.IndexReader, term, field string, ids []bleveindex.IndexInternalID, who []int, out [][][2]int) error {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, true)
	if err != nil {
		return err
	}
	defer tfr.Close()
	for _, i := range who {
		d, err := tfr.Advance(ids[i], nil)
		if err != nil {
			return err
		}
		if d == nil {
			return nil
		}
		if !slices.Equal(d.ID, ids[i]) {
			continue
		}
		for _, v := range d.Vectors {
			out[i] = append(out[i], [2]int{int(v.Start), int(v.End)})
		}
	}
	return nil
}

// storedHit reads the session stored as document id: from its segment
// when segs has r's segments, else by its external ID.
func storedHit(r bleveindex.IndexReader, segs *segmentDocs, id bleveindex.IndexInternalID) (session.Session, error) {
	if segs != nil {
		return segs.session(docNum(id))
	}
	ext, err := r.ExternalID(id)
	if err != nil {
		return session.Session{}, err
	}
	return storedDoc(r, ext)
}

// storedDoc reads the session stored under id.
func storedDoc(r bleveindex.IndexReader, id string) (session.Session, error) {
	doc, err := r.Document(id)
	if err != nil {
		return session.Session{}, err
	}
	if doc == nil {
		return session.Session{}, fmt.Errorf("no stored document")
	}
	return documentSession(doc)
}
