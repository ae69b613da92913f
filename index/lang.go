package index

import (
	"slices"
	"strings"
	"unicode"

	"github.com/sessionbot/sessionbot/session"
)

// detectBytes is how much of a session's text language detection reads.
const detectBytes = 2000

// sessionLanguages decides the language each session is analysed in: the
// one its source states, when search may use it; else the candidate whose
// stop words its text uses most. Candidates are the configured languages,
// else those the programme states (and the default, when some sessions
// state none), else every supported language.
func (ix *Index) sessionLanguages(ss []session.Session) map[string]string {
	candidates := ix.langs
	if len(candidates) == 0 {
		var stated []string
		for _, s := range ss {
			l := s.Language
			if _, ok := languageOf(l); !ok {
				l = defaultLanguage
			}
			if !slices.Contains(stated, l) {
				stated = append(stated, l)
			}
		}
		if len(stated) > 1 || (len(stated) == 1 && stated[0] != defaultLanguage) {
			candidates = orderLanguages(stated)
		}
	}
	if len(candidates) == 0 {
		candidates = Languages()
	}
	out := make(map[string]string, len(ss))
	for _, s := range ss {
		out[s.ID] = ix.languageOf(s, candidates)
	}
	return out
}

func (ix *Index) languageOf(s session.Session, candidates []string) string {
	if slices.Contains(candidates, s.Language) {
		return s.Language
	}
	if len(candidates) == 1 {
		return candidates[0]
	}
	return ix.detect(s.Title+"\n"+s.Subtitle+"\n"+s.Abstract+"\n"+s.Description, candidates)
}

// detect returns the candidate language whose stop words text uses most;
// when none stands out, the first configured language, else the default
// (or the first candidate).
func (ix *Index) detect(text string, candidates []string) string {
	if len(text) > detectBytes {
		text = text[:detectBytes]
	}
	counts := make([]int, len(candidates))
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		for i, c := range candidates {
			if ix.stops[c][w] {
				counts[i]++
			}
		}
	}
	best := slices.Index(candidates, defaultLanguage)
	if best < 0 || len(ix.langs) > 0 {
		best = 0
	}
	for i, n := range counts {
		if n > counts[best] {
			best = i
		}
	}
	return candidates[best]
}
