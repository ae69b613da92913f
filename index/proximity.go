package index

import (
	"fmt"
	"slices"
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
	title := plainFieldIndex(fieldTitle)
	for _, v := range w.variants {
		if v.kind != vExact && v.kind != vForm {
			continue
		}
		for _, t := range v.terms {
			if m, _ := sc.snap.plain.lookup(t); m&plainBit(fieldTitle) == 0 {
				continue
			}
			pl, err := sc.cache.list(sc.ctx, t, title)
			if err != nil {
				return nil, fmt.Errorf("index: positions of %q: %w", t, err)
			}
			for k, c := range cands {
				if i := pl.find(c.n); i >= 0 {
					for _, tv := range pl.vectors(i) {
						out[k] = append(out[k], tv.pos)
					}
				}
			}
		}
	}
	return out, nil
}
