package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one piece of search text: a bare word, a quoted phrase or a
// key:value filter.
type token struct {
	key    string // a filter key, lower-cased; empty for free text
	value  string
	quoted bool
}

// filterKeys are the keys that make a filter; any other key:value is text.
var filterKeys = map[string]bool{"speaker": true, "company": true, "track": true, "room": true, "day": true}

// lex splits search text into tokens. Straight and typographic double quotes
// both delimit phrases, as phones type the latter.
func lex(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case isQuote(r):
			v, n := quoted(s[i+size:])
			toks = append(toks, token{value: v, quoted: true})
			i += size + n
		default:
			tok, n := wordOrFilter(s[i:])
			toks = append(toks, tok)
			i += n
		}
	}
	return toks
}

// wordOrFilter reads a bare word or a filter from the start of s and returns
// it with the number of bytes read. A filter's value may be quoted, and may
// follow after spaces ("speaker: vargo").
func wordOrFilter(s string) (token, int) {
	end := wordEnd(s)
	k, v, found := strings.Cut(s[:end], ":")
	key := strings.ToLower(k)
	if !found || !filterKeys[key] {
		return token{value: s[:end]}, end
	}
	if v != "" {
		return token{key: key, value: v}, end
	}
	rest := strings.TrimLeftFunc(s[end:], unicode.IsSpace)
	skipped := len(s) - len(rest)
	if r, size := utf8.DecodeRuneInString(rest); isQuote(r) {
		val, n := quoted(rest[size:])
		return token{key: key, value: val}, skipped + size + n
	}
	next := wordEnd(rest)
	if next == 0 || strings.Contains(rest[:next], ":") {
		return token{key: key}, end
	}
	return token{key: key, value: rest[:next]}, skipped + next
}

// wordEnd returns the index of the first space or quote in s, or len(s).
func wordEnd(s string) int {
	i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isQuote(r) })
	if i < 0 {
		return len(s)
	}
	return i
}

// quoted reads a phrase up to its closing quote (or the end of s) and returns
// it with spaces collapsed, and the number of bytes read.
func quoted(s string) (string, int) {
	i := strings.IndexFunc(s, isQuote)
	if i < 0 {
		return collapse(s), len(s)
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return collapse(s[:i]), i + size
}

func isQuote(r rune) bool {
	return r == '"' || r == '“' || r == '”' || r == '„'
}

func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
