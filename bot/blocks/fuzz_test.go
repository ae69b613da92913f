package blocks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
)

// FuzzCard renders random sessions and marks: the card, and search pages
// whose query is the title, must always be a valid, safe message.
func FuzzCard(f *testing.F) {
	h := hostileSession()
	f.Add("Base64 is not encryption", "Secrets are a key pillar.", "Seth Vargo", "https://example.org/t", "k8s", 0, 6, 0, 7)
	f.Add(h.Title, h.Abstract, h.Speakers[0].Name, h.URL, h.ID, 3, 40, -5, 900)
	f.Add("*bold* _it_ ~s~ `c` &amp; <!here>", "> quote\n\t\x00ctl", "<@U1>", "http://[::1]/", "", 1, 5, 2, 3)
	f.Add("café_crème 🎉 x", "é\xffé", "", "HTTP://X", strings.Repeat("é", 300), 2, 3, 1, 2)
	f.Fuzz(func(t *testing.T, title, abstract, speaker, url, id string, t0, t1, s0, s1 int) {
		s := session.Session{
			ID: id, Title: title, Abstract: abstract, URL: url, Room: speaker, Track: title,
			Speakers: []session.Speaker{{Name: speaker, Company: abstract}},
			Start:    time.Unix(1795856400, 0), End: time.Unix(1795859100, 0),
		}
		for _, hl := range []blocks.Highlight{
			{},
			{TitleMarks: [][2]int{{t0, t1}, {s0, s1}}, Snippet: abstract, SnippetMarks: [][2]int{{s0, s1}, {t0, t1}}},
		} {
			bs := blocks.Card(s, hl, time.UTC)
			checkMessage(t, blocks.Message{Text: "x", Blocks: bs})
			hit := index.Hit{Session: s, TitleMarks: hl.TitleMarks, Snippet: index.Snippet{Text: hl.Snippet, Marks: hl.SnippetMarks}}
			q := index.Query{Raw: title, Notices: []string{abstract}}
			checkMessage(t, blocks.SearchResults(q, index.Result{Total: 7, Hits: []index.Hit{hit}}, time.UTC, 5))
			checkMessage(t, blocks.SearchResults(q, index.Result{Total: 1, Hits: []index.Hit{hit}, NoCloseMatch: true}, time.UTC, 5))
			checkMessage(t, blocks.SessionList(title, []session.Session{s}, nil))
		}
		checkMessage(t, blocks.Help([]string{title, abstract}))
		checkMessage(t, blocks.Noticef("Unknown command `%s`. Try *help* %v.", title, abstract))
		checkMessage(t, blocks.NoResults(index.Query{Raw: title}, index.Result{Notices: []string{abstract}}))
		checkMessage(t, blocks.NoResults(index.Query{Raw: title}, index.Result{NoCloseMatch: true}))
		if got := blocks.Truncate(blocks.Escape(title), t0%200); strings.Contains(got, "&") && markupProblem(got) != "" {
			t.Errorf("Truncate split an entity: %q", got)
		}
	})
}
