package session

import (
	"strings"
	"unicode"
)

// Text from a source ends up in Slack messages and on terminals, so Parse
// removes what could change how it is shown rather than what it says:
// control characters (ESC starts terminal escape sequences, C1's CSI too)
// and invisible format characters, among them the bidi overrides and
// isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F, U+061C)
// that make "photo\u202Egnp.exe" read as "photoexe.png". Only the zero-width
// joiner and non-joiner stay: Persian, Indic scripts and emoji need them.

// keepFormat are the format (Cf) characters kept.
var keepFormat = map[rune]bool{'\u200c': true, '\u200d': true}

// hidden reports whether r is dropped from every field.
func hidden(r rune) bool {
	return (unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r)) && !keepFormat[r]
}

// cleanLine removes hidden characters from a one-line field; control
// characters that are white space (tab, line breaks, NEL) become spaces,
// for collapseSpace to fold.
func cleanLine(s string) string {
	if !strings.ContainsFunc(s, hidden) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case !hidden(r):
			return r
		case unicode.IsSpace(r):
			return ' '
		}
		return -1
	}, s)
}

// lineBreaks turns every way of breaking a line into "\n".
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\v", "\n", "\f", "\n",
	"\u0085", "\n", "\u2028", "\n", "\u2029", "\n")

// cleanText removes hidden characters from multi-line text, keeping its
// newlines and tabs; other line breaks become newlines.
func cleanText(s string) string {
	s = lineBreaks.Replace(s)
	if !strings.ContainsFunc(s, hidden) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && hidden(r) {
			return -1
		}
		return r
	}, s)
}

// cleanWarnings removes hidden characters from warnings, which quote the
// source (an ID, a key) and are printed by check and sync.
func cleanWarnings(ws []Warning) {
	for i := range ws {
		ws[i].Where, ws[i].Msg, ws[i].Record = cleanText(ws[i].Where), cleanText(ws[i].Msg), cleanText(ws[i].Record)
	}
}
