package index

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	blevetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// wordsTokenizerName names the tokenizer of every text field: Unicode word
// boundaries (UAX #29), then the tech names those boundaries break:
//
//   - "C++", "C#", "F#" stay whole ("c++", "c#", "f#"), not the letter alone;
//   - ".NET" keeps its dot (".net"), so it is not the word "net";
//   - "HTTP/2", "IPv4/6"-style "letters/digits" give "http" and "http2";
//   - a dotted name ("Node.js", "ASP.NET") is kept whole and its parts are
//     indexed at the same position, so "node" finds "Node.js".
//
// Every token's byte range is in the original text, so highlights stay exact.
const wordsTokenizerName = "sessionbot_words"

type wordsTokenizer struct {
	unicode *blevetok.UnicodeTokenizer
}

// Tokenize implements analysis.Tokenizer.
func (t wordsTokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := t.unicode.Tokenize(input)
	out := make(analysis.TokenStream, 0, len(toks)+len(toks)/8)
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		switch {
		case extendSymbol(input, tok):
		case dotNet(input, tok):
		case i+1 < len(toks) && versioned(input, tok, toks[i+1]):
			next := toks[i+1]
			out = append(out, tok)
			term := make([]byte, 0, len(tok.Term)+len(next.Term))
			out = append(out, &analysis.Token{
				Term: append(append(term, tok.Term...), next.Term...), Start: tok.Start, End: next.End,
				Position: next.Position, Type: analysis.AlphaNumeric,
			})
			i++
			continue
		}
		out = append(out, tok)
		out = appendParts(out, tok)
	}
	return out
}

// extendSymbol turns the letter of "C++", "C#" or "F#" into the whole name.
func extendSymbol(input []byte, tok *analysis.Token) bool {
	if tok.End-tok.Start != 1 {
		return false
	}
	rest := input[tok.End:]
	var n int
	switch c := input[tok.Start] | 0x20; {
	case c == 'c' && bytes.HasPrefix(rest, []byte("++")):
		n = 2
	case (c == 'c' || c == 'f') && bytes.HasPrefix(rest, []byte("#")):
		n = 1
	default:
		return false
	}
	if next, _ := utf8.DecodeRune(rest[n:]); isWordRune(next) {
		return false // "c#d" is not C#
	}
	tok.End += n
	tok.Term = input[tok.Start:tok.End]
	return true
}

// dotNet keeps the dot of ".NET" when nothing word-like stands before it.
func dotNet(input []byte, tok *analysis.Token) bool {
	if tok.Start == 0 || input[tok.Start-1] != '.' || !bytes.EqualFold(tok.Term, []byte("net")) {
		return false
	}
	if prev, _ := utf8.DecodeLastRune(input[:tok.Start-1]); isWordRune(prev) {
		return false
	}
	tok.Start--
	tok.Term = input[tok.Start:tok.End]
	return true
}

// versioned reports "letters/digits" as in "HTTP/2": tok, a slash, then next.
func versioned(input []byte, tok, next *analysis.Token) bool {
	return next.Start == tok.End+1 && input[tok.End] == '/' &&
		tok.Type == analysis.AlphaNumeric && next.Type == analysis.Numeric && isLetters(tok.Term)
}

// appendParts adds the parts of a dotted name ("node", "js" of "node.js") at
// its position; the part ".net" keeps its dot.
func appendParts(out analysis.TokenStream, tok *analysis.Token) analysis.TokenStream {
	if tok.Type != analysis.AlphaNumeric || bytes.IndexByte(tok.Term, '.') <= 0 || !isLetters(bytes.ReplaceAll(tok.Term, []byte("."), nil)) {
		return out
	}
	start := tok.Start
	for part := range bytes.SplitSeq(tok.Term, []byte(".")) {
		from, to := start, start+len(part)
		start = to + 1
		if len(part) == 0 {
			continue
		}
		if bytes.EqualFold(part, []byte("net")) && from > tok.Start {
			from--
		}
		out = append(out, &analysis.Token{Term: tokInput(tok, from, to), Start: from, End: to, Position: tok.Position, Type: analysis.AlphaNumeric})
	}
	return out
}

// tokInput returns the bytes of tok's term between the input offsets from and to.
func tokInput(tok *analysis.Token, from, to int) []byte {
	return tok.Term[from-tok.Start : to-tok.Start]
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isLetters(b []byte) bool {
	for _, r := range string(b) {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return len(b) > 0
}

// init registers the tokenizer with bleve, as the fold filter is: an index's
// stored mapping names it.
func init() {
	err := registry.RegisterTokenizer(wordsTokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordsTokenizer{unicode: blevetok.NewUnicodeTokenizer()}, nil
	})
	if err != nil {
		panic(err)
	}
}
