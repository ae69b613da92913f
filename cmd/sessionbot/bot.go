package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/dm"
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
	a, err := openApp(cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	w := newWorkers(cfg, log, api, a)
	tel.observe(a, w)
	table, err := schedule.NewTable(cfg.Location, log, append([]schedule.Job{w.syncJob}, backupJobs(cfg, log, a.store)...)...)
	if err != nil {
		return err
	}
	b, err := bot.New(bot.Options{
		Socket: socketmode.New(api, socketmode.OptionLog(slog.NewLogLogger(log.Handler(), slog.LevelDebug))),
		Index:  a.search, Location: cfg.Location, Admins: cfg.Admins, Logger: log,
		Recent: a.store, Sync: w.adminSync,
		Reminders: a.store, Follows: a.store, Lead: cfg.Reminders.Lead, Wake: w.postman.Wake, API: api,
		Observer: tel.metrics,
	})
	if err != nil {
		return err
	}
	stopOps, err := startOps(ctx, cfg, log, tel, a, b.Connected)
	if err != nil {
		return err
	}
	defer stopOps()
	log.Info("sessionbot starting", slog.String("api_url", env.apiURL), slog.String("timezone", cfg.Timezone))
	startup := []schedule.Job{w.syncJob}
	if meta, err := a.store.Meta(); err == nil && !meta.Synced {
		// Nothing to search yet: the first sync comes before connecting.
		_ = table.Run(ctx, w.syncJob, time.Now())
		startup = nil
	}
	return appTokenAtFault(serve(ctx, log, b, table, w.postman, startup))
}

// serve runs the cron table, the start-up jobs and then the postman (in the
// background, so a slow source never delays connecting) and the bot until
// ctx ends, then waits for running jobs so the store is closed only when
// they are done.
func serve(ctx context.Context, log *slog.Logger, b *bot.Bot, table *schedule.Table, pm *dm.Postman, startup []schedule.Job) error {
	ctx, cancelAll := context.WithCancel(ctx) // the bot failing for good ends the rest too
	defer cancelAll()
	table.Start()
	var bg sync.WaitGroup
	bg.Go(func() {
		for _, j := range startup {
			_ = table.Run(ctx, j, time.Now())
		}
		// Only now: the start-up jobs end with the follow-ups' Rearm, so
		// reminders that fell due while the bot was down go out for the
		// fresh catalogue, not at a time the programme no longer has.
		_ = pm.Run(ctx)
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
