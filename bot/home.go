package bot

import (
	"context"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
)

// homeNewest is how many of the newest sessions the App Home shows.
const homeNewest = 5

// eventsAPI acks an Events API envelope and, for a user opening the App
// Home tab, publishes their Home afterwards.
func (b *Bot) eventsAPI(log *slog.Logger, evt slackevents.EventsAPIEvent) reply {
	var opened *slackevents.AppHomeOpenedEvent
	switch data := evt.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		opened = data
	case slackevents.AppHomeOpenedEvent:
		opened = &data
	}
	if opened == nil || opened.Tab != "home" || opened.User == "" {
		log.Debug("event acked without action", slog.String("event", evt.InnerEvent.Type))
		return reply{}
	}
	log = log.With(slog.String("user_id", opened.User))
	return reply{after: func(ctx context.Context) { b.publishHome(ctx, log, opened.User) }}
}

// publishHome renders userID's App Home and publishes it with views.publish.
// Parts that cannot be read are left empty and logged.
func (b *Bot) publishHome(ctx context.Context, log *slog.Logger, userID string) {
	if b.opts.API == nil {
		return
	}
	view := blocks.Home(b.homeView(log, userID), b.opts.Location)
	_, err := b.opts.API.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID, View: view})
	if err != nil {
		log.Warn("app home not published", slog.Any("error", err))
		return
	}
	log.Info("app home published", slog.Int("blocks", len(view.Blocks.BlockSet)))
}

// homeView gathers what userID's App Home shows.
func (b *Bot) homeView(log *slog.Logger, userID string) blocks.HomeView {
	var v blocks.HomeView
	var err error
	if b.opts.Reminders != nil {
		if v.Agenda, err = b.agendaItems(userID, b.opts.Now()); err != nil {
			log.Error("agenda not readable", slog.Any("error", err))
		}
		v.Reminded = b.remindedSet(log, userID)
	}
	if b.opts.Follows != nil {
		if v.Follows, err = b.userFollows(userID); err != nil {
			log.Error("follows not readable", slog.Any("error", err))
		}
	}
	v.Newest = b.newest(log)
	return v
}

// newest returns the sessions added most recently that have not started
// yet, up to homeNewest.
func (b *Bot) newest(log *slog.Logger) []session.Session {
	if b.opts.Recent == nil {
		return nil
	}
	var zero time.Time
	entries, err := b.opts.Recent.AddedSince(zero)
	if err != nil {
		log.Error("new sessions not readable", slog.Any("error", err))
		return nil
	}
	var out []session.Session
	for _, e := range entries {
		if len(out) < homeNewest && !started(e.Session, b.opts.Now()) {
			out = append(out, e.Session)
		}
	}
	return out
}
