package blocks_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

func TestEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Kubernetes Secrets", "Kubernetes Secrets"},
		{"channel ping", "<!channel> hi", "&lt;!channel&gt; hi"},
		{"user mention", "by <@U123>", "by &lt;@U123&gt;"},
		{"ampersand first", "Q&A <b>", "Q&amp;A &lt;b&gt;"},
		{"already escaped stays visible", "&amp;", "&amp;amp;"},
		{"empty", "", ""},
		{"multi-byte", "café <☕>", "café &lt;☕&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := blocks.Escape(tt.in); got != tt.want {
				t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"fits", "hello", 5, "hello"},
		{"cut", "hello world", 8, "hello w…"},
		{"cut drops trailing space", "hello world", 7, "hello…"},
		{"multi-byte runes", "ééééé", 3, "éé…"},
		{"emoji are one rune each", "🎉🎉🎉🎉", 3, "🎉🎉…"},
		{"4-byte runes fit by count", "🎉🎉🎉", 3, "🎉🎉🎉"},
		{"entity kept whole", "a &amp; b", 9, "a &amp; b"},
		{"entity at the cut", "ab&amp;cd", 6, "ab…"},
		{"entity just fits", "ab&amp;cd", 8, "ab&amp;…"},
		{"lt at the cut", "x&lt;y", 4, "x…"},
		{"bare ampersand is one rune", "a&b&c", 4, "a&b…"},
		{"max 1", "hello", 1, "…"},
		{"max 0", "hello", 0, ""},
		{"negative max", "hello", -3, ""},
		{"empty", "", 3, ""},
		{"already ends with ellipsis", "abc… def", 5, "abc…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := blocks.Truncate(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > max(tt.max, 0) {
				t.Errorf("Truncate(%q, %d) has %d runes", tt.in, tt.max, n)
			}
		})
	}
}

// TestTruncateEscapedNeverSplitsEntity cuts escaped text at every length.
func TestTruncateEscapedNeverSplitsEntity(t *testing.T) {
	escaped := blocks.Escape("a<b>&c d&&e <<>> é&")
	for limit := range utf8.RuneCountInString(escaped) + 2 {
		got := blocks.Truncate(escaped, limit)
		if p := markupProblem(got); p != "" {
			t.Errorf("Truncate(%q, %d) = %q: %s", escaped, limit, got, p)
		}
		if !strings.HasPrefix(escaped, strings.TrimSuffix(got, "…")) {
			t.Errorf("Truncate(%q, %d) = %q, not a prefix", escaped, limit, got)
		}
	}
}
