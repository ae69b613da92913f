package session

import "testing"

func TestLanguageCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"de", "de"},
		{"EN", "en"},
		{"de-DE", "de"},
		{"en_GB", "en"},
		{"English", "en"},
		{"Deutsch", "de"},
		{"deu", "de"},
		{"de/en", "de"},
		{"en, de", "en"},
		{"Français", "fr"},
		{"", ""},
		{"Klingon", ""},
		{"1x", ""},
	}
	for _, tt := range tests {
		if got := LanguageCode(tt.in); got != tt.want {
			t.Errorf("LanguageCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A session's only text is its abstract, whatever the source called it; a
// subtitle repeating the title is dropped.
func TestNormalizeTexts(t *testing.T) {
	s := Session{Title: "T", Subtitle: "T", Description: "only text", Language: "German"}
	s.normalize()
	if s.Abstract != "only text" || s.Description != "" || s.Subtitle != "" || s.Language != "de" {
		t.Errorf("normalize = %+v", s)
	}
}
