package session

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// htmlTag finds a common block tag near the start of a document that lacks a
// doctype or an <html> element (a fragment or a bare export).
var htmlTag = regexp.MustCompile(`(?i)<(p|div|h[1-6]|ul|ol|li|br|section|article|table|span|a)[\s>/]`)

// looksLikeHTML reports whether a text source is an HTML page to reduce to text
// first: its Content-Type says so, or it starts like one.
func looksLikeHTML(data []byte, contentType string) bool {
	if strings.Contains(strings.ToLower(contentType), "text/html") {
		return true
	}
	head := bytes.TrimSpace(firstBytes(data, 4096))
	if htmlStart.Match(head) {
		return true
	}
	return len(head) > 0 && head[0] == '<' && htmlTag.Match(head)
}

// pageChrome are elements of a web page whose content is never part of the
// programme: scripts, navigation, sidebars, footers, the document title.
var pageChrome = map[string]bool{
	"script": true, "style": true, "nav": true, "title": true, "noscript": true, "template": true,
	"svg": true, "footer": true, "aside": true, "iframe": true, "object": true, "button": true, "select": true,
}

// pageBlocks are the page-level elements that end a line (1) or a paragraph
// (2), beyond those abstractWriter (abstract.go) already knows.
var pageBlocks = map[string]int{
	"td": 1, "th": 1, "dt": 1, "dd": 1, "caption": 1,
	"section": 2, "article": 2, "header": 2, "main": 2, "body": 2, "dl": 2,
	"figure": 2, "figcaption": 2, "address": 2, "details": 2, "summary": 2,
}

// htmlToText reduces a web page to the layout parseText reads: headings and
// paragraphs stand alone between blank lines, list items are "- " lines,
// entities are decoded and page chrome is dropped. It uses the tokenizer, not
// the tree builder, so its time stays linear even for malformed markup.
func htmlToText(data []byte) string {
	z := html.NewTokenizer(bytes.NewReader(data))
	var w abstractWriter
	var skip []string // open chrome elements, innermost last
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return w.b.String()
		}
		name, _ := z.TagName()
		tag := string(name)
		switch {
		case len(skip) > 0:
			skip = updateSkip(skip, tt, tag)
		case tt == html.TextToken:
			w.text(string(z.Text()))
		case tt == html.StartTagToken && pageChrome[tag]:
			skip = append(skip, tag)
		case tt == html.StartTagToken:
			w.start(tag)
			w.breakAtLeast(pageBlocks[tag])
		case tt == html.SelfClosingTagToken:
			w.start(tag)
			w.end(tag)
		case tt == html.EndTagToken:
			w.end(tag)
			w.breakAtLeast(pageBlocks[tag])
		}
	}
}

// updateSkip follows the nesting of the innermost skipped element.
func updateSkip(skip []string, tt html.TokenType, tag string) []string {
	switch {
	case tag != skip[len(skip)-1]:
		return skip
	case tt == html.StartTagToken:
		return append(skip, tag)
	case tt == html.EndTagToken:
		return skip[:len(skip)-1]
	}
	return skip
}
