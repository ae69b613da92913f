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

// FuzzSearch runs any text through the whole search (grammar, synonyms,
// filler, variants, scoring, highlights) on a small index: it must never
// fail or panic, and every mark must lie inside its text.
func FuzzSearch(f *testing.F) {
	for _, seed := range []string{
		"anything on lockpicking lol", "c++ c# .net http/2 node.js", `"large language" model`, "wahlcomputer über",
		"day:sat day:1 day:2026-11-28 speaker:x track:y", strings.Repeat("kubernetes ", 20), strings.Repeat("a", 200),
		"ümläüt ß ﬁ ǅ", "\x00\xff", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "k8s ci/cd iac sre",
	} {
		f.Add(seed)
	}
	ix, err := Open(f.TempDir(), Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(chatSessions()); err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		res, err := ix.Search(t.Context(), ParseQuery(text, now, time.UTC))
		if err != nil {
			t.Fatalf("Search(%q): %v", text, err)
		}
		for _, h := range res.Hits {
			checkMarks(t, h.Session.Title, h.TitleMarks)
			checkMarks(t, h.Snippet.Text, h.Snippet.Marks)
		}
	})
}

func checkMarks(t *testing.T, text string, marks [][2]int) {
	t.Helper()
	for _, m := range marks {
		if m[0] < 0 || m[1] > len(text) || m[0] >= m[1] || !utf8.ValidString(text[m[0]:m[1]]) {
			t.Errorf("mark %v outside %q", m, text)
		}
	}
}

// TestHostileQueriesStayBounded: however a query is made, the work it asks
// for is bounded: words, and the index words each may stand for.
func TestHostileQueriesStayBounded(t *testing.T) {
	ix := chatIndex(t, Options{})
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	snap, err := ix.snapshotFor(r)
	if err != nil {
		t.Fatal(err)
	}
	hostile := []string{
		strings.Repeat("a ", 300), strings.Repeat("abcdefghij", 50), strings.Repeat("c++ ", 100),
		"llm llm ml ai k8s ci/cd iac sre db a11y i18n e2e", strings.Repeat("x", MaxQueryRunes+100),
	}
	for _, text := range hostile {
		p := ix.understand(ParseQuery(text, time.Now(), time.UTC), snap, false)
		if len(p.words) > MaxTerms {
			t.Errorf("%.30q: %d words", text, len(p.words))
		}
		for _, w := range p.words {
			terms := 0
			for _, v := range w.variants {
				terms += len(v.terms) + len(v.group) + len(v.phrase)
			}
			if terms > maxWordTerms {
				t.Errorf("%.30q: word %q stands for %d terms", text, w.text, terms)
			}
		}
	}
}
