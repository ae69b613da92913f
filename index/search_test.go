package index

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// searchTest searches a fresh index of testSessions on the day before them.
func searchTest(t *testing.T, ix *Index, text string, from, size int) Result {
	t.Helper()
	q := ParseQuery(text, time.Date(2026, 11, 27, 12, 0, 0, 0, brussels(t)), brussels(t))
	q.From, q.Size = from, size
	res, err := ix.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("Search(%q): %v", text, err)
	}
	return res
}

func ids(res Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Session.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	ix := openTest(t, t.TempDir())
	syncTest(t, ix, testSessions(t))
	tests := []struct {
		query string
		want  []string
	}{
		{"kubernetes", []string{"k8s-secrets"}},
		{"jose muller", []string{"cafe"}},                // folded accents
		{"JOSÉ", []string{"cafe"}},                       // and case
		{"universite", []string{"cafe"}},                 // company, folded
		{"cafe", []string{"cafe"}},                       // title, folded
		{"ana", []string{"isolates"}},                    // second speaker
		{"the", nil},                                     // a stop word alone finds nothing
		{"day:sat", []string{"k8s-secrets", "isolates"}}, // by time
		{"day:sun room:öst", []string{"cafe"}},
		{"room:salle", []string{"cafe"}}, // a word of the room
		{`room:"main hall"`, []string{"k8s-secrets"}},
		{"track:SECURITY", []string{"k8s-secrets"}},
		{"track:sec", nil},                      // filters match whole words
		{"track:communities", []string{"cafe"}}, // in any form
		{"speaker:bloom speaker:vargo", []string{"k8s-secrets", "isolates"}},
		{"speaker:vargo kubernetes day:sun", nil}, // filters AND text
		{"company:cloudflare isolate", []string{"isolates"}},
		{`"story for kubernetes"`, []string{"k8s-secrets"}},
		{`"kubernetes for story"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ids(searchTest(t, ix, tt.query, 0, 0))); diff != "" {
				t.Errorf("hits mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSearchPlainText checks that query syntax of bleve and friends is only
// text: no wildcard, regex, fuzzy, boost or boolean meaning, and no error.
func TestSearchPlainText(t *testing.T) {
	ix := openTest(t, t.TempDir())
	syncTest(t, ix, testSessions(t))
	for _, text := range []string{
		"*", "?", "~2", "/.*/", "/regex/", "+-&&||", "title:foo^10", "+title:kubernetes", "-kubernetes",
		"k*s", "kubernetes~5", "NOT kubernetes", `\`, `"`, "((((", "[a TO z]", "{*}", "_id:cafe", "_all:x",
		"speaker:*", "room:*", "track:?", "day:*", strings.Repeat("a*", 300),
	} {
		t.Run(text, func(t *testing.T) {
			res := searchTest(t, ix, text, 0, 0)
			for _, h := range res.Hits {
				if h.Session.ID == "tba" || h.Session.ID == "cafe" {
					t.Errorf("%q found %s: the query was read as syntax", text, h.Session.ID)
				}
			}
		})
	}
}

func TestSearchPaging(t *testing.T) {
	ix := openTest(t, t.TempDir())
	syncTest(t, ix, testSessions(t))
	all := ids(searchTest(t, ix, "day:sat day:sun", 0, 0))
	if diff := cmp.Diff([]string{"k8s-secrets", "isolates", "cafe"}, all); diff != "" {
		t.Fatalf("filter-only results are by start time (-want +got):\n%s", diff)
	}
	var paged []string
	for from := range 4 {
		res := searchTest(t, ix, "day:sat day:sun", from, 1)
		if res.Total != 3 {
			t.Errorf("page %d: Total = %d", from, res.Total)
		}
		paged = append(paged, ids(res)...)
	}
	if diff := cmp.Diff(all, paged); diff != "" {
		t.Errorf("pages mismatch (-want +got):\n%s", diff)
	}
	if res := searchTest(t, ix, "day:sat", -5, 1000); len(res.Hits) != 2 {
		t.Errorf("bad paging values: %d hits", len(res.Hits))
	}
}

func TestSearchEmpty(t *testing.T) {
	ix := openTest(t, t.TempDir())
	syncTest(t, ix, testSessions(t))
	res := searchTest(t, ix, "day:funday", 0, 0)
	want := Result{Notices: []string{unknownDay("funday")}}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("empty query (-want +got):\n%s", diff)
	}
}

func TestSearchHighlights(t *testing.T) {
	ix := openTest(t, t.TempDir())
	syncTest(t, ix, testSessions(t))
	tests := []struct {
		query, id   string
		title, snip []string // the marked text, lower-cased
	}{
		{"kubernetes", "k8s-secrets", []string{"kubernetes"}, []string{"kubernetes", "kubernetes"}},
		{"secret", "k8s-secrets", []string{"secrets"}, []string{"secrets", "secrets"}},
		{"kube", "k8s-secrets", []string{"kubernetes"}, []string{"kubernetes", "kubernetes"}},
		{"kuberentes", "k8s-secrets", []string{"kubernetes"}, []string{"kubernetes", "kubernetes"}},
		{"cafe universite", "cafe", []string{"café"}, []string{"université"}},
		{"vargo", "k8s-secrets", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := searchTest(t, ix, tt.query, 0, 0)
			if len(res.Hits) == 0 || res.Hits[0].Session.ID != tt.id {
				t.Fatalf("hits %v, want %s first", ids(res), tt.id)
			}
			h := res.Hits[0]
			if diff := cmp.Diff(tt.title, marked(h.Session.Title, h.TitleMarks)); diff != "" {
				t.Errorf("title marks (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.snip, marked(h.Snippet.Text, h.Snippet.Marks)); diff != "" {
				t.Errorf("snippet %q marks (-want +got):\n%s", h.Snippet.Text, diff)
			}
		})
	}
}

func marked(text string, marks [][2]int) []string {
	var out []string
	for _, m := range marks {
		out = append(out, strings.ToLower(text[m[0]:m[1]]))
	}
	return out
}
