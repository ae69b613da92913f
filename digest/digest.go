// Package digest posts the day's digest to the announce channel on each
// programme day, at digest.time in the conference zone: how many sessions,
// how many per track, the first few, and a pointer to /session now. It is
// posted once per day through the exactly-once delivery path.
package digest

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// EventDigest is the metadata event type of the day's digest; its key
// names the day.
const EventDigest = "sessionbot_digest"

// JobName names the digest job in the cron table and in logs.
const JobName = "digest"

// digestStore is the part of store.Store the Job uses.
type digestStore interface {
	Catalogue() ([]session.Session, error)
	Post(key string) (store.Post, bool, error)
	ClaimPost(key string, at time.Time) error
	PostSent(key string, at time.Time) error
}

// Job posts the digest of the day it runs on.
type Job struct {
	Store      digestStore
	Sender     *delivery.Sender
	Channel    string // announce.channel
	Conference string // digest.title
	// Hour and Minute are digest.time: a run earlier in the day posts
	// nothing, and one after the day's last session started neither (a
	// bot started late catches up in between).
	Hour, Minute int
	Location     *time.Location
	Logger       *slog.Logger
}

// Spec is the cron spec of a job at hour:minute every day.
func Spec(hour, minute int) string { return fmt.Sprintf("%d %d * * *", minute, hour) }

// Run posts the digest of now's day (in the conference zone) unless it
// went out already, it is not yet digest.time, or the day's last session
// has started; a day without sessions gets none.
func (j *Job) Run(ctx context.Context, now time.Time) error {
	now = now.In(j.Location)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, j.Location)
	key := "digest/" + day.Format(time.DateOnly)
	rec, _, err := j.Store.Post(key)
	if err != nil || rec.Done() {
		return err
	}
	if now.Before(day.Add(time.Duration(j.Hour)*time.Hour + time.Duration(j.Minute)*time.Minute)) {
		return nil
	}
	today, err := j.sessionsOn(day)
	if err != nil || len(today) == 0 || !now.Before(today[len(today)-1].Start) {
		return err
	}
	it := delivery.Item{Event: EventDigest, Key: key, To: j.Channel, Claimed: rec.Claimed}
	out, err := j.Sender.Deliver(ctx, it, blocks.DayDigest(j.Conference, now, today, j.Location), delivery.Record{
		Claim: func(at time.Time) error { return j.Store.ClaimPost(key, at) },
		Sent:  func(at time.Time) error { return j.Store.PostSent(key, at) },
	})
	if err != nil {
		return fmt.Errorf("digest: %s: %w", key, err)
	}
	j.log().Info("digest posted", slog.String("day", key), slog.Int("sessions", len(today)), slog.Bool("found_in_history", out == delivery.Found))
	return nil
}

// sessionsOn returns the sessions starting on day (midnight to midnight).
func (j *Job) sessionsOn(day time.Time) ([]session.Session, error) {
	cat, err := j.Store.Catalogue()
	if err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	end := day.AddDate(0, 0, 1)
	var out []session.Session
	for _, s := range cat {
		if !s.Start.IsZero() && !s.Start.Before(day) && s.Start.Before(end) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, session.ByStart)
	return out, nil
}

func (j *Job) log() *slog.Logger {
	if j.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return j.Logger
}
