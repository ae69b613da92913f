package blocks_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/index"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// golden compares v, as indented JSON, with testdata/name.golden.json.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func TestCardGolden(t *testing.T) {
	loc := brussels(t)
	full := fullSession(t)
	snippet := "…used internally (service accounts) and externally (user secrets). They are stored base64-encoded…"
	tests := []struct {
		name string
		msg  blocks.Message
	}{
		{"card_full", blocks.Message{Text: "full", Blocks: blocks.Card(full, blocks.Highlight{}, loc)}},
		{"card_full_highlight", blocks.Message{Text: "hl", Blocks: blocks.Card(full, blocks.Highlight{
			TitleMarks:   marks(full.Title, "Kubernetes", "Secrets"),
			Snippet:      snippet,
			SnippetMarks: marks(snippet, "secrets", "base64"),
		}, loc)}},
		{"card_bare", blocks.Message{Text: "bare", Blocks: blocks.Card(bareSession(), blocks.Highlight{}, loc)}},
		{"card_hostile", blocks.Message{Text: "hostile", Blocks: blocks.Card(hostileSession(), blocks.Highlight{}, loc)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkMessage(t, tt.msg)
			golden(t, tt.name, tt.msg.Blocks)
		})
	}
}

func TestMessageGolden(t *testing.T) {
	loc := brussels(t)
	sessions := manySessions(t, 25)
	hits := func(from, n int) []index.Hit {
		var out []index.Hit
		for _, s := range sessions[from : from+n] {
			out = append(out, index.Hit{Session: s, TitleMarks: marks(s.Title, "Go", "Kubernetes"), Snippet: index.Snippet{
				Text: s.Abstract, Marks: marks(s.Abstract, "Go", "Kubernetes"),
			}})
		}
		return out
	}
	q := index.Query{Raw: "go & <kubernetes>", Terms: []string{"go", "kubernetes"}}
	noisy := q
	noisy.Notices = []string{`Ignored "zzz:": unknown filter.`, "Your search was cut to 500 characters."}
	tests := []struct {
		name string
		msg  blocks.Message
	}{
		{"results_first_page", blocks.SearchResults(q, index.Result{Total: 12, Hits: hits(0, 5)}, loc, 5)},
		{"results_last_page", blocks.SearchResults(withFrom(q, 10), index.Result{Total: 12, Hits: hits(10, 2)}, loc, 5)},
		{"results_notices", blocks.SearchResults(noisy, index.Result{Total: 1, Hits: hits(0, 1), Notices: noisy.Notices}, loc, 5)},
		{"no_results", blocks.NoResults(noisy, index.Result{Notices: noisy.Notices})},
		{"no_results_day", blocks.NoResults(withRaw(q, "day:sat kubernetes"), index.Result{Notices: dayNotices})},
		{"results_no_close_match", blocks.SearchResults(noisy, index.Result{Total: 3, Hits: hits(0, 3), Notices: noisy.Notices, NoCloseMatch: true}, loc, 5)},
		{"no_close_match", blocks.NoResults(q, index.Result{NoCloseMatch: true})},
		{"help", blocks.Help([]string{"track:Security", "speaker:vargo", "day:tomorrow kubernetes"})},
		{"session_list", blocks.SessionList("Happening now", sessions, loc)},
		{"room_post", blocks.RoomPost(fullSession(t), fullSession(t).Start.Add(-5*time.Minute), loc, "https://stream.example.org/{room}")},
		{"room_post_hostile", blocks.RoomPost(hostileSession(), hostileSession().Start.Add(-5*time.Minute), loc, "https://stream.example.org/{room}")},
		{"day_digest", blocks.DayDigest("DevConf <2026> & *friends*", sessions[0].Start, sessions, loc)},
		{"notice", blocks.Notice("Only admins can run `/session sync`.\n<@U1> & *co*.")},
		{"noticef", blocks.Noticef("I don't know `/session %s` <yet>. Try `/session help`.", "*x* <!channel>")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkMessage(t, tt.msg)
			golden(t, tt.name, tt.msg)
		})
	}
}

// marks returns the byte ranges of the first occurrence of each word in text.
func marks(text string, words ...string) [][2]int {
	var out [][2]int
	for _, w := range words {
		if i := strings.Index(text, w); i >= 0 {
			out = append(out, [2]int{i, i + len(w)})
		}
	}
	return out
}

func withFrom(q index.Query, from int) index.Query {
	q.From = from
	return q
}

func withRaw(q index.Query, raw string) index.Query {
	q.Raw = raw
	return q
}
