package blocks_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/sessionbot/sessionbot/blockkit"
	"github.com/sessionbot/sessionbot/bot/blocks"
)

// checkMessage fails t unless Slack would accept m as an ephemeral ack
// payload and every mrkdwn text in it is safe (see markupProblem).
func checkMessage(t testing.TB, m blocks.Message) {
	t.Helper()
	if err := blockkit.Validate(m.Blocks); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	payload, err := json.Marshal(struct {
		ResponseType string `json:"response_type"`
		blocks.Message
	}{"ephemeral", m})
	if err != nil {
		t.Fatal(err)
	}
	if err := blockkit.ValidateMessage(payload); err != nil {
		t.Fatalf("ValidateMessage: %v", err)
	}
	if p := markupProblem(m.Text); p != "" {
		t.Errorf("fallback text %q: %s", m.Text, p)
	}
	checkMarkup(t, m.Blocks)
}

// checkMarkup fails t when a mrkdwn text in blocks has a markupProblem.
func checkMarkup(t testing.TB, blocks any) {
	t.Helper()
	data, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, text := range mrkdwnTexts(doc) {
		if p := markupProblem(text); p != "" {
			t.Errorf("mrkdwn %q: %s", text, p)
		}
	}
}

func mrkdwnTexts(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		if v["type"] == "mrkdwn" {
			text, _ := v["text"].(string)
			return []string{text}
		}
		for _, c := range v {
			out = append(out, mrkdwnTexts(c)...)
		}
	case []any:
		for _, c := range v {
			out = append(out, mrkdwnTexts(c)...)
		}
	}
	return out
}

var dateToken = regexp.MustCompile(`<!date\^-?\d+\^[^|<>]*\|[^<>|]*>`)

// markupProblem says what is unsafe in text: a < or > outside a date token,
// an & that starts no entity, a code span left open, or a star outside code
// that does not open or close bold the way Slack wants (no word character
// outside the stars, one inside).
func markupProblem(text string) string {
	rest := dateToken.ReplaceAllString(text, "")
	if strings.ContainsAny(rest, "<>") {
		return "unescaped < or >"
	}
	for i, c := range rest {
		if c == '&' && !hasEntity(rest[i:]) {
			return fmt.Sprintf("bare & at %d", i)
		}
	}
	for _, line := range strings.Split(rest, "\n") {
		if strings.Count(line, "`")%2 != 0 {
			return "code span left open"
		}
		if p := boldProblem([]rune(codeSpan.ReplaceAllString(line, "code"))); p != "" {
			return p
		}
	}
	return ""
}

// codeSpan matches inline code, inside which Slack shows stars as they are.
var codeSpan = regexp.MustCompile("`[^`]*`")

func hasEntity(s string) bool {
	return strings.HasPrefix(s, "&amp;") || strings.HasPrefix(s, "&lt;") || strings.HasPrefix(s, "&gt;")
}

func boldProblem(rs []rune) string {
	open := false
	for i, r := range rs {
		if r != '*' {
			continue
		}
		before, after := wordAt(rs, i-1), wordAt(rs, i+1)
		switch {
		case !open && (before || !after):
			return fmt.Sprintf("star at %d cannot open bold", i)
		case open && (!before || after):
			return fmt.Sprintf("star at %d cannot close bold", i)
		}
		open = !open
	}
	if open {
		return "bold left open"
	}
	return ""
}

func wordAt(rs []rune, i int) bool {
	if i < 0 || i >= len(rs) {
		return false
	}
	r := rs[i]
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
