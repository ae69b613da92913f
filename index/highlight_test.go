package index

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler words here ", 30) // 540 bytes
	tests := []struct {
		name  string
		text  string
		marks [][2]int
		want  Snippet
	}{
		{"empty", "", nil, Snippet{}},
		{"short, no marks", "Isolate  Computing\n\nwith V8", nil, Snippet{Text: "Isolate Computing with V8"}},
		{"marks move with collapsed space", "a\n\n  kubernetes   secret", [][2]int{{5, 15}, {18, 24}},
			Snippet{Text: "a kubernetes secret", Marks: [][2]int{{2, 12}, {13, 19}}}},
		{"multibyte text", "Café über naïve", [][2]int{{6, 11}}, Snippet{Text: "Café über naïve", Marks: [][2]int{{6, 11}}}},
		{"bad marks are dropped", "abc def", [][2]int{{-1, 2}, {4, 99}, {5, 5}, {4, 7}}, Snippet{Text: "abc def", Marks: [][2]int{{4, 7}}}},
		{"long text without marks is cut at a word", long, nil,
			Snippet{Text: strings.TrimSpace(long[:234]) + "…"}},
		{"a late mark is shown with some lead", long + "the kubernetes part", [][2]int{{len(long) + 4, len(long) + 14}},
			Snippet{Text: "…filler words here filler words here filler words here the kubernetes part", Marks: [][2]int{{61, 71}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := snippet(tt.text, tt.marks, snippetRunes)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("snippet mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSnippetBounds(t *testing.T) {
	text := strings.Repeat("ŝŝŝ kubernetes ", 100)
	var marks [][2]int
	for i := strings.Index(text, "kubernetes"); i >= 0 && i < len(text); i += len("ŝŝŝ kubernetes ") {
		marks = append(marks, [2]int{i, i + len("kubernetes")})
	}
	for _, from := range []int{0, 1, 30, 60, len(marks) - 1} {
		got := snippet(text, marks[from:], snippetRunes)
		if n := utf8.RuneCountInString(got.Text); n > snippetRunes {
			t.Errorf("snippet from mark %d has %d runes", from, n)
		}
		if !utf8.ValidString(got.Text) {
			t.Errorf("snippet from mark %d is not valid UTF-8", from)
		}
		if len(got.Marks) == 0 {
			t.Errorf("snippet from mark %d shows no mark", from)
		}
		for _, m := range got.Marks {
			if got.Text[m[0]:m[1]] != "kubernetes" {
				t.Errorf("mark %v covers %q", m, got.Text[m[0]:m[1]])
			}
		}
	}
}

func TestMarksMerge(t *testing.T) {
	got := mergeRanges([][2]int{{10, 15}, {0, 3}, {12, 18}, {0, 3}, {20, 22}})
	if diff := cmp.Diff([][2]int{{0, 3}, {10, 18}, {20, 22}}, got); diff != "" {
		t.Errorf("mergeRanges (-want +got):\n%s", diff)
	}
}
