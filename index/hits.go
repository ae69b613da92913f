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
		ext, err := r.ExternalID(ids[i])
		if err != nil {
			return nil, fmt.Errorf("hit %d: %w", c.n, err)
		}
		s, err := storedDoc(r, ext)
		if err != nil {
			return nil, fmt.Errorf("hit %s: %w", ext, err)
		}
		out[i] = Hit{Session: s, Score: c.score, Quality: min(c.quality, 1)}
	}
	abstract, err := abstractMarks(ctx, r, snap, p, sc, page, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].TitleMarks = ix.titleMarks(out[i].Session.Title, matchedWords(p, sc.vmask[page[i].n]))
		out[i].Snippet = snippet(out[i].Session.Abstract, mergeRanges(abstract[i]), snippetRunes)
	}
	return out, nil
}

// titleMarks analyses a title as the index does and returns the byte ranges
// of its words among words: a title is short, and this is cheaper than
// term vectors.
func (ix *Index) titleMarks(title string, words map[string]bool) [][2]int {
	var out [][2]int
	for _, tok := range ix.tokens(analyzerPlain, title) {
		if words[string(tok.Term)] {
			out = append(out, [2]int{tok.Start, tok.End})
		}
	}
	return mergeRanges(out)
}

// matchedWords are the index words of the variants vmask says matched.
func matchedWords(p *plan, vmask uint64) map[string]bool {
	out := map[string]bool{}
	vi := 0
	for _, w := range p.words {
		for _, v := range w.variants {
			if vi < 64 && vmask&(1<<vi) != 0 {
				for _, t := range variantWords(v) {
					out[t] = true
				}
			}
			vi++
		}
	}
	return out
}

// abstractMarks returns, per hit of the page, the byte ranges of matched
// words in its abstract, from the term vectors. Each word is looked up once
// for the whole page.
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
