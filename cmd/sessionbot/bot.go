package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/clock"
	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/redact"
	"github.com/sessionbot/sessionbot/schedule"
)

// defaultAPIURL is Slack's Web API; SLACK_API_URL overrides it (tests point
// it at a fake on 127.0.0.1).
const defaultAPIURL = "https://slack.com/api/"

// runBot connects to Slack over Socket Mode and serves /session until ctx
// ends (SIGINT or SIGTERM), then closes the index.
func runBot(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs, cfgPath := newFlags("run", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	env, err := readSlackEnv(getenv)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath, getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg.Log, stdout)
	applyMemoryLimit(cfg.MemoryLimit, log)
	tel := newTelemetry()
	api := slack.New(env.botToken, slack.OptionAPIURL(env.apiURL), slack.OptionAppLevelToken(env.appToken),
		slack.OptionHTTPClient(tel.slackHTTP()))
	if err := verifyTokens(ctx, log, api); err != nil {
		return err
	}
	svc, err := newService(cfg, log, api, &clock.Clock{}, tel)
	if err != nil {
		return err
	}
	defer svc.Close()
	stopOps, err := startOps(ctx, cfg, log, tel, svc.app, svc.bot.Connected)
	if err != nil {
		return err
	}
	defer stopOps()
	log.Info("sessionbot starting", slog.String("api_url", env.apiURL), slog.String("timezone", cfg.Timezone))
	return appTokenAtFault(svc.serve(ctx))
}

// service is the bot and its background work over one data directory, on
// one clock: what `run` serves against Slack and `try` against the
// stand-in in its own process.
type service struct {
	log     *slog.Logger
	clock   *clock.Clock
	app     *app
	workers *workers
	table   *schedule.Table
	bot     *bot.Bot
}

// newService opens the data directory and wires the bot, the cron table
// (the sync, the digest, scheduled backups) and the loops to api, all taking
// the time from clk and reporting to tel (nil: no metrics).
func newService(cfg *config.Config, log *slog.Logger, api *slack.Client, clk *clock.Clock, tel *telemetry) (*service, error) {
	a, err := openApp(cfg, log)
	if err != nil {
		return nil, err
	}
	w := newWorkers(cfg, log, api, a, clk)
	var observer bot.Observer
	if tel != nil {
		tel.observe(a, w)
		observer = tel.metrics
	}
	table, err := schedule.NewTable(cfg.Location, log, append(slices.Clone(w.jobs), backupJobs(cfg, log, a.store)...)...)
	if err != nil {
		a.Close()
		return nil, err
	}
	table.Now = clk.Now
	clk.OnJump(w.wakeAll) // their timers were set for the old time
	b, err := bot.New(bot.Options{
		Socket: socketmode.New(api, socketmode.OptionLog(slog.NewLogLogger(log.Handler(), slog.LevelDebug))),
		Index:  a.search, Location: cfg.Location, Admins: cfg.Admins, Logger: log, Now: clk.Now,
		Recent: a.store, Sync: w.adminSync,
		Reminders: a.store, Follows: a.store, Lead: cfg.Reminders.Lead, Wake: w.wake, API: api,
		StreamURL: cfg.Live.StreamURL, Observer: observer,
	})
	if err != nil {
		a.Close()
		return nil, err
	}
	return &service{log: log, clock: clk, app: a, workers: w, table: table, bot: b}, nil
}

// Close closes the data directory.
func (s *service) Close() error { return s.app.Close() }

// serve syncs first when the data directory has never synced (there is
// nothing to search yet), then serves until ctx ends.
func (s *service) serve(ctx context.Context) error {
	startup := s.workers.jobs // a digest due earlier today is caught up after the sync
	if meta, err := s.app.store.Meta(); err == nil && !meta.Synced {
		_ = s.table.Run(ctx, s.workers.syncJob, s.clock.Now())
		startup = startup[1:]
	}
	return serve(ctx, s.log, s.bot, s.table, s.workers.loops, startup, s.clock.Now)
}

// serve runs the cron table, the start-up jobs and then the loops (the
// postman and the others, in the background, so a slow source never delays
// connecting) and the bot until ctx ends, then waits for running jobs so
// the store is closed only when they are done.
func serve(ctx context.Context, log *slog.Logger, b *bot.Bot, table *schedule.Table, loops []func(context.Context) error, startup []schedule.Job, now func() time.Time) error {
	ctx, cancelAll := context.WithCancel(ctx) // the bot failing for good ends the rest too
	defer cancelAll()
	table.Start()
	var bg sync.WaitGroup
	bg.Go(func() {
		for _, j := range startup {
			_ = table.Run(ctx, j, now())
		}
		// Only now: the start-up jobs end with the follow-ups' Rearm, so
		// reminders that fell due while the bot was down go out for the
		// fresh catalogue, not at a time the programme no longer has.
		var loopsDone sync.WaitGroup
		for _, run := range loops {
			loopsDone.Go(func() { _ = run(ctx) })
		}
		loopsDone.Wait()
	})
	err := b.Run(ctx)
	cancelAll()
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if serr := table.Stop(stopCtx); serr != nil {
		log.Warn("jobs still running at shutdown", slog.Any("error", serr))
	}
	bg.Wait()
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	log.Info("sessionbot stopped")
	return nil
}

// newLogger returns the logger cfg asks for, writing to w, with every
// secret masked.
func newLogger(cfg config.Log, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.Level}
	if cfg.Format == "json" {
		return slog.New(redact.Handler(slog.NewJSONHandler(w, opts)))
	}
	return slog.New(redact.Handler(slog.NewTextHandler(w, opts)))
}
