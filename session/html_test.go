package session

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// listMarker is a bullet or number at the start of an abstract line.
var listMarker = regexp.MustCompile(`(?m)^(- |\d+\) )`)

// The HTML page holds the same nine sessions as the text page, marked up as a
// conference site does; it must parse to the same sessions.
func TestParseHTMLPage(t *testing.T) {
	text, err := Parse(readTestdata(t, "confirmed-sessions.txt"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range []string{"", "text/html; charset=utf-8"} {
		t.Run("content type "+ct, func(t *testing.T) {
			page, err := Parse(readTestdata(t, "confirmed-sessions.html"), Options{ContentType: ct})
			if err != nil {
				t.Fatal(err)
			}
			if page.Format != FormatText {
				t.Errorf("format %q, want text", page.Format)
			}
			if diff := cmp.Diff(seedHeads, heads(page.Sessions)); diff != "" {
				t.Fatalf("titles and speakers (-want +got):\n%s", diff)
			}
			for i, s := range page.Sessions {
				want := listMarker.ReplaceAllString(text.Sessions[i].Abstract, "")
				if diff := cmp.Diff(want, listMarker.ReplaceAllString(s.Abstract, "")); diff != "" {
					t.Errorf("abstract of %q (-text +html):\n%s", s.Title, diff)
				}
				if s.ID != text.Sessions[i].ID {
					t.Errorf("ID of %q is %s from HTML, %s from text", s.Title, s.ID, text.Sessions[i].ID)
				}
			}
		})
	}
}

func TestHTMLToText(t *testing.T) {
	for _, tc := range []struct{ name, html, want string }{
		{"page chrome dropped",
			`<html><head><title>Talks</title><style>p{}</style></head><body><nav><ul><li>Home</li></ul></nav><p>Kept</p><footer>© 2026</footer><script>x()</script></body></html>`,
			"Kept"},
		{"head without end tag", `<head><title>Talks</title><body><p>Kept</p>`, "Kept"},
		{"nested chrome", `<nav>a<nav>b</nav>c</nav><p>Kept</p>`, "Kept"},
		{"entities", `<p>Attackers &amp; Defenders &ndash; 24th and &frac12; &lt;b&gt;</p>`, "Attackers & Defenders – 24th and ½ <b>"},
		{"blocks and lists", `<h2>T</h2><p class=speaker><a href=/s>Jane Doe</a> - <span>Acme</span></p><div><p>One<br>Two</p><ul><li>a</li><li>b</li></ul></div>`,
			"T\n\nJane Doe - Acme\n\nOne\nTwo\n\n- a\n- b"},
		{"article and section", `<article><section>A</section><section>B</section></article>`, "A\n\nB"},
		{"white space collapses", "<p>  Isolate\n\t Computing  </p>", "Isolate Computing"},
		{"unclosed script", `<p>Kept</p><script>never closed`, "Kept"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, strings.TrimSpace(htmlToText([]byte(tc.html)))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestLooksLikeHTML(t *testing.T) {
	for _, tc := range []struct {
		name, data, contentType string
		want                    bool
	}{
		{"doctype", "<!DOCTYPE html><p>x", "", true},
		{"comment first", "<!-- built -->\n<html>", "", true},
		{"fragment", "<h1>Confirmed Sessions</h1>\n<p>x</p>", "", true},
		{"content type", "Confirmed Sessions", "text/html; charset=utf-8", true},
		{"plain text", "Confirmed Sessions\n\nA <b> tag later", "text/plain", false},
		{"text mentioning a tag", "Use <p> tags\n", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := looksLikeHTML([]byte(tc.data), tc.contentType); got != tc.want {
				t.Errorf("looksLikeHTML = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseHTMLSniff(t *testing.T) {
	for _, tc := range []struct{ name, data, contentType string }{
		{"doctype", "<!DOCTYPE html><h2>T</h2><p>Jane Doe &ndash; Acme</p><p>x</p>", ""},
		{"content type", "<h2>T</h2><p>Jane Doe - Acme</p>", "text/html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Parse([]byte(tc.data), Options{ContentType: tc.contentType})
			if err != nil {
				t.Fatal(err)
			}
			want := []Session{{Title: "T", Speakers: []Speaker{{"Jane Doe", "Acme"}}}}
			if res.Format != FormatText || cmp.Diff(want, heads(res.Sessions)) != "" {
				t.Errorf("format %q, sessions %v; want text, %v", res.Format, heads(res.Sessions), want)
			}
		})
	}
}
