package index

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/session"
)

// chatSessions is a small mixed programme for query understanding.
func chatSessions() []session.Session {
	return []session.Session{
		{ID: "llm", Title: "Running large language models on a laptop", Abstract: "Quantised weights and local inference."},
		{ID: "cpp", Title: "Modern C++ in practice", Abstract: "Templates, ranges and modules in C++20."},
		{ID: "csharp", Title: "What's new in C#", Abstract: "Records and pattern matching on .NET."},
		{ID: "c", Title: "C for embedded systems", Abstract: "Pointers and registers."},
		{ID: "http2", Title: "HTTP/2 push is dead", Abstract: "What replaced server push in browsers."},
		{ID: "node", Title: "Streams in Node.js", Abstract: "Back-pressure explained."},
		{ID: "ops", Title: "Kubernetes operations at scale", Abstract: "Running clusters."},
		{ID: "operator", Title: "Writing a Kubernetes operator", Abstract: "Controllers and reconcile loops."},
		{ID: "monitor", Title: "Monitor anything you want", Abstract: "Metrics for everything."},
		{ID: "lock", Title: "Lockpicking for beginners", Abstract: "Pins, tension and picks."},
		{ID: "wahl", Title: "Wahlcomputer in Deutschland", Abstract: "Warum die Wahlen mit Computern unsicher sind und wer sie prüft.", Language: "de"},
		{ID: "daten", Title: "Datenschutz an Schulen", Abstract: "Wie Schulen die Daten ihrer Schüler schützen.", Language: "de"},
		{ID: "war", Title: "Cyber war and peace", Abstract: "Nation states online."},
		{ID: "a11y", Title: "Accessibility for everyone", Abstract: "Screen readers and contrast."},
	}
}

func chatIndex(t *testing.T, opts Options) *Index {
	t.Helper()
	ix, err := Open(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	syncTest(t, ix, chatSessions())
	return ix
}

func first(t *testing.T, ix *Index, query string) (string, Result) {
	t.Helper()
	res, err := ix.Search(t.Context(), ParseQuery(query, time.Now(), time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		return "", res
	}
	return res.Hits[0].Session.ID, res
}

func TestUnderstanding(t *testing.T) {
	ix := chatIndex(t, Options{})
	tests := []struct{ query, want string }{
		{"anything on lockpicking lol", "lock"},             // filler dropped
		{"who talks about monitoring?", "monitor"},          // question words dropped, word forms kept
		{"is there a talk about llms", "llm"},               // abbreviation, plural
		{"large language model", "llm"},                     // the phrase itself
		{"c++", "cpp"},                                      // symbols tokenised
		{"c#", "csharp"},                                    //
		{"csharp", "csharp"},                                // synonym of C#
		{"dotnet", "csharp"},                                // .NET
		{"http/2", "http2"},                                 //
		{"http2", "http2"},                                  //
		{"node", "node"},                                    // part of a dotted name
		{"kubernetes operator", "operator"},                 // plural/exact before a hard stem's "operations"
		{"gibt es einen vortrag über wahlcomputer", "wahl"}, // German filler dropped
		{"wahl computer", "wahl"},                           // compound parts
		{"wahlen", "wahl"},                                  // German forms
		{"datenschutz schule", "daten"},                     // German plural
		{"privacy in schools", "daten"},                     // synonym across languages
		{"cyber war", "war"},                                // a German filler word that is English content
		{"a11y", "a11y"},                                    //
		{"talks", ""},                                       // all filler: kept, and nothing has it
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, res := first(t, ix, tt.query)
			if got != tt.want {
				t.Errorf("first hit %q, want %q\n%s", got, tt.want, describe(res.Hits))
			}
		})
	}
}

// TestNoCloseMatch: a topic the programme does not have says so, and shows
// at most a few sessions; a typo is not "no match".
func TestNoCloseMatch(t *testing.T) {
	ix := chatIndex(t, Options{})
	for _, q := range []string{"sourdough baking", "quantum gravity", "anything about knitting?"} {
		_, res := first(t, ix, q)
		if !res.NoCloseMatch || len(res.Hits) > closestFew || res.Total != uint64(len(res.Hits)) {
			t.Errorf("%q: NoCloseMatch %v, %d hits, total %d; want a no-close-match answer of at most %d", q, res.NoCloseMatch, len(res.Hits), res.Total, closestFew)
		}
	}
	for _, q := range []string{"lockpickng", "kubernetes operater", "wahlcomputr"} {
		if got, res := first(t, ix, q); res.NoCloseMatch || got == "" {
			t.Errorf("%q: NoCloseMatch %v, first %q; a typo should still be a close match", q, res.NoCloseMatch, got)
		}
	}
}

// TestOrganiserSynonyms: groups from the configuration add to the built-in
// ones.
func TestOrganiserSynonyms(t *testing.T) {
	ix := chatIndex(t, Options{Synonyms: [][]string{{"picking locks", "lockpicking"}, {"zorbl", "kubernetes"}}})
	for q, want := range map[string]string{"picking locks": "lock", "zorbl operator": "operator"} {
		if got, res := first(t, ix, q); got != want {
			t.Errorf("%q: first %q, want %q\n%s", q, got, want, describe(res.Hits))
		}
	}
}

func TestParseSynonyms(t *testing.T) {
	got, err := ParseSynonyms("# comment\n\nk8s, kubernetes\n  ml ,machine learning, ML  \n")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"k8s", "kubernetes"}, {"ml", "machine learning", "ML"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	_, err = ParseSynonyms("a, b\nlonely\nc,,d\n")
	if err == nil || err.Error() != `line 2: a synonym group needs at least two members, got "lonely"; line 3: empty synonym in "c,,d"` {
		t.Errorf("error %v", err)
	}
	if _, err := ParseSynonyms(builtinSynonyms); err != nil {
		t.Errorf("built-in list: %v", err)
	}
}

// TestLanguages: sessions are analysed in their stated language, or the
// one their stop words show; the configured languages bound both.
func TestLanguages(t *testing.T) {
	ix := chatIndex(t, Options{})
	langs := ix.sessionLanguages(chatSessions())
	if langs["wahl"] != "de" || langs["llm"] != "en" {
		t.Errorf("languages %v", langs)
	}
	plain := []session.Session{{ID: "x", Title: "Die Zukunft der Arbeit", Abstract: "Wie wir in der Zukunft arbeiten werden und was das für uns bedeutet."}}
	if got := ix.sessionLanguages(plain)["x"]; got != "de" {
		t.Errorf("detected %q, want de", got)
	}
	en, err := Open(t.TempDir(), Options{Languages: []string{"en"}})
	if err != nil {
		t.Fatal(err)
	}
	defer en.Close()
	if got := en.sessionLanguages(plain)["x"]; got != "en" {
		t.Errorf("with languages [en]: %q, want en", got)
	}
	if _, err := Open(t.TempDir(), Options{Languages: []string{"xx"}}); err == nil {
		t.Error("Open accepted language xx")
	}
}
