package blocks_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/index"
)

func hitsFor(t *testing.T, n int) []index.Hit {
	var out []index.Hit
	for _, s := range manySessions(t, n) {
		out = append(out, index.Hit{Session: s})
	}
	return out
}

// moreButton is the Next button of m, or nil.
func moreButton(m blocks.Message) *slack.ButtonBlockElement {
	for _, b := range m.Blocks {
		if a, ok := b.(*slack.ActionBlock); ok && a.BlockID == "more" {
			return a.Elements.ElementSet[0].(*slack.ButtonBlockElement)
		}
	}
	return nil
}

func TestSearchResultsPaging(t *testing.T) {
	tests := []struct {
		name      string
		from      int
		total     uint64
		hits      int
		pageSize  int
		wantCards int
		wantNext  string // "" for no button
		wantFrom  int
	}{
		{"first page", 0, 12, 5, 5, 5, "Next 5", 5},
		{"middle page", 5, 12, 5, 5, 5, "Next 2", 10},
		{"last page", 10, 12, 2, 5, 2, "", 0},
		{"index returned more than a page", 0, 30, 10, 5, 5, "Next 5", 5},
		{"page size 0 means 5", 0, 30, 10, 0, 5, "Next 5", 5},
		{"page size capped so blocks stay under 50", 0, 100, 100, 100, 15, "Next 15", 15},
		{"single hit", 0, 1, 1, 5, 1, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := index.Query{Raw: "kubernetes secrets", From: tt.from}
			m := blocks.SearchResults(q, index.Result{Total: tt.total, Hits: hitsFor(t, tt.hits)}, nil, tt.pageSize)
			checkMessage(t, m)
			if cards := countActions(m) - boolInt(moreButton(m) != nil); cards != tt.wantCards {
				t.Errorf("%d cards, want %d", cards, tt.wantCards)
			}
			b := moreButton(m)
			if tt.wantNext == "" {
				if b != nil {
					t.Errorf("Next button %q on the last page", b.Text.Text)
				}
				return
			}
			if b == nil || b.Text.Text != tt.wantNext || b.ActionID != blocks.ActionMore {
				t.Fatalf("Next button = %+v, want %q", b, tt.wantNext)
			}
			tok, err := blocks.DecodePageToken(b.Value)
			if want := (blocks.PageToken{Query: q.Raw, From: tt.wantFrom}); err != nil || tok != want {
				t.Errorf("token = %+v, %v; want %+v", tok, err, want)
			}
		})
	}
}

func countActions(m blocks.Message) int {
	n := 0
	for _, b := range m.Blocks {
		if _, ok := b.(*slack.ActionBlock); ok {
			n++
		}
	}
	return n
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestSearchResultsSummary(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		total uint64
		hits  int
		want  string
	}{
		{"plural", "kubernetes", 2, 2, "2 sessions match *kubernetes*"},
		{"singular", "kubernetes", 1, 1, "1 session matches *kubernetes*"},
		{"a page of many", "go", 12, 5, "12 sessions match *go* · showing 1–5"},
		{"mentions escaped", "<!channel> & *x*", 1, 1, "1 session matches &lt;!*channel&gt; &amp; ∗x*∗"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := blocks.SearchResults(index.Query{Raw: tt.raw}, index.Result{Total: tt.total, Hits: hitsFor(t, tt.hits)}, nil, 5)
			checkMessage(t, m)
			if got := sectionText(t, m.Blocks[0]); got != tt.want {
				t.Errorf("summary = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSearchResultsEdges(t *testing.T) {
	q := index.Query{Raw: "go", Notices: []string{"cut", "cut", "<!here>"}}
	dup := hitsFor(t, 2)
	dup = append(dup, dup[0])
	m := blocks.SearchResults(q, index.Result{Total: 3, Hits: dup, Notices: q.Notices}, nil, 5)
	checkMessage(t, m)
	if n := countActions(m); n != 2 {
		t.Errorf("%d cards for a session listed twice, want 2", n)
	}
	notices := m.Blocks[1].(*slack.ContextBlock).ContextElements.Elements[0].(*slack.TextBlockObject).Text
	if notices != "cut\n&lt;!here&gt;" {
		t.Errorf("notices = %q, want each once, escaped", notices)
	}

	stale := blocks.SearchResults(index.Query{Raw: "go", From: 10}, index.Result{Total: 3}, nil, 5)
	checkMessage(t, stale)
	if got := sectionText(t, stale.Blocks[0]); !strings.HasPrefix(got, "No more sessions") {
		t.Errorf("page past the end says %q", got)
	}
	none := blocks.SearchResults(index.Query{Raw: "zzz"}, index.Result{}, nil, 5)
	got, _ := json.Marshal(none)
	want, _ := json.Marshal(blocks.NoResults(index.Query{Raw: "zzz"}, index.Result{}))
	if string(got) != string(want) {
		t.Errorf("no hits = %s, want NoResults %s", got, want)
	}
}

func TestNoResults(t *testing.T) {
	for _, raw := range []string{"zzz", "", strings.Repeat("🎉<", 250)} {
		m := blocks.NoResults(index.Query{Raw: raw, Notices: []string{"Ignored day:someday."}}, index.Result{})
		checkMessage(t, m)
		if !strings.Contains(sectionText(t, m.Blocks[1]), "/session help") {
			t.Errorf("NoResults(%q) does not point to help", raw)
		}
	}
}

// dayNotices are what the index says about a day: the programme lacks.
var dayNotices = []string{
	"day:sat — the programme has no Saturday.",
	"The programme's days: Thu 27 Nov 2026 (day:1), Fri 28 Nov 2026 (day:2).",
}

func TestSearchResultsNoCloseMatch(t *testing.T) {
	tests := []struct {
		name      string
		res       index.Result
		wantFirst string
		wantCards int
		wantHint  bool
	}{
		{"the closest few", index.Result{Total: 3, Hits: hitsFor(t, 3), NoCloseMatch: true},
			"No close matches for *zorbl quux*. The closest:", 3, false},
		{"a page's worth claimed", index.Result{Total: 12, Hits: hitsFor(t, 3), NoCloseMatch: true},
			"No close matches for *zorbl quux*. The closest:", 3, false},
		{"nothing even close", index.Result{NoCloseMatch: true}, "No close matches for *zorbl quux*.", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := blocks.SearchResults(index.Query{Raw: "zorbl quux"}, tt.res, nil, 5)
			checkMessage(t, m)
			if got := sectionText(t, m.Blocks[0]); got != tt.wantFirst {
				t.Errorf("first section = %q, want %q", got, tt.wantFirst)
			}
			if b := moreButton(m); b != nil {
				t.Errorf("Next button %q under no close match", b.Text.Text)
			}
			if n := countActions(m); n != tt.wantCards {
				t.Errorf("%d cards, want %d", n, tt.wantCards)
			}
			if hint := strings.Contains(string(mustJSON(t, m)), "/session help"); hint != tt.wantHint {
				t.Errorf("hint line shown = %v, want %v", hint, tt.wantHint)
			}
			if strings.Contains(m.Text, "match ") {
				t.Errorf("fallback text %q counts matches", m.Text)
			}
		})
	}
}

// TestSearchResultsShowDayNotices: a day: the programme lacks finds
// nothing, and the answer lists the programme's days, whether or not the
// query had notices of its own.
func TestSearchResultsShowDayNotices(t *testing.T) {
	q := index.Query{Raw: "day:sat kubernetes", Notices: []string{"Your search was cut to 500 characters."}}
	res := index.Result{Notices: append(slices.Clone(q.Notices), dayNotices...)}
	for name, m := range map[string]blocks.Message{
		"SearchResults": blocks.SearchResults(q, res, nil, 5),
		"NoResults":     blocks.NoResults(q, res),
	} {
		checkMessage(t, m)
		last := m.Blocks[len(m.Blocks)-1].(*slack.ContextBlock).ContextElements.Elements[0].(*slack.TextBlockObject).Text
		want := "Your search was cut to 500 characters.\nday:sat — the programme has no Saturday.\n" +
			"The programme's days: Thu 27 Nov 2026 (day:1), Fri 28 Nov 2026 (day:2)."
		if last != want {
			t.Errorf("%s notices = %q, want %q", name, last, want)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
