package index

import (
	"context"
	"fmt"
	"slices"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/sessionbot/sessionbot/session"
)

// Among searches a few sessions — those a sync added or changed — for many
// queries: the follows. A query none of whose words (in any form it may
// take) those sessions hold is answered from the words alone, without
// touching the postings, so a thousand follows against ten new sessions
// cost about as much as understanding a thousand queries. Close it when
// done.
type Among struct {
	ix      *Index
	r       bleveindex.IndexReader
	snap    *snapshot
	words   map[string]bool // the sessions' words as indexed
	allowed map[uint64]bool // their documents
	ids     map[uint64]string
	mini    miniIndex // their postings, in memory
	sc      scorer    // reused by every Match
}

// miniIndex is the postings of a few sessions, made by analysing them as
// the index does: field → term → postings. The scorer reads it instead of
// bleve's postings (whose term lookups cost more than scoring ten sessions).
type miniIndex map[string]map[string][]miniPosting

type miniPosting struct {
	n      uint64 // the document number in the index
	freq   int
	length int // of the field, in words
}

// add analyses one value of field for document n.
func (m miniIndex) add(ix *Index, field string, n uint64, text string) {
	if text == "" {
		return
	}
	counts := map[string]int{}
	toks := ix.tokens(analyzerPlain, text)
	for _, tok := range toks {
		counts[string(tok.Term)]++
	}
	if m[field] == nil {
		m[field] = map[string][]miniPosting{}
	}
	for t, c := range counts {
		m[field][t] = append(m[field][t], miniPosting{n: n, freq: c, length: len(toks)})
	}
}

// Among prepares a search among sessions, which must be in the index.
func (ix *Index) Among(sessions []session.Session) (*Among, error) {
	if err := ix.acquire(); err != nil {
		return nil, err
	}
	a := &Among{ix: ix, words: map[string]bool{}, allowed: map[uint64]bool{}, ids: map[uint64]string{}, mini: miniIndex{}}
	var err error
	if a.r, err = ix.reader(); err != nil {
		ix.release()
		return nil, fmt.Errorf("index: among: %w", err)
	}
	if a.snap, err = ix.snapshotFor(a.r); err != nil {
		a.Close()
		return nil, fmt.Errorf("index: among: %w", err)
	}
	for _, s := range sessions {
		id, err := a.r.InternalID(s.ID)
		if err != nil {
			a.Close()
			return nil, fmt.Errorf("index: among: %s: %w", s.ID, err)
		}
		if len(id) == 0 {
			continue
		}
		n := docNum(id)
		a.allowed[n], a.ids[n] = true, s.ID
		for field, values := range fieldTexts(s) {
			for _, v := range values {
				a.mini.add(ix, field, n, v)
			}
		}
	}
	for _, terms := range a.mini {
		for t := range terms {
			a.words[t] = true
		}
	}
	return a, nil
}

// fieldTexts are a session's texts by the plain field holding them.
func fieldTexts(s session.Session) map[string][]string {
	return map[string][]string{
		fieldTitle: {s.Title}, fieldSubtitle: {s.Subtitle}, fieldAbstract: {s.Abstract}, fieldDescription: {s.Description},
		fieldSpeaker: s.SpeakerNames(), fieldCompany: s.Companies(), fieldTrackText: {s.Track}, fieldTagsText: s.Tags,
	}
}

// Close releases the index.
func (a *Among) Close() {
	if a.r != nil {
		_ = a.r.Close()
		a.r = nil
		a.ix.release()
	}
}

// Match returns the IDs of the sessions that match q closely, best first;
// none when nothing does (as Search would say "no close match").
func (a *Among) Match(ctx context.Context, q Query) ([]string, error) {
	if q.Empty() || len(a.allowed) == 0 {
		return nil, nil
	}
	days, notices := resolveDays(q.Days, q.Now, a.ix.loc, a.snap.starts)
	if len(notices) > 0 {
		return nil, nil
	}
	allowed, err := a.restrict(ctx, q, days)
	if err != nil || len(allowed) == 0 {
		return nil, err
	}
	if len(q.Terms)+len(q.Phrases) == 0 {
		return a.sorted(allowed), nil
	}
	p := a.ix.understand(q, a.snap, true)
	if !a.mayMatch(p) {
		return nil, nil
	}
	sc := &a.sc
	defer sc.reset()
	sc.ctx, sc.r, sc.snap, sc.mini = ctx, a.r, a.snap, a.mini
	m := a.ix.bi.Mapping()
	if err := sc.run(p, func(v variant, f textField, fn func(uint64)) error { return phraseSearch(ctx, a.r, m, v, f, fn) }); err != nil {
		return nil, fmt.Errorf("index: among %q: %w", q.Raw, err)
	}
	rk := rankHits(sc, p, allowed, 0, len(allowed))
	if rk.weak {
		return nil, nil
	}
	out := make([]string, 0, len(rk.best))
	for _, c := range rk.best {
		out = append(out, a.ids[c.n])
	}
	return out, nil
}

// restrict is the sessions among which q's filters hold.
func (a *Among) restrict(ctx context.Context, q Query, days []Day) (map[uint64]bool, error) {
	filtered, err := a.ix.allowed(ctx, a.r, q, days, a.snap)
	if err != nil || filtered == nil {
		return a.allowed, err
	}
	out := map[uint64]bool{}
	for n := range a.allowed {
		if filtered[n] {
			out[n] = true
		}
	}
	return out, nil
}

// mayMatch reports whether the sessions may match p closely: the words of
// p that they hold (in any variant) must carry enough of its meaning,
// however well they match.
func (a *Among) mayMatch(p *plan) bool {
	var held, mass float64
	for _, w := range p.words {
		mass += w.mass
		if slices.ContainsFunc(w.variants, func(v variant) bool {
			return slices.ContainsFunc(variantWords(v), func(t string) bool { return a.words[t] })
		}) {
			held += w.mass
		}
	}
	return held > 0 && held >= weakBelow*mass
}

// sorted returns the IDs of docs, sorted.
func (a *Among) sorted(docs map[uint64]bool) []string {
	out := make([]string, 0, len(docs))
	for n := range docs {
		out = append(out, a.ids[n])
	}
	slices.Sort(out)
	return out
}
