package index

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/session"
)

// qualityCase is a search people make and what must come first. want holds
// session IDs or title prefixes that must all be within the first top hits
// (top 0 means len(want)); every one of the first top hits must pass each.
type qualityCase struct {
	set, query string
	top        int
	want       []string
	each       func(session.Session) bool
	total      int  // when > 0, the exact number of matches
	none       bool // nothing may match
}

func titleHas(word string) func(session.Session) bool {
	return func(s session.Session) bool { return strings.Contains(strings.ToLower(s.Title), strings.ToLower(word)) }
}

func trackIs(track string) func(session.Session) bool {
	return func(s session.Session) bool { return s.Track == track }
}

var qualityCases = []qualityCase{
	// The seed: a small programme without times.
	{set: "seed", query: "orchestrators", want: []string{"Who guards the guardians"}},
	{set: "seed", query: "orchestrator", want: []string{"Who guards the guardians"}},
	{set: "seed", query: "kube", want: []string{"Base64 is not encryption"}},
	{set: "seed", query: "serverles", want: []string{"Serverless Security"}},
	{set: "seed", query: "kuberentes", want: []string{"Base64 is not encryption"}},
	{set: "seed", query: "casandra", want: []string{"Data Modeling"}},
	{set: "seed", query: "vargo", want: []string{"Base64 is not encryption"}},
	{set: "seed", query: "appan", want: []string{"Who guards the guardians"}},
	{set: "seed", query: "cloudflare", want: []string{"Isolate Computing"}},
	{set: "seed", query: "microsoft", want: []string{"Enterprise transformation"}},
	{set: "seed", query: "kubernetes secrets", want: []string{"Base64 is not encryption"}},
	{set: "seed", query: "serverless", want: []string{"Serverless Security"}}, // title above 10× in an abstract
	{set: "seed", query: "cloud native database", want: []string{"Data Modeling"}},
	{set: "seed", query: "customer experience", want: []string{"How to Scale"}},
	{set: "seed", query: `"data modeling"`, want: []string{"Data Modeling"}, total: 1},
	{set: "seed", query: "speaker:vargo", want: []string{"Base64 is not encryption"}, total: 1},
	{set: "seed", query: "company:GOOGLE", want: []string{"Base64 is not encryption"}, total: 1},
	// FOSDEM 2025: 1,105 events.
	{set: "fosdem", query: "poppler", want: []string{"frab-6000"}},
	{set: "fosdem", query: "popler", want: []string{"frab-6000"}},
	{set: "fosdem", query: "genode", want: []string{"frab-5768", "frab-4140"}},
	{set: "fosdem", query: "wireshark", want: []string{"frab-4716"}},
	{set: "fosdem", query: "combs", want: []string{"frab-6726", "frab-4716"}},
	{set: "fosdem", query: "schwartz", want: []string{"frab-5779", "frab-5673", "frab-5370"}},
	{set: "fosdem", query: "monig", top: 5, want: []string{"frab-5332", "frab-5333", "frab-5334", "frab-6658", "frab-5369"}},
	{set: "fosdem", query: "keycloak", want: []string{"frab-5673"}},
	{set: "fosdem", query: "heimdall", want: []string{"frab-4883"}},
	{set: "fosdem", query: "postgres", want: []string{"frab-5242"}}, // the word itself before PostgreSQL
	{set: "fosdem", query: "kube", want: []string{"frab-5759"}},     // Kube before Kubernetes
	// Both words as typed beat "operations", which a hard stemmer makes of "operator".
	{set: "fosdem", query: "kubernetes operator", want: []string{"frab-4510"}},
	{set: "fosdem", query: "scaling", top: 3, each: titleHas("scal")}, // word forms: Scaling, Scale, Scalable
	{set: "fosdem", query: "kuberentes", top: 3, each: titleHas("kubernetes")},
	{set: "fosdem", query: "obsevability", top: 3, each: titleHas("observability")},
	{set: "fosdem", query: "kubernetes controller rust", want: []string{"frab-4189"}},
	{set: "fosdem", query: "firefox code review", want: []string{"frab-6422"}},
	{set: "fosdem", query: "local llm", want: []string{"frab-6542"}},
	{set: "fosdem", query: "rust linux", want: []string{"frab-6507", "frab-5875"}},
	{set: "fosdem", query: "reproducible builds", want: []string{"frab-6479"}},
	{set: "fosdem", query: "swift iot", want: []string{"frab-6148"}},
	{set: "fosdem", query: "cloud native database", want: []string{"frab-5321", "frab-5956"}},
	{set: "fosdem", query: `"confidential containers"`, want: []string{"frab-5299", "frab-4559"}},
	{set: "fosdem", query: "ebpf", top: 5, each: titleHas("bpf")}, // BPF is its synonym
	{set: "fosdem", query: "track:rust", top: 12, each: trackIs("Rust"), total: 12},
	{set: "fosdem", query: "track:rust day:sat", total: 12},
	{set: "fosdem", query: "track:rust day:sunday", none: true},
	{set: "fosdem", query: `track:"free java"`, top: 10, each: trackIs("Free Java")},
	{set: "fosdem", query: "room:janson day:today", want: []string{"frab-6712"}, top: 10, each: func(s session.Session) bool { return s.Room == "Janson" }},
	{set: "fosdem", query: "python day:sun", want: []string{"frab-5301"}, top: 5, each: func(s session.Session) bool { return s.Track == "Python" || titleHas("python")(s) }},
	{set: "fosdem", query: "speaker:thursfield", total: 2},
}

// fosdemMorning is the first morning of FOSDEM 2025, for day: filters.
func fosdemMorning(tb testing.TB) time.Time {
	return time.Date(2025, 2, 1, 8, 0, 0, 0, brussels(tb))
}

func TestQuality(t *testing.T) {
	for _, tc := range qualityCases {
		t.Run(tc.set+"/"+tc.query, func(t *testing.T) {
			ix := fixtures.get(t, tc.set)
			res, err := ix.Search(t.Context(), ParseQuery(tc.query, fosdemMorning(t), brussels(t)))
			if err != nil {
				t.Fatal(err)
			}
			if msg := tc.check(res); msg != "" {
				t.Errorf("%s\ngot (total %d):\n%s", msg, res.Total, describe(res.Hits))
			}
		})
	}
}

func (tc qualityCase) check(res Result) string {
	top := tc.top
	if top == 0 {
		top = len(tc.want)
	}
	first := res.Hits[:min(top, len(res.Hits))]
	for _, w := range tc.want {
		if !containsSession(first, w) {
			return fmt.Sprintf("%q not in the first %d", w, top)
		}
	}
	for i, h := range first {
		if tc.each != nil && !tc.each(h.Session) {
			return fmt.Sprintf("hit %d (%s) fails the check", i+1, h.Session.ID)
		}
	}
	switch {
	case tc.none && res.Total != 0:
		return "want no match"
	case tc.total > 0 && res.Total != uint64(tc.total):
		return fmt.Sprintf("total %d, want %d", res.Total, tc.total)
	}
	return ""
}

func containsSession(hits []Hit, want string) bool {
	for _, h := range hits {
		if h.Session.ID == want || strings.HasPrefix(h.Session.Title, want) {
			return true
		}
	}
	return false
}

func describe(hits []Hit) string {
	var b strings.Builder
	for i, h := range hits {
		fmt.Fprintf(&b, "%2d %.3f q%.2f %s %q %v\n", i+1, h.Score, h.Quality, h.Session.ID, h.Session.Title, h.Session.SpeakerNames())
	}
	return b.String()
}
