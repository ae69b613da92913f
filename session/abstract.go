package session

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// abstractTag matches the common formatting tags that schedule exports put into
// abstracts. Plain text with a stray "<" (a < b, <3) does not match.
var abstractTag = regexp.MustCompile(`(?i)</?(p|br|ul|ol|li|a|div|span|em|strong|b|i|code|pre|h[1-6]|blockquote|hr)[\s/>]`)

// abstractText turns an abstract as a schedule export writes it (HTML or plain
// text, any line endings) into plain text with blank lines between paragraphs.
func abstractText(s string) string {
	if abstractTag.MatchString(s) {
		s = htmlText(s)
	}
	return tidyText(s)
}

// tidyText normalises line endings, trims the end of every line and keeps at
// most one blank line in a row.
func tidyText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\u00a0")
		if l == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		out = append(out, l)
		blank = false
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// abstractWriter collects the text of an HTML fragment. Breaks and spaces are kept
// pending until the next text, so none pile up at the start or end.
type abstractWriter struct {
	b      strings.Builder
	brk    int // newlines owed before the next text: 1 line break, 2 blank line
	space  bool
	prefix string // "- " owed before the next text of a list item
	lists  int
	pre    int
	skip   int // inside script or style
}

func (w *abstractWriter) breakAtLeast(n int) {
	w.brk = max(w.brk, n)
}

func (w *abstractWriter) text(s string) {
	if w.skip > 0 {
		return
	}
	trail := false
	if w.pre == 0 {
		lead := s != "" && isSpace(s[0])
		trail = s != "" && isSpace(s[len(s)-1])
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			w.space = w.space || lead || trail
			return
		}
		w.space = w.space || lead
	}
	w.separate()
	w.b.WriteString(s)
	w.space = trail
}

// separate writes the break or space owed before the next text, and a list
// item's prefix.
func (w *abstractWriter) separate() {
	switch {
	case w.b.Len() == 0:
	case w.brk > 0:
		w.b.WriteString(strings.Repeat("\n", w.brk))
	case w.space && w.prefix == "":
		w.b.WriteByte(' ')
	}
	w.brk, w.space = 0, false
	w.b.WriteString(w.prefix)
	w.prefix = ""
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func (w *abstractWriter) start(tag string) {
	switch tag {
	case "br":
		w.breakAtLeast(1)
	case "li":
		w.breakAtLeast(1)
		// Indentation stops at a few levels: a hostile abstract of thousands of
		// nested lists must not blow up quadratically.
		w.prefix = strings.Repeat("  ", min(max(w.lists-1, 0), 3)) + "- "
	case "ul", "ol":
		w.breakAtLeast(listBreak(w.lists))
		w.lists++
	case "pre":
		w.pre++
		w.breakAtLeast(2)
	case "script", "style":
		w.skip++
	case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "table", "tr":
		w.breakAtLeast(2)
	}
}

func (w *abstractWriter) end(tag string) {
	switch tag {
	case "ul", "ol":
		w.lists = max(w.lists-1, 0)
		w.breakAtLeast(listBreak(w.lists))
	case "pre":
		w.pre = max(w.pre-1, 0)
		w.breakAtLeast(2)
	case "script", "style":
		w.skip = max(w.skip-1, 0)
	case "li":
		w.breakAtLeast(1)
	case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr":
		w.breakAtLeast(2)
	}
}

// listBreak is the break around a list: a blank line, or a line break for a
// list nested in another.
func listBreak(outer int) int {
	if outer > 0 {
		return 1
	}
	return 2
}

// htmlText reduces an HTML fragment to text: paragraphs become blank-line
// separated, list items "- " lines, entities are decoded and tags dropped
// (a link keeps its text).
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var w abstractWriter
	for {
		switch z.Next() {
		case html.ErrorToken:
			return w.b.String()
		case html.TextToken:
			w.text(string(z.Text()))
		case html.StartTagToken:
			name, _ := z.TagName()
			w.start(string(name))
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			w.start(string(name))
			w.end(string(name))
		case html.EndTagToken:
			name, _ := z.TagName()
			w.end(string(name))
		}
	}
}
