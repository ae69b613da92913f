// Package live posts each session's card to its room's channel a little
// before it starts (live.rooms, live.channel, live.lead): once per session
// start, through the exactly-once delivery path. A timer wakes it at the
// next session's start minus the lead, and a sync wakes it to plan again.
package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// EventRoomPost is the metadata event type of a room post; its key names
// the session and its start (Key).
const EventRoomPost = "sessionbot_room_post"

// Timing of the loop.
const (
	maxIdle    = time.Hour        // the longest Run sleeps without looking
	retryAfter = 30 * time.Second // the next try after Slack did not take a post
)

// liveStore is the part of store.Store the Poster uses.
type liveStore interface {
	Catalogue() ([]session.Session, error)
	Post(key string) (store.Post, bool, error)
	ClaimPost(key string, at time.Time) error
	PostSent(key string, at time.Time) error
}

// Poster posts sessions to their rooms' channels at start - Lead. A
// session that moves is posted for its new start (a new Key), once; one
// that left the programme is not posted; one whose start passed while the
// bot was down is not posted late.
type Poster struct {
	Store     liveStore
	Sender    *delivery.Sender
	Channel   func(room string) string // the channel of a room; "": not posted
	Lead      time.Duration
	StreamURL string // live.stream_url
	Location  *time.Location
	Now       func() time.Time
	Logger    *slog.Logger

	wake  delivery.Wake
	round sync.Mutex
}

// Key names the post of s for its current start.
func Key(s session.Session) string { return fmt.Sprintf("room/%s/%d", s.ID, s.Start.Unix()) }

// Wake makes Run plan again now, as after a sync. It never blocks.
func (p *Poster) Wake() { p.wake.Notify() }

// Run posts until ctx ends, sleeping until the next post is due (or Wake).
func (p *Poster) Run(ctx context.Context) error {
	for {
		now := p.now()
		next, err := p.Round(ctx, now)
		if err != nil && ctx.Err() == nil {
			p.log().Error("live: round failed", slog.Any("error", err))
			next = now.Add(retryAfter)
		}
		d := maxIdle
		if !next.IsZero() {
			d = min(max(next.Sub(p.now()), 0), maxIdle)
		}
		if !p.wake.Sleep(ctx, d) {
			return nil
		}
	}
}

// Round posts every session due at now (start - Lead reached, start not
// yet) and returns when the next one falls due (zero: none).
func (p *Poster) Round(ctx context.Context, now time.Time) (time.Time, error) {
	p.round.Lock()
	defer p.round.Unlock()
	cat, err := p.Store.Catalogue()
	if err != nil {
		return time.Time{}, fmt.Errorf("live: %w", err)
	}
	var next time.Time
	var errs []error
	for _, s := range cat {
		ch := p.Channel(s.Room)
		if s.Start.IsZero() || ch == "" {
			continue
		}
		due := s.Start.Add(-p.Lead)
		switch {
		case due.After(now):
			next = earliest(next, due)
		case now.Before(s.Start):
			if err := p.post(ctx, s, ch, now); err != nil {
				errs = append(errs, err)
				next = earliest(next, now.Add(retryAfter))
			}
		}
	}
	return next, errors.Join(errs...)
}

// post delivers s's card to ch unless it went out before.
func (p *Poster) post(ctx context.Context, s session.Session, ch string, now time.Time) error {
	key := Key(s)
	rec, _, err := p.Store.Post(key)
	if err != nil || rec.Done() {
		return err
	}
	it := delivery.Item{Event: EventRoomPost, Key: key, To: ch, Claimed: rec.Claimed}
	out, err := p.Sender.Deliver(ctx, it, blocks.RoomPost(s, now, p.Location, p.StreamURL), delivery.Record{
		Claim: func(at time.Time) error { return p.Store.ClaimPost(key, at) },
		Sent:  func(at time.Time) error { return p.Store.PostSent(key, at) },
	})
	if err != nil {
		p.log().Warn("live: room post failed; will retry", slog.String("session_id", s.ID), slog.String("channel", ch), slog.Any("error", err))
		return fmt.Errorf("live: post %s: %w", key, err)
	}
	p.log().Info("live: room post", slog.String("session_id", s.ID), slog.String("channel", ch), slog.Bool("found_in_history", out == delivery.Found))
	return nil
}

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

func (p *Poster) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

func (p *Poster) log() *slog.Logger {
	if p.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Logger
}
