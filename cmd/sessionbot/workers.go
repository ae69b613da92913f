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
	"github.com/sessionbot/sessionbot/digest"
	"github.com/sessionbot/sessionbot/dm"
	"github.com/sessionbot/sessionbot/followup"
	"github.com/sessionbot/sessionbot/live"
	"github.com/sessionbot/sessionbot/programme"
	"github.com/sessionbot/sessionbot/schedule"
)

// workers are the bot's background work, all posting through one Sender at
// one pace: the cron table's jobs (the sync — sync, announce, follow-ups —
// and the day's digest when digest.time is set) and the loops that run
// beside them (the postman delivering DMs, Ahead handing reminders to
// Slack's queue, the room posts when live.rooms or live.channel is set).
type workers struct {
	syncJob   schedule.Job
	jobs      []schedule.Job // the cron table; also run once at start, the sync first
	loops     []func(context.Context) error
	postman   *dm.Postman
	ahead     *dm.Ahead
	wake      func() // reminders changed: the postman and Ahead plan again
	wakeAll   func() // the programme or the clock moved: every loop plans again
	adminSync bot.Syncer
}

func newWorkers(cfg *config.Config, log *slog.Logger, api *slack.Client, a *app, clk *clock.Clock) *workers {
	sender := &delivery.Sender{API: api, Channels: a.store, Pace: delivery.NewPace(cfg.Reminders.Rate), Now: clk.Now, Logger: log}
	pm := &dm.Postman{Store: a.store, Sender: sender, Location: cfg.Location, Now: clk.Now, Logger: log}
	ahead := &dm.Ahead{Store: a.store, Slack: &delivery.Scheduler{API: api, Sender: sender}, Lead: cfg.Reminders.ScheduleAhead,
		Location: cfg.Location, Now: clk.Now, Logger: log, Postman: pm.Wake}
	w := &workers{postman: pm, ahead: ahead, loops: []func(context.Context) error{pm.Run, ahead.Run}}
	w.wake = func() { pm.Wake(); ahead.Wake() }
	w.wakeAll = w.wake
	if cfg.Live.Channel != "" || len(cfg.Live.Rooms) > 0 {
		rooms := &live.Poster{Store: a.store, Sender: sender, Channel: cfg.Live.ChannelFor, Lead: cfg.Live.Lead,
			StreamURL: cfg.Live.StreamURL, Location: cfg.Location, Now: clk.Now, Logger: log}
		w.loops = append(w.loops, rooms.Run)
		w.wakeAll = func() { w.wake(); rooms.Wake() }
	}
	a.syncer.Alarm = dm.Alarm{Sender: sender, Admins: cfg.Admins}
	job := schedule.Sync{
		Syncer:    a.syncer,
		Announcer: newAnnouncer(cfg, log, a, sender),
		Followups: &followup.Followups{Store: a.store, Index: a.search, Lead: cfg.Reminders.Lead, Location: cfg.Location, Logger: log},
		Wake:      w.wakeAll,
	}
	w.syncJob, w.adminSync = job.Job(cfg.Source.Poll), adminSync(job.Run, clk.Now, adminWait)
	w.jobs = []schedule.Job{w.syncJob}
	if cfg.Digest.Time != "" {
		d := &digest.Job{Store: a.store, Sender: sender, Channel: cfg.Announce.Channel, Conference: cfg.Digest.Title,
			Hour: cfg.Digest.Hour, Minute: cfg.Digest.Minute, Location: cfg.Location, Logger: log}
		w.jobs = append(w.jobs, schedule.Job{Name: digest.JobName, Spec: digest.Spec(cfg.Digest.Hour, cfg.Digest.Minute), Run: d.Run})
	}
	return w
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
// than wait goes on, and the admin is told so.
func adminSync(run func(context.Context, time.Time, programme.SyncOptions) schedule.Result, now func() time.Time, wait time.Duration) bot.Syncer {
	return func(ctx context.Context, req bot.SyncRequest) (string, error) {
		done := make(chan schedule.Result, 1)
		go func() {
			done <- run(context.WithoutCancel(ctx), now(), programme.SyncOptions{Force: req.Force, Accept: req.Accept, By: req.By})
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
