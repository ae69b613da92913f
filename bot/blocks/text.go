package blocks

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Slack's limits on Block Kit text, in characters (runes, as Slack counts).
const (
	maxSectionText = 3000
	maxHeaderText  = 150
	maxButtonText  = 75
	maxButtonValue = 2000
	maxID          = 255 // action_id and block_id
	maxURL         = 3000
)

// ellipsis ends every text that was cut.
const ellipsis = "…"

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape replaces &, < and > with &amp;, &lt; and &gt;, the three characters
// Slack parses in mrkdwn, so that "<!channel>" or "<@U123>" in a session's
// text shows as written and never pings anyone.
func Escape(s string) string {
	return escaper.Replace(s)
}

// Truncate returns s cut to at most max characters (runes, as Slack counts
// them), ending with "…" when it was cut. It cuts on a rune boundary and never
// inside an entity that Escape made: cut escaped text, not raw text, so the
// limit holds for what is sent.
func Truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	// Five more characters keep an entity at the cut whole.
	return cut(entityPieces(s[:prefixLen(s, max+5)]), max)
}

// piece is a unit of rendered text that is never split: one character, an
// entity such as "&amp;", or a whole bold span.
type piece struct {
	text  string
	runes int
	word  bool    // a letter or digit, so a bold span may end here
	inner []piece // a bold span's content, for cutting the span short
}

// fit joins pieces, or as many as fit in limit runes followed by "…".
func fit(ps []piece, limit int) string {
	total := 0
	for _, p := range ps {
		total += p.runes
	}
	if total > limit {
		return cut(ps, limit)
	}
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.text)
	}
	return b.String()
}

// cut joins as many pieces as fit in limit-1 runes and adds "…".
func cut(ps []piece, limit int) string {
	if limit < 1 {
		return ""
	}
	var b strings.Builder
	budget, n := limit-1, 0
	for _, p := range ps {
		if n+p.runes > budget {
			b.WriteString(cutBold(p.inner, budget-n))
			break
		}
		b.WriteString(p.text)
		n += p.runes
	}
	out := strings.TrimRightFunc(b.String(), unicode.IsSpace)
	if strings.HasSuffix(out, ellipsis) {
		return out
	}
	return out + ellipsis
}

// cutBold renders the start of a bold span in at most room runes, stars
// included, ending on a word character so that Slack still sees the closing
// star; "" when not even one word character fits.
func cutBold(inner []piece, room int) string {
	n, last := 2, -1
	for i, p := range inner {
		if n+p.runes > room {
			break
		}
		n += p.runes
		if p.word {
			last = i
		}
	}
	if last < 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('*')
	for _, p := range inner[:last+1] {
		b.WriteString(p.text)
	}
	b.WriteByte('*')
	return b.String()
}

// prefixLen is the length in bytes of the first n+1 characters of s that
// render as at least one character: all of s that can show in n runes, and
// one more, so that whether s must be cut still shows.
func prefixLen(s string, n int) int {
	seen := 0
	for i, r := range s {
		if seen > n {
			return i
		}
		if !unicode.IsControl(r) || unicode.IsSpace(r) {
			seen++
		}
	}
	return len(s)
}

// entityPieces splits already escaped text into characters and entities.
func entityPieces(s string) []piece {
	var ps []piece
	for i := 0; i < len(s); {
		n := entityLen(s[i:])
		if n == 0 {
			_, n = utf8.DecodeRuneInString(s[i:])
		}
		ps = append(ps, piece{text: s[i : i+n], runes: utf8.RuneCountInString(s[i : i+n])})
		i += n
	}
	return ps
}

// entityLen is the length of the entity Escape makes at the start of s, or 0.
func entityLen(s string) int {
	for _, e := range []string{"&amp;", "&lt;", "&gt;"} {
		if strings.HasPrefix(s, e) {
			return len(e)
		}
	}
	return 0
}

// lookalikes stand in for mrkdwn's formatting characters in text from a
// source or a user: Slack has no way to escape them, and a stray "*" could
// pair up with the stars this package adds.
var lookalikes = map[rune]string{
	'*': "∗", // U+2217 asterisk operator
	'_': "ˍ", // U+02CD modifier letter low macron
	'~': "∼", // U+223C tilde operator
	'`': "ˋ", // U+02CB modifier letter grave accent
}

// textPieces renders text from a source or a user as mrkdwn: escaped,
// formatting characters replaced, white space as plain spaces and other
// control characters dropped.
func textPieces(s string) []piece {
	ps := make([]piece, 0, len(s))
	for _, r := range s {
		ps = append(ps, runePiece(r))
	}
	return ps
}

func runePiece(r rune) piece {
	switch {
	case r == '&' || r == '<' || r == '>':
		e := Escape(string(r))
		return piece{text: e, runes: len(e)}
	case lookalikes[r] != "":
		return piece{text: lookalikes[r], runes: 1}
	case unicode.IsSpace(r):
		return piece{text: " ", runes: 1}
	case unicode.IsControl(r):
		return piece{}
	}
	return piece{text: string(r), runes: 1, word: isWord(r)}
}

// isWord reports whether r is part of a word, where mrkdwn ignores stars.
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// mrkdwn renders text from a source or a user as one line of mrkdwn in at
// most limit runes.
func mrkdwn(text string, limit int) string {
	return emphasize(text, nil, limit)
}

// emphasize renders text like mrkdwn, with the byte ranges marks in bold.
// Only as much of text as can show in limit runes is rendered.
func emphasize(text string, marks [][2]int, limit int) string {
	text = text[:prefixLen(text, max(limit, 0))]
	clipped := make([][2]int, len(marks))
	for i, m := range marks {
		clipped[i] = [2]int{m[0], min(m[1], len(text))}
	}
	var ps []piece
	pos := 0
	for _, m := range cleanMarks(text, clipped) {
		ps = append(ps, textPieces(text[pos:m[0]])...)
		ps = append(ps, bold(textPieces(text[m[0]:m[1]])))
		pos = m[1]
	}
	ps = append(ps, textPieces(text[pos:])...)
	unquote(ps)
	return fit(ps, limit)
}

// unquote puts a soft hyphen before a "&gt;" that starts the line, which
// would make the line a quote.
func unquote(ps []piece) {
	for i, p := range ps {
		switch p.text {
		case "", " ":
			continue
		case "&gt;":
			ps[i] = piece{text: "\u00ad&gt;", runes: 5}
		}
		return
	}
}

func bold(inner []piece) piece {
	var b strings.Builder
	n := 2
	b.WriteByte('*')
	for _, p := range inner {
		b.WriteString(p.text)
		n += p.runes
	}
	b.WriteByte('*')
	return piece{text: b.String(), runes: n, inner: inner}
}

// codeSpan renders text from a source or a user as inline code, which Slack
// shows literally apart from entities: so only &, < and > are escaped, and
// backticks, which would end the span, replaced.
func codeSpan(text string, limit int) string {
	text = Truncate(Escape(strings.ReplaceAll(oneLine(text), "`", lookalikes['`'])), limit-2)
	if text == "" {
		return ""
	}
	return "`" + text + "`"
}

// oneLine collapses all white space in s to single spaces and drops other
// control characters.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
