package index

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"go.yaml.in/yaml/v3"

	"github.com/sessionbot/sessionbot/session"
)

// The relevance table: queries written the way attendees type in chat, by
// kind, over six real programmes (testdata/relevance/*.yaml), each with the
// session(s) the person meant. It is scored for search and for a plain
// BM25 baseline (one bleve match query over title and all body text, nothing
// else); -relevance-verbose prints every miss.
var relevanceVerbose = flag.Bool("relevance-verbose", false, "print every relevance query that misses")

// The table's floor: what search reached when these figures were last
// raised (docs/search.md has the table).
const (
	minRelevanceAt3 = 0.91
	minRelevanceAt1 = 0.89
)

type relevanceFile struct {
	Programme string `yaml:"programme"`
	Now       string `yaml:"now"`
	Queries   []struct {
		Kind string   `yaml:"kind"`
		Q    string   `yaml:"q"`
		Want []string `yaml:"want"`
	} `yaml:"queries"`
}

// relevanceCase is one query of the table.
type relevanceCase struct {
	programme, kind, q string
	want               []string
	now                time.Time
}

func loadRelevance(tb testing.TB) []relevanceCase {
	tb.Helper()
	files, err := filepath.Glob("testdata/relevance/*.yaml")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no relevance files: %v", err)
	}
	var out []relevanceCase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var rf relevanceFile
		if err := yaml.Unmarshal(data, &rf); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		now, err := time.Parse(time.RFC3339, rf.Now)
		if err != nil {
			tb.Fatalf("%s: now: %v", f, err)
		}
		for _, q := range rf.Queries {
			out = append(out, relevanceCase{programme: rf.Programme, kind: q.Kind, q: q.Q, want: q.Want, now: now})
		}
	}
	return out
}

type score struct {
	n               int
	at1, at3, recip float64
}

func (s *score) add(rank int) {
	s.n++
	if rank == 1 {
		s.at1++
	}
	if rank >= 1 && rank <= 3 {
		s.at3++
	}
	if rank > 0 {
		s.recip += 1 / float64(rank)
	}
}

func (s score) String() string {
	if s.n == 0 {
		return "–"
	}
	n := float64(s.n)
	return fmt.Sprintf("%.2f / %.2f / %.2f", s.at1/n, s.at3/n, s.recip/n)
}

func rankOf(ids []string, want []string) int {
	for i, id := range ids {
		if slices.Contains(want, id) {
			return i + 1
		}
	}
	return 0
}

// searchRank runs c through ParseQuery and Search, as /session does.
func searchRank(tb testing.TB, ix *Index, c relevanceCase) (int, Result) {
	tb.Helper()
	res, err := ix.Search(context.Background(), ParseQuery(c.q, c.now, ix.loc))
	if err != nil {
		tb.Fatalf("%s %q: %v", c.programme, c.q, err)
	}
	if c.kind == "nomatch" {
		if res.NoCloseMatch || res.Total == 0 {
			return 1, res
		}
		return 0, res
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.Session.ID)
	}
	return rankOf(ids, c.want), res
}

// baseline is a plain BM25 bleve index of one programme.
type baseline struct{ bi bleve.Index }

func newBaseline(tb testing.TB, ss []session.Session) baseline {
	tb.Helper()
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	bi, err := bleve.NewMemOnly(m)
	if err != nil {
		tb.Fatal(err)
	}
	b := bi.NewBatch()
	for _, s := range ss {
		body := strings.Join([]string{s.Subtitle, s.Abstract, s.Description}, "\n")
		if err := b.Index(s.ID, map[string]any{"title": s.Title, "abstract": body}); err != nil {
			tb.Fatal(err)
		}
	}
	if err := bi.Batch(b); err != nil {
		tb.Fatal(err)
	}
	return baseline{bi: bi}
}

func (b baseline) rank(tb testing.TB, c relevanceCase) int {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(c.q), 10, 0, false)
	res, err := b.bi.Search(req)
	if err != nil {
		tb.Fatal(err)
	}
	if c.kind == "nomatch" {
		if res.Total == 0 {
			return 1
		}
		return 0
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return rankOf(ids, c.want)
}

// TestRelevance scores the table for search and the baseline. Every kind
// must match or beat the baseline (success@3), the whole table must beat it
// clearly, and the table's totals must not fall below what search reaches
// today (minRelevance*).
func TestRelevance(t *testing.T) {
	cases := loadRelevance(t)
	ours, base := map[string]*score{}, map[string]*score{}
	var total, baseTotal, lexical score // lexical: all but concept queries
	baselines := map[string]baseline{}
	for _, c := range cases {
		ix := fixtures.get(t, c.programme)
		if _, ok := baselines[c.programme]; !ok {
			p := programmes[c.programme]
			baselines[c.programme] = newBaseline(t, parseProgramme(t, p.file, p.format, p.location(t)))
		}
		rank, res := searchRank(t, ix, c)
		brank := baselines[c.programme].rank(t, c)
		for _, m := range []map[string]*score{ours, base} {
			if m[c.kind] == nil {
				m[c.kind] = &score{}
			}
		}
		ours[c.kind].add(rank)
		base[c.kind].add(brank)
		total.add(rank)
		baseTotal.add(brank)
		if c.kind != "concept" {
			lexical.add(rank)
		}
		if *relevanceVerbose && rank != 1 {
			t.Logf("MISS %s/%s %q rank %d (baseline %d) want %v\n%s", c.programme, c.kind, c.q, rank, brank, c.want, describe(res.Hits))
		}
	}
	kinds := make([]string, 0, len(ours))
	for k := range ours {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "| kind | queries | search s@1 / s@3 / MRR | baseline s@1 / s@3 / MRR |\n|---|---|---|---|\n")
	for _, k := range kinds {
		fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", k, ours[k].n, ours[k], base[k])
		if ours[k].at3 < base[k].at3 {
			t.Errorf("kind %s: success@3 %.2f below the baseline's %.2f", k, ours[k].at3/float64(ours[k].n), base[k].at3/float64(base[k].n))
		}
	}
	fmt.Fprintf(&b, "| all | %d | %s | %s |\n", total.n, total, baseTotal)
	fmt.Fprintf(&b, "| all but concept | %d | %s | |\n", lexical.n, lexical)
	t.Logf("relevance:\n%s", b.String())
	n := float64(total.n)
	if total.at3/n < minRelevanceAt3 || total.at1/n < minRelevanceAt1 {
		t.Errorf("success@3 %.3f (want ≥ %.2f), success@1 %.3f (want ≥ %.2f)", total.at3/n, minRelevanceAt3, total.at1/n, minRelevanceAt1)
	}
	if total.at3 <= baseTotal.at3 {
		t.Errorf("search does not beat the baseline: success@3 %.0f vs %.0f", total.at3, baseTotal.at3)
	}
}
