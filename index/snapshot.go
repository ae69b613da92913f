package index

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// snapshot is what search needs to know about the index beyond its
// postings: the terms of every text field (for exact, prefix and typo
// lookups without touching bleve's dictionaries), average field lengths,
// the programme's days and languages. It is built from one bleve reader and
// stamped with the catalogue hash that reader holds; a search whose reader
// holds another hash builds it afresh, so it is never stale. Writers build
// it right after they commit, so searches rarely wait for it.
type snapshot struct {
	key    []byte // the catalogue hash of the reader it was built from
	docs   uint64
	plain  *lexicon
	avgLen []float64 // per plain field
	starts []time.Time
	langs  []string // the languages sessions are analysed in, default first
	// stemmed maps, per query language, a stem to the indexed words (their
	// positions in plain) that have it: "scale" → "scaling", "scaled".
	stemmed map[string]map[string][]int32

	wordMu sync.Mutex
	words  map[wordKey]*qword // termWord's answers, guarded by wordMu
}

// maxCachedWords bounds the understood words a snapshot keeps; when full
// it starts afresh.
const maxCachedWords = 4096

type wordKey struct {
	text   string
	strict bool
}

// word returns the understanding of the typed word text, computing it with
// understand the first time: a word's variants depend only on the
// snapshot (its terms, stems and languages), and the same words come back
// in query after query. The answer is shared: nobody may change it.
func (s *snapshot) word(text string, strict bool, understand func() *qword) *qword {
	key := wordKey{text, strict}
	s.wordMu.Lock()
	w, ok := s.words[key]
	s.wordMu.Unlock()
	if ok {
		return w
	}
	w = understand()
	s.wordMu.Lock()
	defer s.wordMu.Unlock()
	if s.words == nil || len(s.words) >= maxCachedWords {
		s.words = map[wordKey]*qword{}
	}
	s.words[key] = w
	return w
}

// snapshotFor returns the snapshot matching r, building it when the cached
// one describes another state of the index.
func (ix *Index) snapshotFor(r bleveindex.IndexReader) (*snapshot, error) {
	key, err := r.GetInternal(keyCatalogue)
	if err != nil {
		return nil, fmt.Errorf("index: read catalogue hash: %w", err)
	}
	ix.snapMu.Lock()
	defer ix.snapMu.Unlock()
	if s := ix.snap; s != nil && bytes.Equal(s.key, key) {
		return s, nil
	}
	s, err := buildSnapshot(r, key)
	if err != nil {
		return nil, err
	}
	s.stemmed = map[string]map[string][]int32{}
	for _, l := range ix.queryLanguages(s) {
		s.stemmed[l] = ix.stemMap(s.plain, l)
	}
	ix.snap = s
	return s, nil
}

// stemMap stems every indexed word in lang.
func (ix *Index) stemMap(lx *lexicon, lang string) map[string][]int32 {
	a := ix.bi.Mapping().AnalyzerNamed(stemPrefix + lang)
	out := make(map[string][]int32, len(lx.terms)/2)
	if a == nil {
		return out
	}
	for i, t := range lx.terms {
		toks := a.Analyze([]byte(t))
		if len(toks) == 1 {
			stem := string(toks[0].Term)
			out[stem] = append(out[stem], int32(i))
		}
	}
	return out
}

// stemTerms returns the indexed words that share term's stem in lang.
func (s *snapshot) stemTerms(lang, stem string) []string {
	idx := s.stemmed[lang][stem]
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = s.plain.terms[j]
	}
	return out
}

// refreshSnapshot builds the snapshot of the index as it is now.
func (ix *Index) refreshSnapshot() error {
	r, err := ix.reader()
	if err != nil {
		return err
	}
	defer r.Close()
	_, err = ix.snapshotFor(r)
	return err
}

func buildSnapshot(r bleveindex.IndexReader, key []byte) (*snapshot, error) {
	docs, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("index: count: %w", err)
	}
	s := &snapshot{key: slices.Clone(key), docs: docs}
	if s.plain, err = readLexicon(r, plainFields); err != nil {
		return nil, err
	}
	having := map[string]uint64{}
	if err := walkDict(r, fieldHas, func(term string, n uint64) { having[term] = n }); err != nil {
		return nil, fmt.Errorf("index: read field counts: %w", err)
	}
	for i, f := range plainFields {
		s.avgLen = append(s.avgLen, avgLength(s.plain.sizes[i], having[f.name]))
	}
	err = walkDict(r, fieldStartOrder, func(term string, _ uint64) {
		if t, err := time.Parse(startOrderLayout, strings.ToUpper(term)); err == nil { // the keyword analyzer lower-cased it
			s.starts = append(s.starts, t)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("index: read start times: %w", err)
	}
	err = walkDict(r, fieldLang, func(term string, _ uint64) { s.langs = append(s.langs, term) })
	if err != nil {
		return nil, fmt.Errorf("index: read languages: %w", err)
	}
	s.langs = orderLanguages(s.langs)
	return s, nil
}

// avgLength estimates a field's average length in words over the sessions
// that have it, from its distinct (term, session) pairs: repeated words make
// real lengths about a third longer. It is never below one word.
func avgLength(pairs, docs uint64) float64 {
	if docs == 0 {
		return 1
	}
	return max(1, 1.3*float64(pairs)/float64(docs))
}

// orderLanguages returns codes in the order of languages, the default first.
func orderLanguages(codes []string) []string {
	var out []string
	for _, l := range languages {
		if slices.Contains(codes, l.code) {
			out = append(out, l.code)
		}
	}
	return out
}
