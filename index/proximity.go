package index

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// The side-by-side bonus: a session whose title has two neighbouring query
// words together ("rust linux" and "Rust for Linux": at most maxGap words
// apart, in order) gains pairBoost per such pair. It is checked, from the
// title's term vectors, for the proximityDepth best sessions only.
const (
	pairBoost      = 0.25
	maxGap         = 2
	proximityDepth = 20
)

// proximity adds the side-by-side bonus to cands and sorts them again.
func (sc *scorer) proximity(p *plan, cands []candidate) error {
	if len(p.words) < 2 || len(cands) == 0 {
		return nil
	}
	var prev [][]uint32 // per candidate, the title positions of the previous word
	for i, w := range p.words {
		pos, err := sc.titlePositions(w, cands)
		if err != nil {
			return err
		}
		if i > 0 {
			for k := range cands {
				if near(prev[k], pos[k]) {
					cands[k].score *= 1 + pairBoost
				}
			}
		}
		prev = pos
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		switch {
		case better(a, b):
			return -1
		case better(b, a):
			return 1
		}
		return 0
	})
	return nil
}

// near reports whether some position in b follows one in a closely.
func near(a, b []uint32) bool {
	for _, x := range a {
		for _, y := range b {
			if y > x && y-x <= maxGap+1 {
				return true
			}
		}
	}
	return false
}

// titlePositions returns, per candidate, where w as typed (or a form of it)
// stands in the title.
func (sc *scorer) titlePositions(w *qword, cands []candidate) ([][]uint32, error) {
	out := make([][]uint32, len(cands))
	if w.required {
		return out, nil
	}
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(cands[a].n, cands[b].n) })
	for _, v := range w.variants {
		if v.kind != vExact && v.kind != vForm {
			continue
		}
		for _, t := range v.terms {
			if m, _ := sc.snap.plain.lookup(t); m&plainBit(fieldTitle) == 0 {
				continue
			}
			if err := sc.vectorPositions(t, cands, order, out); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// vectorPositions appends to out[k] the title positions of term in
// cands[k], visiting the candidates in document order.
func (sc *scorer) vectorPositions(term string, cands []candidate, order []int, out [][]uint32) error {
	tfr, err := sc.r.TermFieldReader(sc.ctx, []byte(term), fieldTitle, false, false, true)
	if err != nil {
		return fmt.Errorf("index: positions of %q: %w", term, err)
	}
	defer tfr.Close()
	id := make(bleveindex.IndexInternalID, 8)
	for _, k := range order {
		binary.BigEndian.PutUint64(id, cands[k].n)
		d, err := tfr.Advance(id, nil)
		if err != nil {
			return fmt.Errorf("index: positions of %q: %w", term, err)
		}
		if d == nil {
			return nil
		}
		if docNum(d.ID) != cands[k].n {
			continue
		}
		for _, v := range d.Vectors {
			out[k] = append(out[k], uint32(v.Pos))
		}
	}
	return nil
}
