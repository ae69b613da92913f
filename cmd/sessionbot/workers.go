package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/announce"
	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/clock"
	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/dm"
	"github.com/sessionbot/sessionbot/followup"
	"github.com/sessionbot/sessionbot/programme"
	"github.com/sessionbot/sessionbot/schedule"
)

// workers are the bot's background work: the sync job (sync, announce,
// follow-ups) and the postman delivering DMs, all posting through one
// Sender at one pace.
type workers struct {
	syncJob   schedule.Job
	postman   *dm.Postman
	adminSync bot.Syncer
}

func newWorkers(cfg *config.Config, log *slog.Logger, api *slack.Client, a *app, clk *clock.Clock) *workers {
	sender := &delivery.Sender{API: api, Channels: a.store, Pace: delivery.NewPace(cfg.Reminders.Rate), Now: clk.Now, Logger: log}
	pm := &dm.Postman{Store: a.store, Sender: sender, Location: cfg.Location, Now: clk.Now, Logger: log}
	a.syncer.Alarm = dm.Alarm{Sender: sender, Admins: cfg.Admins}
	job := schedule.Sync{
		Syncer:    a.syncer,
		Announcer: newAnnouncer(cfg, log, a, sender),
		Followups: &followup.Followups{Store: a.store, Index: a.search, Lead: cfg.Reminders.Lead, Location: cfg.Location, Logger: log},
		Wake:      pm.Wake,
	}
	return &workers{syncJob: job.Job(cfg.Source.Poll), postman: pm, adminSync: adminSync(job, clk.Now)}
}

// newAnnouncer posts to the configured announce channel through sender.
func newAnnouncer(cfg *config.Config, log *slog.Logger, a *app, sender *delivery.Sender) *announce.Announcer {
	return &announce.Announcer{Store: a.store, Sender: sender, Channel: cfg.Announce.Channel, Location: cfg.Location, Logger: log}
}

// adminSync is /session sync and the Accept button: the sync job's steps
// now, forced or accepting a held update if asked. A failure comes back
// with the reason in a few words for the admin.
func adminSync(job schedule.Sync, now func() time.Time) bot.Syncer {
	return func(ctx context.Context, req bot.SyncRequest) (string, error) {
		res := job.Run(ctx, now(), programme.SyncOptions{Force: req.Force, Accept: req.Accept, By: req.By})
		if res.Sync != nil {
			return programme.Explain(res.Sync), res.Sync
		}
		out := summary(res.Report)
		if res.Later != nil {
			out += " (announcements or notices failed and will be retried; see the log)"
		}
		return out, nil
	}
}
