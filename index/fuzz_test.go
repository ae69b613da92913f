package index

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func FuzzParseQuery(f *testing.F) {
	for _, seed := range []string{
		"", "kubernetes secrets", `"cloud native" db`, `"unterminated`, "speaker:vargo company:google",
		`speaker:"seth vargo"`, "speaker: vargo", "track:security room:janson day:today",
		"day:tomorrow day:mon day:2026-11-28 day:funday", "foo:bar", `* ? ~2 /regex/ +-&&|| title:foo^10`,
		"“smart” „quotes”", "kube\x00rnetes\t\n", "caf\xe9", strings.Repeat("ab ", 300),
		strings.Repeat("x", 600), strings.Repeat(`"`, 50), strings.Repeat("day:", 30), "speaker:::", ":", `day:"`,
	} {
		f.Add(seed)
	}
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		q := ParseQuery(text, now, time.UTC)
		if n := utf8.RuneCountInString(q.Raw); n > MaxQueryRunes {
			t.Errorf("Raw has %d runes", n)
		}
		if n := q.parts(); n > MaxTerms {
			t.Errorf("query has %d parts", n)
		}
		all := append(append(append([]string{q.Raw}, q.Terms...), q.Phrases...), q.Speakers...)
		all = append(append(append(all, q.Companies...), q.Tracks...), q.Rooms...)
		for _, s := range all {
			if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) {
				t.Errorf("unclean text %q", s)
			}
		}
		for _, v := range append(append(q.Terms, q.Phrases...), q.Speakers...) {
			if strings.TrimSpace(v) == "" {
				t.Errorf("empty part in %+v", q)
			}
		}
		for _, d := range q.Days {
			if !validDay(d) {
				t.Errorf("invalid day %q kept", d)
			}
		}
	})
}
