package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fi"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// language is a language whose sessions get their own word-form analysis:
// its stop words leave the stemmed fields and its Snowball stemmer (the
// light one where bleve has no Snowball) makes their word forms.
type language struct {
	code    string   // ISO 639-1
	filters []string // bleve token filters before the stemmer (stop words, elision)
	stemmer string
	stop    string // bleve's stop word list
}

// languages are those bleve analyses; the first is the default.
var languages = []language{
	{"en", []string{en.PossessiveName, en.StopName}, en.SnowballStemmerName, en.StopName},
	{"de", []string{de.StopName}, de.SnowballStemmerName, de.StopName},
	{"fr", []string{fr.ElisionName, fr.StopName}, fr.SnowballStemmerName, fr.StopName},
	{"es", []string{es.StopName}, es.SnowballStemmerName, es.StopName},
	{"it", []string{it.ElisionName, it.StopName}, it.SnowballStemmerName, it.StopName},
	{"nl", []string{nl.StopName}, nl.SnowballStemmerName, nl.StopName},
	{"pt", []string{pt.StopName}, pt.LightStemmerName, pt.StopName},
	{"sv", []string{sv.StopName}, sv.SnowballStemmerName, sv.StopName},
	{"da", []string{da.StopName}, da.SnowballStemmerName, da.StopName},
	{"no", []string{no.StopName}, no.SnowballStemmerName, no.StopName},
	{"fi", []string{fi.StopName}, fi.SnowballStemmerName, fi.StopName},
	{"ru", []string{ru.StopName}, ru.SnowballStemmerName, ru.StopName},
}

// defaultLanguage analyses sessions whose language is unknown.
const defaultLanguage = "en"

// Languages returns the codes of the languages search analyses, default first.
func Languages() []string {
	out := make([]string, len(languages))
	for i, l := range languages {
		out[i] = l.code
	}
	return out
}

func languageOf(code string) (language, bool) {
	for _, l := range languages {
		if l.code == code {
			return l, true
		}
	}
	return language{}, false
}

// Analyzer names, defined in the mapping itself so the index is
// self-contained. The per-language ones are prefix + code.
const (
	analyzerPlain   = "sb_plain"   // words folded and lower-cased, nothing dropped
	analyzerKeyword = "sb_keyword" // the whole value, folded and lower-cased
	stemPrefix      = "sb_stem_"   // + code: stop words out, stemmed, folded (for the snapshot's stem map)
)

// addAnalyzers defines every analyzer in m.
func addAnalyzers(m *mapping.IndexMappingImpl) error {
	plain := []string{en.PossessiveName, lowercase.Name, foldFilterName}
	defs := map[string]map[string]any{
		analyzerPlain:   {"type": custom.Name, "tokenizer": wordsTokenizerName, "token_filters": plain},
		analyzerKeyword: {"type": custom.Name, "tokenizer": single.Name, "token_filters": []string{foldFilterName, lowercase.Name}},
	}
	for _, l := range languages {
		stem := append(append([]string{lowercase.Name}, l.filters...), l.stemmer, foldFilterName)
		defs[stemPrefix+l.code] = map[string]any{"type": custom.Name, "tokenizer": wordsTokenizerName, "token_filters": stem}
	}
	for name, cfg := range defs {
		if err := m.AddCustomAnalyzer(name, cfg); err != nil {
			return fmt.Errorf("index: analyzer %s: %w", name, err)
		}
	}
	return nil
}

// analyze returns the terms the named analyzer makes of text.
func (ix *Index) analyze(analyzer, text string) []string {
	var out []string
	for _, tok := range ix.tokens(analyzer, text) {
		out = append(out, string(tok.Term))
	}
	return out
}

// tokens returns the tokens the named analyzer makes of text.
func (ix *Index) tokens(analyzer, text string) analysis.TokenStream {
	a := ix.bi.Mapping().AnalyzerNamed(analyzer)
	if a == nil {
		return nil
	}
	return a.Analyze([]byte(text))
}

// stopWords loads bleve's stop word list of every language.
func stopWords() (map[string]map[string]bool, error) {
	cache := registry.NewCache()
	out := map[string]map[string]bool{}
	for _, l := range languages {
		tm, err := cache.TokenMapNamed(l.stop)
		if err != nil {
			return nil, fmt.Errorf("index: stop words %s: %w", l.code, err)
		}
		out[l.code] = map[string]bool(tm)
	}
	return out, nil
}
