package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/announce"
	"github.com/sessionbot/sessionbot/bot"
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

func newWorkers(cfg *config.Config, log *slog.Logger, api *slack.Client, a *app) *workers {
	sender := &delivery.Sender{API: api, Channels: a.store, Pace: delivery.NewPace(cfg.Reminders.Rate), Logger: log}
	pm := &dm.Postman{Store: a.store, Sender: sender, Location: cfg.Location, Logger: log}
	a.syncer.Alarm = dm.Alarm{Sender: sender, Admins: cfg.Admins}
	job := schedule.Sync{
		Syncer:    a.syncer,
		Announcer: newAnnouncer(cfg, log, a, sender),
		Followups: &followup.Followups{Store: a.store, Index: a.search, Lead: cfg.Reminders.Lead, Location: cfg.Location, Logger: log},
		Wake:      pm.Wake,
	}
	return &workers{syncJob: job.Job(cfg.Source.Poll), postman: pm, adminSync: adminSync(job.Run, adminWait)}
}

// newAnnouncer posts to the configured announce channel through sender.
func newAnnouncer(cfg *config.Config, log *slog.Logger, a *app, sender *delivery.Sender) *announce.Announcer {
	return &announce.Announcer{Store: a.store, Sender: sender, Channel: cfg.Announce.Channel, Location: cfg.Location, Logger: log}
}

// adminWait is how long /session sync waits for the sync job before it
// answers the admin anyway (the bot answers a slow command through its
// response_url within a minute).
const adminWait = 45 * time.Second

// adminSync is /session sync and the Accept button: the sync job's steps
// now, forced or accepting a held update if asked. A failure comes back
// with the reason in a few words for the admin. A job that takes longer
// than adminWait goes on, and the admin is told so.
func adminSync(run func(context.Context, time.Time, programme.SyncOptions) schedule.Result, wait time.Duration) bot.Syncer {
	return func(ctx context.Context, req bot.SyncRequest) (string, error) {
		done := make(chan schedule.Result, 1)
		go func() {
			done <- run(context.WithoutCancel(ctx), time.Now(), programme.SyncOptions{Force: req.Force, Accept: req.Accept, By: req.By})
		}()
		var res schedule.Result
		select {
		case res = <-done:
		case <-time.After(wait):
			return "The sync is still running (it is taking long); its result will be in the log, and announcements and notices follow as usual.", nil
		}
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
