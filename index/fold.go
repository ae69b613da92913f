package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/registry"
)

// foldFilterName names a token filter that folds accents and typographic
// punctuation to ASCII ("Université" → "Universite", "you’ll" → "you'll").
//
// bleve ships ASCII folding only as a char filter, which rewrites the text
// before tokenizing and so shifts the byte offsets that highlighting relies
// on. Folding each token after tokenizing keeps offsets in the original text.
const foldFilterName = "sessionbot_asciifolding"

// foldFilter folds the terms of a token stream in place.
type foldFilter struct {
	fold *asciifolding.AsciiFoldingFilter
}

// Filter folds every term that is not plain ASCII.
func (f foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if !isASCII(tok.Term) {
			tok.Term = f.fold.Filter(tok.Term)
		}
	}
	return input
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// init registers the filter with bleve, as bleve's own analysis packages do:
// an index's stored mapping names its filters, so every process that opens
// the index needs this one registered before Open.
func init() {
	err := registry.RegisterTokenFilter(foldFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{fold: asciifolding.New()}, nil
	})
	if err != nil {
		panic(err)
	}
}
