package session

import (
	"strings"
	"testing"
)

func TestAbstractText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text keeps its lines", "Line one\r\nline two\r\n\r\n\r\n\r\nNext paragraph  \r\n", "Line one\nline two\n\nNext paragraph"},
		{"a < b is no HTML", "a < b and <3", "a < b and <3"},
		{"paragraphs", "<p>One\n two</p>\n<p>Three</p>", "One two\n\nThree"},
		{"list", "<p>Covers:</p>\n<ul>\n<li>The <code>x</code> part</li>\n<li>More</li>\n</ul>\n<p>End.</p>", "Covers:\n\n- The x part\n- More\n\nEnd."},
		{"nested list", "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>", "- a\n  - b\n- c"},
		{"deep nesting indents at most three levels", strings.Repeat("<ul><li>x", 6), "- x\n  - x\n    - x\n      - x\n      - x\n      - x"},
		{"ordered list", "<ol><li>first</li><li>second</li></ol>", "- first\n- second"},
		{"entities", "<p>Tom &amp; Jerry&#39;s &lt;show&gt; &quot;live&quot; caf&eacute;</p>", "Tom & Jerry's <show> \"live\" café"},
		{"links keep their text", `<p>See <a href="https://x.org">the <em>docs</em></a>.</p>`, "See the docs."},
		{"line breaks", "<p>one<br>two<br/>three</p>", "one\ntwo\nthree"},
		{"headings", "<h2>Intro</h2><p>Text</p>", "Intro\n\nText"},
		{"pre keeps spacing", "<p>Run:</p><pre>go  test\n  ./...</pre>", "Run:\n\ngo  test\n  ./..."},
		{"script dropped", "<p>Hi</p><script>alert(1)</script><style>p{}</style>", "Hi"},
		{"unclosed tags", "<p>open <b>bold", "open bold"},
		{"spaces between inline tags", "<p><em>a</em> <strong>b</strong></p>", "a b"},
		{"only tags", "<p></p><ul></ul>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := abstractText(tt.in); got != tt.want {
				t.Errorf("abstractText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSniffRealFeeds(t *testing.T) {
	tests := []struct {
		file, want string
	}{
		{"sessionize-all_scottish-summit-2026.json", FormatSessionize},
		{"sessionize-gridsmart_ndc-oslo-2019.json", FormatSessionize},
		{"fosdem-2025_schedule.xml", FormatFrabXML},
		{"pretalx_rc3-channels-2020_schedule.json", FormatFrabJSON},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := Sniff(feedFile(t, tt.file), "")
			if err != nil || got != tt.want {
				t.Errorf("Sniff = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
