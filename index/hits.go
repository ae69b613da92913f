package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/sessionbot/sessionbot/session"
)

// hit loads a ranked session and marks what matched in its title and
// abstract.
func (ix *Index) hit(ctx context.Context, r bleveindex.IndexReader, snap *snapshot, p *plan, sc *scorer, c candidate) (Hit, error) {
	var id [8]byte
	binary.BigEndian.PutUint64(id[:], c.n)
	ext, err := r.ExternalID(id[:])
	if err != nil {
		return Hit{}, fmt.Errorf("hit %d: %w", c.n, err)
	}
	s, err := storedDoc(r, ext)
	if err != nil {
		return Hit{}, fmt.Errorf("hit %s: %w", ext, err)
	}
	title, abstract, err := ix.marksOf(ctx, r, snap, p, sc.vmask[c.n], id[:], s.Title, s.Abstract)
	if err != nil {
		return Hit{}, fmt.Errorf("hit %s: %w", ext, err)
	}
	return Hit{Session: s, Score: c.score, Quality: min(c.quality, 1), TitleMarks: title, Snippet: snippet(s.Abstract, abstract, snippetRunes)}, nil
}

// marksOf returns the byte ranges of matched words in the title and the
// abstract: from the term vectors of the plain fields for words as typed,
// their parts, synonyms and expansions; by analysing the title again for
// stems (and the abstract, when nothing else marks it).
func (ix *Index) marksOf(ctx context.Context, r bleveindex.IndexReader, snap *snapshot, p *plan, vmask uint64, id bleveindex.IndexInternalID, title, abstract string) (tm, am [][2]int, err error) {
	var stems []string
	vi := 0
	for _, w := range p.words {
		for _, v := range w.variants {
			matched := vi < 64 && vmask&(1<<vi) != 0
			vi++
			if !matched {
				continue
			}
			if v.stem {
				stems = append(stems, v.terms...)
				continue
			}
			for _, t := range variantWords(v) {
				mask, _ := snap.plain.lookup(t)
				if mask&plainBit(fieldTitle) != 0 {
					if tm, err = vectorMarks(ctx, r, t, fieldTitle, id, tm); err != nil {
						return nil, nil, err
					}
				}
				if mask&plainBit(fieldAbstract) != 0 {
					if am, err = vectorMarks(ctx, r, t, fieldAbstract, id, am); err != nil {
						return nil, nil, err
					}
				}
			}
		}
	}
	if len(stems) > 0 {
		tm = append(tm, ix.stemMarks(title, stems, p.langs)...)
		if len(am) == 0 && len(abstract) <= maxReanalysed {
			am = append(am, ix.stemMarks(abstract, stems, p.langs)...)
		}
	}
	return mergeRanges(tm), mergeRanges(am), nil
}

// maxReanalysed is the longest abstract analysed again to mark stems.
const maxReanalysed = 4000

// variantWords are the plain terms of a variant: its terms, or every word
// of its phrase.
func variantWords(v variant) []string {
	if len(v.phrase) == 0 {
		return v.terms
	}
	var out []string
	for _, alts := range v.phrase {
		out = append(out, alts...)
	}
	return out
}

// vectorMarks appends the byte ranges of term in field of document id.
func vectorMarks(ctx context.Context, r bleveindex.IndexReader, term, field string, id bleveindex.IndexInternalID, out [][2]int) ([][2]int, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, true)
	if err != nil {
		return out, err
	}
	defer tfr.Close()
	d, err := tfr.Advance(id, nil)
	if err != nil || d == nil || !slices.Equal(d.ID, id) {
		return out, err
	}
	for _, v := range d.Vectors {
		out = append(out, [2]int{int(v.Start), int(v.End)})
	}
	return out, nil
}

// stemMarks analyses text in each language and returns the ranges of the
// words whose stems are among stems.
func (ix *Index) stemMarks(text string, stems []string, langs []string) [][2]int {
	var out [][2]int
	for _, l := range langs {
		for _, tok := range ix.tokens(stemPrefix+l, text) {
			if slices.Contains(stems, string(tok.Term)) {
				out = append(out, [2]int{tok.Start, tok.End})
			}
		}
	}
	return out
}

// storedDoc reads the session stored under id.
func storedDoc(r bleveindex.IndexReader, id string) (s session.Session, err error) {
	doc, err := r.Document(id)
	if err != nil {
		return s, err
	}
	if doc == nil {
		return s, fmt.Errorf("no stored document")
	}
	var stored []byte
	doc.VisitFields(func(f bleveindex.Field) {
		if f.Name() == fieldJSON {
			stored = f.Value()
		}
	})
	return decodeSession(stored)
}
