package delivery

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
)

// newScheduler is a Scheduler against a fake Slack on clock.
func newScheduler(t *testing.T, clock *fakeslack.Clock) (*Scheduler, *fakeslack.Server) {
	t.Helper()
	srv := fakeslack.New(t, fakeslack.WithClock(clock))
	api := slack.New(fakeslack.BotToken, slack.OptionAPIURL(srv.APIURL()))
	return &Scheduler{API: api, Sender: &Sender{API: api, Channels: &memChannels{}, Now: clock.Now}}, srv
}

// TestScheduleClaimsThenRecords: the claim (DM channel and text) is written
// before Slack is asked, the ID after; no metadata goes with the message,
// and Slack posts it at its second.
func TestScheduleClaimsThenRecords(t *testing.T) {
	clock := fakeslack.NewClock(t0)
	s, srv := newScheduler(t, clock)
	var steps []string
	due := t0.Add(time.Hour)
	id, err := s.Schedule(t.Context(), user, due, blocks.Notice("keynote soon"), ScheduleRecord{
		Claim:     func(ch, text string) error { steps = append(steps, "claim "+ch+" "+text); return nil },
		Scheduled: func(id string) error { steps = append(steps, "scheduled "+id); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"claim " + fakeslack.DMChannel(user) + " keynote soon", "scheduled " + id}
	if diff := cmp.Diff(want, steps); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	if c := srv.Calls("chat.scheduleMessage"); len(c) != 1 || c[0].Param("metadata") != "" {
		t.Errorf("chat.scheduleMessage calls %+v; want one without metadata", c)
	}
	clock.Set(due)
	if h := srv.History(user); len(h) != 1 || h[0].ScheduledID != id {
		t.Errorf("history at post_at: %v", h)
	}
	if ok, err := s.Posted(t.Context(), fakeslack.DMChannel(user), "keynote soon", due); !ok || err != nil {
		t.Errorf("Posted = %v, %v; want the message found by its text", ok, err)
	}
}

func TestScheduleRefusedAndDelete(t *testing.T) {
	clock := fakeslack.NewClock(t0)
	s, srv := newScheduler(t, clock)
	rec := ScheduleRecord{Claim: func(string, string) error { return nil }, Scheduled: func(string) error { return nil }}
	_, err := s.Schedule(t.Context(), user, t0.Add(200*24*time.Hour), blocks.Notice("x"), rec)
	var r *Refusal
	if !errors.As(err, &r) || r.Code != "time_too_far" {
		t.Errorf("200 days ahead: %v, want a time_too_far refusal", err)
	}
	srv.FailNext("chat.scheduleMessage", 1, fakeslack.Fault{Status: 503})
	if _, err := s.Schedule(t.Context(), user, t0.Add(time.Hour), blocks.Notice("x"), rec); !IsSlack(err) || errors.As(err, &r) {
		t.Errorf("a failed request: %v, want a SlackError (outcome unknown)", err)
	}
	id, err := s.Schedule(t.Context(), user, t0.Add(time.Hour), blocks.Notice("x"), rec)
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.List(t.Context(), "")
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Fatalf("List = %+v, %v", list, err)
	}
	ch := fakeslack.DMChannel(user)
	if err := s.Delete(t.Context(), ch, id); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(t.Context(), ch, id); !errors.Is(err, ErrNotDeletable) {
		t.Errorf("second delete: %v, want ErrNotDeletable", err)
	}
}

// TestScheduleUnsureAnswers: an internal_error may have scheduled the
// message (Slack says some of the operation may have succeeded), so it is
// no refusal; a delete Slack refuses for good is one.
func TestScheduleUnsureAnswers(t *testing.T) {
	clock := fakeslack.NewClock(t0)
	s, srv := newScheduler(t, clock)
	rec := ScheduleRecord{Claim: func(string, string) error { return nil }, Scheduled: func(string) error { return nil }}
	srv.FailNext("chat.scheduleMessage", 1, fakeslack.Fault{Error: "internal_error"})
	_, err := s.Schedule(t.Context(), user, t0.Add(time.Hour), blocks.Notice("x"), rec)
	var r *Refusal
	if errors.As(err, &r) || !IsSlack(err) {
		t.Errorf("internal_error: %v, want an unsure SlackError", err)
	}
	srv.FailNext("chat.deleteScheduledMessage", 1, fakeslack.Fault{Error: "channel_not_found"})
	if err := s.Delete(t.Context(), "D0GONE", "Q1"); !errors.As(err, &r) || r.Code != "channel_not_found" {
		t.Errorf("a delete refused for good: %v", err)
	}
}
