package fakeslack_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// slackCode is the error code of a Slack error answer, or "".
func slackCode(err error) string {
	var e slack.SlackErrorResponse
	if errors.As(err, &e) {
		return e.Err
	}
	return ""
}

func TestChannelHistoryPages(t *testing.T) {
	srv := fakeslack.New(t)
	api := newAPI(srv)
	ctx := testCtx(t)
	const ch = "C0ANNOUNCE1"
	for i := range 40 {
		_, _, err := api.PostMessageContext(ctx, ch, slack.MsgOptionText(fmt.Sprintf("m%02d", i), false),
			slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "e", EventPayload: map[string]any{"key": i}}))
		if err != nil {
			t.Fatal(err)
		}
	}
	params := &slack.GetConversationHistoryParameters{ChannelID: ch, Limit: 200, IncludeAllMetadata: true}
	var got []string
	pages := 0
	for {
		h, err := api.GetConversationHistoryContext(ctx, params)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(h.Messages) > 15 {
			t.Fatalf("page of %d messages; an app outside the Marketplace gets at most 15", len(h.Messages))
		}
		for _, m := range h.Messages {
			got = append(got, m.Text)
			if m.Metadata.EventType != "e" {
				t.Fatalf("message %s without its metadata", m.Text)
			}
		}
		if !h.HasMore {
			break
		}
		params.Cursor = h.ResponseMetaData.NextCursor
	}
	if pages != 3 || len(got) != 40 || got[0] != "m39" || got[39] != "m00" {
		t.Errorf("%d pages, %d messages (%v…), want 3 pages of the 40 newest first", pages, len(got), got[:min(3, len(got))])
	}
	params.Cursor = "not-a-cursor"
	if _, err := api.GetConversationHistoryContext(ctx, params); slackCode(err) != "invalid_cursor" {
		t.Errorf("bad cursor: %v, want invalid_cursor", err)
	}
	if _, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: ch, Oldest: "yesterday"}); slackCode(err) != "invalid_ts_oldest" {
		t.Errorf("bad oldest: %v, want invalid_ts_oldest", err)
	}
}

func TestChannelAccess(t *testing.T) {
	srv := fakeslack.New(t, fakeslack.WithChannels(
		fakeslack.Channel{ID: "C0OUTSIDE1"},
		fakeslack.Channel{ID: "C0SECRET01", Private: true},
		fakeslack.Channel{ID: "C0PRIVATE1", Private: true, Member: true},
		fakeslack.Channel{ID: "C0ARCHIVE1", Member: true, Archived: true},
	), fakeslack.WithScopes("chat:write", "channels:history"))
	api := newAPI(srv)
	ctx := testCtx(t)
	for _, tc := range []struct{ channel, post, history string }{
		{"C0OUTSIDE1", "not_in_channel", "not_in_channel"},
		{"C0SECRET01", "channel_not_found", "missing_scope"},
		{"C0PRIVATE1", "", "missing_scope"},
		{"C0ARCHIVE1", "is_archived", ""},
		{"C0ANYWHERE", "", ""},
	} {
		_, _, err := api.PostMessageContext(ctx, tc.channel, slack.MsgOptionText("hi", false))
		if got := slackCode(err); got != tc.post {
			t.Errorf("post to %s: %v, want %q", tc.channel, err, tc.post)
		}
		_, err = api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: tc.channel})
		if got := slackCode(err); got != tc.history {
			t.Errorf("history of %s: %v, want %q", tc.channel, err, tc.history)
		}
	}
	resp, err := http.PostForm(srv.APIURL()+"conversations.history", url.Values{"token": {fakeslack.BotToken}, "channel": {"C0PRIVATE1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Error, Needed, Provided string
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.Error != "missing_scope" || body.Needed != "groups:history" || body.Provided != "chat:write,channels:history" {
		t.Errorf("missing_scope answer %+v, want needed groups:history and the scopes provided", body)
	}
}
