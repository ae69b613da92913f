package blocks_test

import (
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
)

// sectionText is the mrkdwn of the section block b.
func sectionText(t *testing.T, b slack.Block) string {
	t.Helper()
	s, ok := b.(*slack.SectionBlock)
	if !ok || s.Text == nil {
		t.Fatalf("block is %T, want a section with text", b)
	}
	return s.Text.Text
}

func buttons(t *testing.T, bs []slack.Block) (string, []*slack.ButtonBlockElement) {
	t.Helper()
	if len(bs) < 2 {
		return "", nil
	}
	a, ok := bs[len(bs)-1].(*slack.ActionBlock)
	if !ok {
		t.Fatalf("last block is %T, want actions", bs[len(bs)-1])
	}
	var out []*slack.ButtonBlockElement
	for _, e := range a.Elements.ElementSet {
		out = append(out, e.(*slack.ButtonBlockElement))
	}
	return a.BlockID, out
}

func TestCardTitleMarks(t *testing.T) {
	tests := []struct {
		name, title string
		marks       [][2]int
		want        string
	}{
		{"no marks bolds the title", "Kubernetes Secrets", nil, "*Kubernetes Secrets*"},
		{"whole words", "Kubernetes Secrets", [][2]int{{11, 18}}, "Kubernetes *Secrets*"},
		{"part of a word widens", "Kubernetes Secrets", [][2]int{{0, 5}}, "*Kubernetes* Secrets"},
		{"trailing punctuation stays out", "Kubernetes' secrets", [][2]int{{0, 11}}, "*Kubernetes*' secrets"},
		{"parentheses stay out", "Secrets (k8s)", [][2]int{{8, 13}}, "Secrets (*k8s*)"},
		{"overlapping marks merge", "Kubernetes Secrets", [][2]int{{0, 12}, {5, 18}}, "*Kubernetes Secrets*"},
		{"marks joined by a hyphen merge", "foo-bar baz", [][2]int{{0, 3}, {4, 7}}, "*foo-bar* baz"},
		{"marks apart stay apart", "foo bar baz", [][2]int{{8, 11}, {0, 3}}, "*foo* bar *baz*"},
		{"out of range marks are ignored", "Kubernetes", [][2]int{{-1, 3}, {5, 100}, {4, 2}}, "*Kubernetes*"},
		{"mark inside a rune", "café bar", [][2]int{{0, 4}}, "*café* bar"},
		{"punctuation-only mark is ignored", "Go!!! now", [][2]int{{2, 5}}, "*Go!!! now*"},
		{"literal stars cannot pair up", "*bold* move", [][2]int{{1, 5}}, "∗*bold*∗ move"},
		{"underscores belong to the word", "snake_case names", [][2]int{{6, 10}}, "*snakeˍcase* names"},
		{"entities next to a mark", "Q&A <b>", [][2]int{{0, 1}}, "*Q*&amp;A &lt;b&gt;"},
		{"empty title", "", nil, "*Untitled session*"},
		{"invisible title", "\x00\x01 ", nil, "*Untitled session*"},
		{"marks index the title as given", "  Go  and  Rust ", [][2]int{{11, 15}}, "  Go  and  *Rust* "},
		{"quote at the start", "> not a quote", nil, "\u00ad&gt; *not a quote*"},
		{"quote after invisible characters", "\x00 > x", [][2]int{{4, 5}}, " \u00ad&gt; *x*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs := blocks.Card(session.Session{ID: "x", Title: tt.title}, blocks.Highlight{TitleMarks: tt.marks}, nil)
			checkMarkup(t, bs)
			got, _, _ := strings.Cut(sectionText(t, bs[0]), "\n")
			if got != tt.want {
				t.Errorf("title line = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCardHostile(t *testing.T) {
	s := hostileSession()
	bs := blocks.Card(s, blocks.Highlight{}, brussels(t))
	checkMessage(t, blocks.Message{Text: "x", Blocks: bs})
	text := sectionText(t, bs[0])
	for _, ping := range []string{"<!channel>", "<!here>", "<@U", "<#C", "<https://"} {
		if strings.Contains(text, ping) {
			t.Errorf("card text contains %q", ping)
		}
	}
	id, bts := buttons(t, bs)
	if n := utf8.RuneCountInString(id); n > 255 || !strings.HasPrefix(id, "s:id-id-") {
		t.Errorf("block_id %q (%d runes), want a prefix of s:+ID within 255", id, n)
	}
	if len(bts) != 1 || bts[0].ActionID != blocks.ActionRemind || bts[0].Value != s.ID {
		t.Errorf("buttons = %+v, want only Remind me with the session ID (no javascript: link)", bts)
	}
}

func TestCardButtons(t *testing.T) {
	tests := []struct {
		name, id, url string
		wantRemind    bool
		wantURL       string
	}{
		{"both", "a", "https://example.org/t", true, "https://example.org/t"},
		{"upper-case scheme", "a", "HTTP://example.org/t", true, "http://example.org/t"},
		{"space in path", "a", "https://example.org/a talk", true, "https://example.org/a%20talk"},
		{"ftp", "a", "ftp://example.org/t", true, ""},
		{"relative", "a", "/talks/t", true, ""},
		{"no host", "a", "https:///t", true, ""},
		{"bad ipv6", "a", "http://::1/", true, ""},
		{"ipv6", "a", "http://[::1]:8080/", true, "http://[::1]:8080/"},
		{"no ID", "", "https://example.org/t", false, "https://example.org/t"},
		{"ID too long for a value", strings.Repeat("x", 2001), "", false, ""},
		{"nothing", "", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs := blocks.Card(session.Session{ID: tt.id, Title: "T", URL: tt.url}, blocks.Highlight{}, nil)
			checkMessage(t, blocks.Message{Text: "x", Blocks: bs})
			_, bts := buttons(t, bs)
			var remind bool
			var url string
			for _, b := range bts {
				remind = remind || (b.ActionID == blocks.ActionRemind && b.Value == tt.id)
				if b.ActionID == blocks.ActionDetails {
					url = b.URL
				}
			}
			if remind != tt.wantRemind || url != tt.wantURL {
				t.Errorf("remind %v, url %q; want %v, %q", remind, url, tt.wantRemind, tt.wantURL)
			}
		})
	}
}

// TestCardLongIDsStayDistinct: two IDs that share their first 255 runes
// still get different block_ids, so one message can hold both.
func TestCardLongIDsStayDistinct(t *testing.T) {
	long := strings.Repeat("x", 300)
	var bs []slack.Block
	for _, id := range []string{long + "1", long + "2"} {
		bs = append(bs, blocks.Card(session.Session{ID: id, Title: "T"}, blocks.Highlight{}, nil)...)
	}
	checkMessage(t, blocks.Message{Text: "x", Blocks: bs})
}

func TestCardSpeakers(t *testing.T) {
	s := session.Session{ID: "x", Title: "T", Speakers: []session.Speaker{
		{Name: "Ada", Company: "A & B"}, {Name: "Bob", Company: "A & B"}, {Name: "Cy"},
	}}
	got := strings.Split(sectionText(t, blocks.Card(s, blocks.Highlight{}, nil)[0]), "\n")[1]
	if want := "Ada, Bob, Cy · A &amp; B"; got != want {
		t.Errorf("speaker line = %q, want %q", got, want)
	}
}

func TestCardRealProgramme(t *testing.T) {
	data, err := os.ReadFile("testdata/sessionize-all_scottish-summit-2026.json")
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	res, err := session.Parse(data, session.Options{Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != 61 {
		t.Errorf("parsed %d sessions, want 61", len(res.Sessions))
	}
	for _, s := range res.Sessions {
		checkMessage(t, blocks.Message{Text: s.ID, Blocks: blocks.Card(s, blocks.Highlight{}, loc)})
	}
	checkMessage(t, blocks.SessionList("Saturday", res.Sessions, loc))
}
