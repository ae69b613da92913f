package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/store"
)

// followStore is what the bot needs for follows; *store.Store has it.
type followStore interface {
	AddFollow(userID, query string, now time.Time) (store.Follow, bool, error)
	RemoveFollow(userID, query string) (bool, error)
	RemoveAllFollows(userID string) (int, error)
	UserFollows(userID string) ([]store.Follow, error)
}

// Answers to the follow commands.
const (
	followUsage = "Tell me what to follow, for example `/session follow rust` or " +
		"`/session follow speaker:vargo`: I'll DM you whenever a new session matches."
	unfollowUsage = "Tell me what to stop following: `/session unfollow rust`, or " +
		"`/session unfollow all`. `/session follows` lists what you follow."
	followTooMany = "You already follow %s topics, the most I keep for one person. " +
		"Drop one first with `/session unfollow …` (see `/session follows`)."
	followAdded   = "Following `%s` ✓ — I'll DM you whenever a new session matching it is added to the programme."
	followExisted = "You already follow `%s`. I'll DM you whenever a new session matching it is added."
	followRemoved = "Stopped following `%s`."
	followMissing = "You don't follow `%s`. `/session follows` lists what you follow."
	followFailed  = "Sorry, I couldn't update your follows just now. Please try again in a moment."
)

// follow answers "/session follow <query>".
func (b *Bot) follow(ctx context.Context, log *slog.Logger, userID, query string) (blocks.Message, bool) {
	q := store.NormaliseQuery(query)
	if q == "" || index.ParseQuery(q, b.opts.Now(), b.opts.Location).Empty() {
		return blocks.Notice(followUsage), false
	}
	f, created, err := b.opts.Follows.AddFollow(userID, q, b.opts.Now())
	switch {
	case errors.Is(err, store.ErrTooManyFollows):
		return blocks.Noticef(followTooMany, store.MaxFollows), false
	case errors.Is(err, store.ErrEmptyQuery):
		return blocks.Notice(followUsage), false
	case err != nil:
		log.Error("follow not saved", slog.Any("error", err))
		return blocks.Notice(followFailed), false
	case !created:
		return blocks.Noticef(followExisted, f.Query), false
	}
	log.Info("follow added", slog.String("follow", f.Query))
	switch n := b.matches(ctx, f.Query); n {
	case 0:
		return blocks.Noticef(followAdded, f.Query), true
	case 1:
		return blocks.Noticef(followAdded+" One session matches already: `/session %s`", f.Query, f.Query), true
	default:
		return blocks.Noticef(followAdded+" %s sessions match already: `/session %s`", f.Query, n, f.Query), true
	}
}

// matches counts the sessions q finds today; 0 when the search fails or
// finds nothing close (the follow alerts would not count those either).
func (b *Bot) matches(ctx context.Context, q string) uint64 {
	pq := index.ParseQuery(q, b.opts.Now(), b.opts.Location)
	pq.Size = 1
	res, err := b.opts.Index.Search(ctx, pq)
	if err != nil || res.NoCloseMatch {
		return 0
	}
	return res.Total
}

// unfollow answers "/session unfollow <query>|all".
func (b *Bot) unfollow(log *slog.Logger, userID, query string) (blocks.Message, bool) {
	q := store.NormaliseQuery(query)
	if q == "" {
		return blocks.Notice(unfollowUsage), false
	}
	if q == "all" {
		n, err := b.opts.Follows.RemoveAllFollows(userID)
		if err != nil {
			log.Error("follows not removed", slog.Any("error", err))
			return blocks.Notice(followFailed), false
		}
		log.Info("follows removed", slog.Int("count", n))
		return blocks.Noticef("Stopped following %s.", followCount(n)), n > 0
	}
	ok, err := b.opts.Follows.RemoveFollow(userID, q)
	if err != nil {
		log.Error("follow not removed", slog.Any("error", err))
		return blocks.Notice(followFailed), false
	}
	if !ok {
		return blocks.Noticef(followMissing, q), false
	}
	log.Info("follow removed", slog.String("follow", q))
	return blocks.Noticef(followRemoved, q), true
}

// followCount is "3 topics", "1 topic", or "anything" for none.
func followCount(n int) string {
	switch n {
	case 0:
		return "anything: you followed nothing"
	case 1:
		return "1 topic"
	}
	return fmt.Sprintf("%d topics", n)
}

// followList answers "/session follows".
func (b *Bot) followList(log *slog.Logger, userID string) blocks.Message {
	qs, err := b.userFollows(userID)
	if err != nil {
		log.Error("follows not readable", slog.Any("error", err))
		return blocks.Notice(followFailed)
	}
	return blocks.FollowList(qs)
}

// userFollows returns the queries userID follows.
func (b *Bot) userFollows(userID string) ([]string, error) {
	fs, err := b.opts.Follows.UserFollows(userID)
	if err != nil {
		return nil, err
	}
	qs := make([]string, len(fs))
	for i, f := range fs {
		qs[i] = f.Query
	}
	return qs, nil
}

// unfollowPress handles an "Unfollow" button.
func (b *Bot) unfollowPress(ctx context.Context, log *slog.Logger, p press) outcome {
	msg, changed := b.unfollow(log, p.user, p.value)
	if p.value == "" || store.NormaliseQuery(p.value) == "all" {
		return outcome{msg: msg} // not a button this bot renders
	}
	return b.answer(ctx, log, p, msg, changed)
}

// personalCommand answers agenda, follow, unfollow and follows, logs one
// line, and refreshes the user's App Home after a change.
func (b *Bot) personalCommand(ctx context.Context, log *slog.Logger, userID, word, rest string) reply {
	start := time.Now()
	var msg blocks.Message
	changed := false
	switch {
	case word == "agenda":
		msg = b.agenda(log, userID)
	case b.opts.Follows == nil:
		msg = blocks.Noticef(unavailable, word)
	case word == "follow":
		msg, changed = b.follow(ctx, log, userID, rest)
	case word == "unfollow":
		msg, changed = b.unfollow(log, userID, rest)
	default:
		msg = b.followList(log, userID)
	}
	log.Info("slash command", slog.String("command", word), slog.Int64("latency_ms", time.Since(start).Milliseconds()))
	rep := reply{ack: ephemeral(msg)}
	if changed {
		rep.after = func(ctx context.Context) { b.publishHome(ctx, log, userID) }
	}
	return rep
}
