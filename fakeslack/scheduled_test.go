package fakeslack_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/fakeslack"
)

func postAt(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// TestScheduleMessageDelivers schedules a DM by user ID and moves the clock:
// nothing is posted before post_at, the message is in the DM's history at
// its second after it, listed until then and not after.
func TestScheduleMessageDelivers(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	clock := fakeslack.NewClock(t0)
	srv := fakeslack.New(t, fakeslack.WithClock(clock))
	api := newAPI(srv)
	ctx := testCtx(t)
	due := t0.Add(10 * time.Minute)
	ch, id, err := api.ScheduleMessageContext(ctx, "U0ALICE", postAt(due), slack.MsgOptionText("keynote soon", false))
	if err != nil || ch != fakeslack.DMChannel("U0ALICE") || id == "" {
		t.Fatalf("chat.scheduleMessage = %q, %q, %v; want the DM channel and an ID", ch, id, err)
	}
	list, _, err := api.GetScheduledMessagesContext(ctx, &slack.GetScheduledMessagesParameters{})
	if err != nil || len(list) != 1 || list[0].ID != id || list[0].Channel != ch || int64(list[0].PostAt) != due.Unix() || list[0].Text != "keynote soon" {
		t.Fatalf("chat.scheduledMessages.list = %+v, %v", list, err)
	}
	clock.Set(due.Add(-time.Second))
	if h := srv.History("U0ALICE"); len(h) != 0 {
		t.Fatalf("posted before post_at: %v", h)
	}
	clock.Set(due.Add(3 * time.Second))
	h := srv.History("U0ALICE")
	if len(h) != 1 || h[0].Text != "keynote soon" || h[0].ScheduledID != id || h[0].TS[:10] != postAt(due) {
		t.Fatalf("history after post_at = %v; want the message at its second", h)
	}
	if list, _, _ := api.GetScheduledMessagesContext(ctx, &slack.GetScheduledMessagesParameters{}); len(list) != 0 {
		t.Errorf("still listed after it was posted: %+v", list)
	}
	clock.Advance(time.Hour)
	if n := len(srv.History("U0ALICE")); n != 1 {
		t.Errorf("%d messages after another hour, want 1", n)
	}
}

func TestScheduleMessageErrors(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	srv := fakeslack.New(t, fakeslack.WithClock(fakeslack.NewClock(t0)),
		fakeslack.WithChannels(fakeslack.Channel{ID: "C0NOTIN", Member: false}))
	api := newAPI(srv)
	ctx := testCtx(t)
	text := slack.MsgOptionText("x", false)
	for _, tc := range []struct {
		name, channel, postAt, want string
	}{
		{"in the past", "C0ROOM", postAt(t0.Add(-time.Second)), "time_in_past"},
		{"beyond 120 days", "C0ROOM", postAt(t0.Add(120*24*time.Hour + time.Second)), "time_too_far"},
		{"not a time", "C0ROOM", "soon", "invalid_time"},
		{"no channel", "", postAt(t0.Add(time.Hour)), "channel_not_found"},
		{"not in channel", "C0NOTIN", postAt(t0.Add(time.Hour)), "not_in_channel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := api.ScheduleMessageContext(ctx, tc.channel, tc.postAt, text)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %s", err, tc.want)
			}
		})
	}
	if _, _, err := api.ScheduleMessageContext(ctx, "C0ROOM", postAt(t0.Add(120*24*time.Hour)), text); err != nil {
		t.Errorf("exactly 120 days ahead: %v", err)
	}
}

// TestScheduleMessageTooMany: Slack takes at most 30 messages to post within
// any 5-minute window in one channel; other channels and later windows are
// not affected.
func TestScheduleMessageTooMany(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	srv := fakeslack.New(t, fakeslack.WithClock(fakeslack.NewClock(t0)))
	api := newAPI(srv)
	ctx := testCtx(t)
	at := t0.Add(time.Hour)
	for i := range 30 {
		if _, _, err := api.ScheduleMessageContext(ctx, "C0ROOM", postAt(at.Add(time.Duration(i)*5*time.Second)), slack.MsgOptionText("x", false)); err != nil {
			t.Fatalf("message %d: %v", i+1, err)
		}
	}
	if _, _, err := api.ScheduleMessageContext(ctx, "C0ROOM", postAt(at.Add(4*time.Minute)), slack.MsgOptionText("x", false)); err == nil || err.Error() != "restricted_too_many" {
		t.Errorf("31st within 5 minutes: %v, want restricted_too_many", err)
	}
	if _, _, err := api.ScheduleMessageContext(ctx, "C0OTHER", postAt(at), slack.MsgOptionText("x", false)); err != nil {
		t.Errorf("another channel: %v", err)
	}
	if _, _, err := api.ScheduleMessageContext(ctx, "C0ROOM", postAt(at.Add(10*time.Minute)), slack.MsgOptionText("x", false)); err != nil {
		t.Errorf("a later window: %v", err)
	}
}

// TestScheduledMetadataNeverPosted is the pitfall Slack documents: a
// scheduled message with metadata is accepted, listed, and never posted.
func TestScheduledMetadataNeverPosted(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	clock := fakeslack.NewClock(t0)
	srv := fakeslack.New(t, fakeslack.WithClock(clock))
	api := newAPI(srv)
	ctx := testCtx(t)
	_, id, err := api.ScheduleMessageContext(ctx, "U0ALICE", postAt(t0.Add(time.Hour)), slack.MsgOptionText("lost", false),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "sessionbot_reminder", EventPayload: map[string]any{"key": "k"}}))
	if err != nil || id == "" {
		t.Fatalf("scheduling with metadata: %q, %v; want it accepted", id, err)
	}
	if list := srv.Scheduled(); len(list) != 1 {
		t.Fatalf("scheduled = %v", list)
	}
	clock.Advance(2 * time.Hour)
	if h := srv.History("U0ALICE"); len(h) != 0 {
		t.Errorf("a scheduled message with metadata was posted: %v", h)
	}
	if list := srv.Scheduled(); len(list) != 0 {
		t.Errorf("still pending after its time: %v", list)
	}
}

func TestDeleteScheduledMessage(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	clock := fakeslack.NewClock(t0)
	srv := fakeslack.New(t, fakeslack.WithClock(clock))
	api := newAPI(srv)
	ctx := testCtx(t)
	dm := fakeslack.DMChannel("U0ALICE")
	_, gone, _ := api.ScheduleMessageContext(ctx, dm, postAt(t0.Add(time.Hour)), slack.MsgOptionText("gone", false))
	_, late, _ := api.ScheduleMessageContext(ctx, dm, postAt(t0.Add(90*time.Second)), slack.MsgOptionText("late", false))
	del := func(ch, id string) error {
		_, err := api.DeleteScheduledMessageContext(ctx, &slack.DeleteScheduledMessageParameters{Channel: ch, ScheduledMessageID: id})
		return err
	}
	if err := del(dm, gone); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if err := del(dm, gone); err == nil || err.Error() != "invalid_scheduled_message_id" {
		t.Errorf("deleting twice: %v", err)
	}
	if err := del(dm, "Q0NOSUCH"); err == nil || err.Error() != "invalid_scheduled_message_id" {
		t.Errorf("unknown ID: %v", err)
	}
	clock.Advance(31 * time.Second) // late is now 59 s away
	if err := del(dm, late); err == nil || err.Error() != "invalid_scheduled_message_id" {
		t.Errorf("deleting within 60 s of post_at: %v, want invalid_scheduled_message_id", err)
	}
	clock.Advance(time.Hour)
	h := srv.History(dm)
	if len(h) != 1 || h[0].Text != "late" {
		t.Errorf("history = %v; want only the message deleted too late", h)
	}
}

func TestScheduledListPages(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	srv := fakeslack.New(t, fakeslack.WithClock(fakeslack.NewClock(t0)))
	api := newAPI(srv)
	ctx := testCtx(t)
	for i := range 7 {
		if _, _, err := api.ScheduleMessageContext(ctx, "U0ALICE", postAt(t0.Add(time.Duration(i+1)*time.Hour)), slack.MsgOptionText("x", false)); err != nil {
			t.Fatal(err)
		}
	}
	_, _, _ = api.ScheduleMessageContext(ctx, "C0ROOM", postAt(t0.Add(time.Hour)), slack.MsgOptionText("x", false))
	seen := map[string]bool{}
	params := &slack.GetScheduledMessagesParameters{Channel: fakeslack.DMChannel("U0ALICE"), Limit: 3}
	for range 10 {
		page, next, err := api.GetScheduledMessagesContext(ctx, params)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page {
			seen[m.ID] = true
		}
		if next == "" {
			break
		}
		params.Cursor = next
	}
	if len(seen) != 7 {
		t.Errorf("paged through %d of the 7 in the DM", len(seen))
	}
	params.Cursor = "garbage"
	if _, _, err := api.GetScheduledMessagesContext(ctx, params); err == nil || err.Error() != "invalid_cursor" {
		t.Errorf("bad cursor: %v", err)
	}
	var se slack.SlackErrorResponse
	_, _, err := api.GetScheduledMessagesContext(ctx, &slack.GetScheduledMessagesParameters{Channel: "nope"})
	if !errors.As(err, &se) || se.Err != "invalid_channel" {
		t.Errorf("bad channel: %v", err)
	}
}

// TestScheduledOnWallClock: without an injected clock the server posts a
// scheduled message by itself at its second.
func TestScheduledOnWallClock(t *testing.T) {
	srv := fakeslack.New(t)
	api := newAPI(srv)
	ctx := testCtx(t)
	due := time.Now().Add(1500 * time.Millisecond).Truncate(time.Second).Add(time.Second)
	if _, _, err := api.ScheduleMessageContext(ctx, "U0ALICE", postAt(due), slack.MsgOptionText("now", false)); err != nil {
		t.Fatal(err)
	}
	msgs, err := srv.WaitHistory(ctx, "U0ALICE", 1)
	if err != nil {
		t.Fatal(err)
	}
	if msgs[0].Posted.Before(due) {
		t.Errorf("posted at %v, before post_at %v", msgs[0].Posted, due)
	}
}
