package fakeslack_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/fakeslack"
)

func TestHistoryWithMetadata(t *testing.T) {
	clock := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	srv := fakeslack.New(t, fakeslack.WithNow(func() time.Time { return clock }))
	api := newAPI(srv)
	ctx := testCtx(t)
	ch, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U0ALICE"}})
	if err != nil {
		t.Fatal(err)
	}
	seeded := srv.AddMessage(ch.ID, "from before", []byte(`{"event_type":"x","event_payload":{"key":"old"}}`))
	var posted []string
	for i := range 3 {
		_, ts, err := api.PostMessageContext(ctx, ch.ID, slack.MsgOptionText(fmt.Sprintf("m%d", i), false),
			slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "sessionbot_reminder", EventPayload: map[string]any{"key": strconv.Itoa(i)}}))
		if err != nil {
			t.Fatal(err)
		}
		posted = append(posted, ts)
	}
	if _, _, err := api.PostMessageContext(ctx, "C0OTHER", slack.MsgOptionText("elsewhere", false)); err != nil {
		t.Fatal(err)
	}
	if seeded[:10] != strconv.FormatInt(clock.Unix(), 10) {
		t.Errorf("ts %s does not follow the injected clock", seeded)
	}

	h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
		ChannelID: ch.ID, Oldest: seeded, Limit: 2, IncludeAllMetadata: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Messages) != 2 || !h.HasMore || h.Messages[0].Timestamp != posted[2] || h.Messages[1].Timestamp != posted[1] {
		t.Fatalf("first page: %+v", h)
	}
	if md := h.Messages[0].Metadata; md.EventType != "sessionbot_reminder" || md.EventPayload["key"] != "2" {
		t.Errorf("metadata %+v", md)
	}
	h, err = api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
		ChannelID: ch.ID, Oldest: seeded, Limit: 2, Cursor: h.ResponseMetaData.NextCursor})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Messages) != 1 || h.HasMore || h.Messages[0].Timestamp != posted[0] || h.Messages[0].Metadata.EventType != "" {
		t.Errorf("second page (no metadata asked for): %+v", h)
	}
	if got := srv.History("U0ALICE"); len(got) != 4 || got[0].Text != "from before" {
		t.Errorf("History: %v", got)
	}
	if _, _, err := api.PostMessageContext(ctx, ch.ID, slack.MsgOptionText("x", false), slack.MsgOptionMetadata(slack.SlackMetadata{})); err == nil || err.Error() != "invalid_metadata_format" {
		t.Errorf("metadata without event_type: %v", err)
	}
}
