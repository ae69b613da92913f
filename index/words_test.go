package index

import (
	"strconv"
	"testing"

	blevetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/google/go-cmp/cmp"
)

func TestWordsTokenizer(t *testing.T) {
	tests := []struct {
		in   string
		want []string // term@position
	}{
		{"C++ and C# on .NET", []string{"C++@1", "and@2", "C#@3", "on@4", ".NET@5"}},
		{"HTTP/2 and http/3", []string{"HTTP@1", "HTTP2@2", "and@3", "http@4", "http3@5"}},
		{"Node.js, ASP.NET", []string{"Node.js@1", "Node@1", "js@1", "ASP.NET@2", "ASP@2", ".NET@2"}},
		{"IPv6 in 2025, v1.2", []string{"IPv6@1", "in@2", "2025@3", "v1.2@4"}},
		{"c#d cc++ a/b", []string{"c@1", "d@2", "cc@3", "a@4", "b@5"}},
		{"TCP/IP 24/7", []string{"TCP@1", "IP@2", "24@3", "7@4"}},
		{"ASP.NET.", []string{"ASP.NET@1", "ASP@1", ".NET@1"}},
	}
	tk := wordsTokenizer{unicode: blevetok.NewUnicodeTokenizer()}
	for _, tt := range tests {
		var got []string
		for _, tok := range tk.Tokenize([]byte(tt.in)) {
			if string(tok.Term) != tt.in[tok.Start:tok.End] && !isJoined(tok.Term) {
				t.Errorf("%q: term %q is not the input at %d:%d (%q)", tt.in, tok.Term, tok.Start, tok.End, tt.in[tok.Start:tok.End])
			}
			got = append(got, string(tok.Term)+"@"+strconv.Itoa(tok.Position))
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.in, diff)
		}
	}
}

// isJoined reports a "letters+digits" term made of "letters/digits".
func isJoined(term []byte) bool {
	return len(term) > 1 && term[len(term)-1] >= '0' && term[len(term)-1] <= '9'
}
