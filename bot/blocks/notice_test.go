package blocks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

func TestNoticefToken(t *testing.T) {
	when := blocks.Date(time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC), time.UTC)
	m := blocks.Noticef("%s ended %s; %s", "<!channel> *x*", blocks.Token(when), "<not a token>")
	checkMessage(t, m)
	text := m.Blocks[0].(*slack.SectionBlock).Text.Text
	if !strings.Contains(text, " ended "+when+";") {
		t.Errorf("the date token was not inserted as is: %s", text)
	}
	if strings.Contains(text, "<!channel>") || strings.Contains(text, "<not a token>") {
		t.Errorf("user text was not escaped: %s", text)
	}
}
