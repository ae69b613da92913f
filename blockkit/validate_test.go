package blockkit_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/blockkit"
)

func mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, false)
}

func plain(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, text, false, false)
}

func section(text string) slack.Block {
	return slack.NewSectionBlock(mrkdwn(text), nil, nil)
}

func button(actionID, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, plain("Go"))
}

// good is a message using every block kind the bot sends.
func good() []slack.Block {
	details := button("session.details", "")
	details.URL = "https://example.org/talk"
	return []slack.Block{
		slack.NewHeaderBlock(plain("Happening now")),
		slack.NewContextBlock("", mrkdwn("a notice")),
		section("*Title*\nSpeaker · Company"),
		slack.NewActionBlock("s:1", button("session.remind", "1"), details),
		slack.NewDividerBlock(),
		section("second"),
		slack.NewActionBlock("s:2", button("session.remind", "2")),
	}
}

func sections(n int) []slack.Block {
	out := make([]slack.Block, n)
	for i := range out {
		out[i] = section("x")
	}
	return out
}

func TestValidate(t *testing.T) {
	badURL := button("a", "")
	badURL.URL = "not a url"
	tests := []struct {
		name   string
		blocks any
		ok     bool
	}{
		{"good message", good(), true},
		{"section text of 3000 chars", []slack.Block{section(strings.Repeat("é", 3000))}, true},
		{"section text of 3001 chars", []slack.Block{section(strings.Repeat("é", 3001))}, false},
		{"50 blocks", sections(50), true},
		{"51 blocks", sections(51), false},
		{"no blocks", []slack.Block{}, false},
		{"not an array", map[string]string{"type": "section"}, false},
		{"duplicate block_id", []slack.Block{
			slack.NewActionBlock("s:1", button("a", "1")),
			slack.NewActionBlock("s:1", button("a", "2")),
		}, false},
		{"same action_id in two blocks", []slack.Block{
			slack.NewActionBlock("s:1", button("a", "1")),
			slack.NewActionBlock("s:2", button("a", "2")),
		}, true},
		{"duplicate action_id in one block", []slack.Block{
			slack.NewActionBlock("s:1", button("a", "1"), button("a", "2")),
		}, false},
		{"header with mrkdwn", []slack.Block{slack.NewHeaderBlock(mrkdwn("*hi*"))}, false},
		{"header of 151 chars", []slack.Block{slack.NewHeaderBlock(plain(strings.Repeat("h", 151)))}, false},
		{"empty section text", []slack.Block{section("")}, false},
		{"button value of 2001 chars", []slack.Block{slack.NewActionBlock("", button("a", strings.Repeat("v", 2001)))}, false},
		{"relative button url", []slack.Block{slack.NewActionBlock("", badURL)}, false},
		{"unknown block type", json.RawMessage(`[{"type":"sparkle"}]`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := blockkit.Validate(tt.blocks)
			if tt.ok && err != nil {
				t.Errorf("Validate: %v", err)
			}
			if !tt.ok && err == nil {
				t.Error("Validate passed, want an error")
			}
		})
	}
}

func TestValidateView(t *testing.T) {
	home := func(n int) slack.HomeTabViewRequest {
		return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: sections(n)}}
	}
	if err := blockkit.ValidateView(home(100)); err != nil {
		t.Errorf("home view with 100 blocks: %v", err)
	}
	if err := blockkit.ValidateView(home(101)); err == nil {
		t.Error("home view with 101 blocks passed")
	}
	dup := home(0)
	dup.Blocks.BlockSet = []slack.Block{
		slack.NewActionBlock("x", button("a", "1")),
		slack.NewActionBlock("x", button("a", "1")),
	}
	if err := blockkit.ValidateView(dup); err == nil {
		t.Error("home view with a duplicate block_id passed")
	}
	if err := blockkit.ValidateView(map[string]any{"type": "dashboard"}); err == nil {
		t.Error("unknown view type passed")
	}
}

func TestValidateMessage(t *testing.T) {
	blocks, err := json.Marshal(good())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		payload string
		ok      bool
	}{
		{"ack payload", `{"response_type":"ephemeral","text":"3 sessions","blocks":` + string(blocks) + `}`, true},
		{"text only", `{"text":"hello"}`, true},
		{"blocks without text", `{"blocks":` + string(blocks) + `}`, false},
		{"neither", `{"response_type":"in_channel"}`, false},
		{"text not a string", `{"text":3}`, false},
		{"unknown response_type", `{"response_type":"everyone","text":"hi"}`, false},
		{"invalid block", `{"text":"hi","blocks":[{"type":"header","text":{"type":"mrkdwn","text":"x"}}]}`, false},
		{"not json", `{"text":`, false},
		{"not an object", `["text"]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := blockkit.ValidateMessage([]byte(tt.payload))
			if tt.ok && err != nil {
				t.Errorf("ValidateMessage: %v", err)
			}
			if !tt.ok && err == nil {
				t.Error("ValidateMessage passed, want an error")
			}
		})
	}
}

func TestValidateNamesTheBlock(t *testing.T) {
	err := blockkit.Validate([]slack.Block{section("ok"), section(strings.Repeat("x", 3001))})
	if err == nil || !strings.Contains(err.Error(), "block 1 (section)") {
		t.Errorf("Validate = %v, want it to name block 1 (section)", err)
	}
}
