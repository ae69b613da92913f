package index

import (
	"cmp"
	"container/heap"
)

// Ranking thresholds, as shares of a query's meaning (Hit.Quality).
const (
	// weakBelow: when the best session has less, nothing is a close match.
	weakBelow = 0.5
	// keepShare: sessions with less than this share of the best one's
	// quality are noise, not results (a stray common word).
	keepShare = 0.3
	// closestFew sessions of at least closestMin are shown under "no close
	// match"; with less, none are.
	closestFew = 3
	closestMin = 0.15
)

// candidate is a scored session.
type candidate struct {
	n       uint64
	score   float64
	quality float64
}

// ranking is the outcome of ranking: the best sessions in order (enough
// for the page asked for and the side-by-side bonus), how many passed, and
// whether any was a close match.
type ranking struct {
	best       []candidate
	from, size int // the page, changed when nothing is a close match
	total      uint64
	weak       bool
}

// page returns the page asked for.
func (rk ranking) page() []candidate {
	if rk.from >= len(rk.best) {
		return nil
	}
	return rk.best[rk.from:min(len(rk.best), rk.from+rk.size)]
}

// rankHits orders the sessions sc scored: each session's score weighed by
// how much of the query it has, those without every required phrase or
// outside the filters left out, noise cut.
func rankHits(sc *scorer, p *plan, allowed map[uint64]bool, from, size int) ranking {
	var mass float64
	var required uint32
	for i, w := range p.words {
		mass += w.mass
		if w.required {
			required |= 1 << i
		}
	}
	if mass == 0 {
		mass = 1
	}
	ok := func(n uint64) bool {
		return sc.mask[n]&required == required && (allowed == nil || allowed[n])
	}
	top := 0.0
	for _, n := range sc.touched {
		if ok(n) {
			top = max(top, sc.quality[n]/mass)
		}
	}
	rk := ranking{weak: top < weakBelow}
	cut := keepShare * top
	if rk.weak {
		cut, from, size = closestMin, 0, min(size, closestFew)
	}
	h := &candidateHeap{}
	limit := max(from+size, proximityDepth)
	for _, n := range sc.touched {
		q := sc.quality[n] / mass
		if !ok(n) || q < cut {
			continue
		}
		rk.total++
		c := candidate{n: n, score: sc.score[n] * coverage(q), quality: q}
		if h.Len() < limit {
			heap.Push(h, c)
		} else if better(c, (*h)[0]) {
			(*h)[0] = c
			heap.Fix(h, 0)
		}
	}
	ordered := make([]candidate, h.Len())
	for i := len(ordered) - 1; i >= 0; i-- {
		ordered[i] = heap.Pop(h).(candidate)
	}
	if rk.weak {
		ordered = ordered[:min(len(ordered), closestFew)]
		rk.total = uint64(len(ordered))
	}
	rk.best, rk.from, rk.size = ordered, from, size
	return rk
}

// coverage weighs a score by the share of the query a session has: one
// with every word beats one with a single word many times over.
func coverage(q float64) float64 {
	return 0.25 + 0.75*q*q
}

func better(a, b candidate) bool {
	return cmp.Or(cmp.Compare(a.score, b.score), cmp.Compare(b.n, a.n)) > 0
}

// candidateHeap is a min-heap: the worst kept candidate on top.
type candidateHeap []candidate

func (h candidateHeap) Len() int           { return len(h) }
func (h candidateHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h candidateHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *candidateHeap) Push(x any)        { *h = append(*h, x.(candidate)) }
func (h *candidateHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
