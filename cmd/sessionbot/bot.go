package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/schedule"
)

// defaultAPIURL is Slack's Web API; SLACK_API_URL overrides it (tests point
// it at a fake on 127.0.0.1).
const defaultAPIURL = "https://slack.com/api/"

// How to get each token, for the errors that name a missing or wrong one.
const (
	botTokenHelp = "SLACK_BOT_TOKEN must be the Bot User OAuth Token (xoxb-…): " +
		"in your app's settings at api.slack.com/apps, OAuth & Permissions → Bot User OAuth Token " +
		"(install the app to the workspace first)"
	appTokenHelp = "SLACK_APP_TOKEN must be an app-level token (xapp-…): " +
		"in your app's settings, Basic Information → App-Level Tokens → Generate, " +
		"with the connections:write scope"
)

// slackEnv is what the bot reads from the environment.
type slackEnv struct {
	botToken, appToken, apiURL string
}

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
	api := slack.New(env.botToken, slack.OptionAPIURL(env.apiURL), slack.OptionAppLevelToken(env.appToken))
	a, err := openApp(cfg, log, schedule.SlackNotifier{API: api, Admins: cfg.Admins})
	if err != nil {
		return err
	}
	defer a.Close()
	w := newWorkers(cfg, log, api, a)
	table, err := schedule.NewTable(cfg.Location, log, w.syncJob)
	if err != nil {
		return err
	}
	b, err := bot.New(bot.Options{
		Socket: socketmode.New(api, socketmode.OptionLog(slog.NewLogLogger(log.Handler(), slog.LevelDebug))),
		Index:  a.index, Location: cfg.Location, Admins: cfg.Admins, Logger: log,
		Recent: a.store, Sync: w.adminSync,
		Reminders: a.store, Follows: a.store, Lead: cfg.Reminders.Lead, Wake: w.postman.Wake, API: api,
	})
	if err != nil {
		return err
	}
	log.Info("sessionbot starting", slog.String("api_url", env.apiURL), slog.String("timezone", cfg.Timezone))
	startup := []schedule.Job{w.syncJob}
	if meta, err := a.store.Meta(); err == nil && !meta.Synced {
		// Nothing to search yet: the first sync comes before connecting.
		_ = table.Run(ctx, w.syncJob, time.Now())
		startup = nil
	}
	return serve(ctx, log, b, table, w.postman, startup)
}

// workers are the bot's background work: the sync job (sync, announce,
// re-arm reminders, follow alerts) and the postman delivering DMs.
type workers struct {
	syncJob   schedule.Job
	postman   *schedule.Postman
	adminSync bot.Syncer
}

func newWorkers(cfg *config.Config, log *slog.Logger, api *slack.Client, a *app) *workers {
	ann := &schedule.Announcer{Store: a.store, API: api, Channel: cfg.Announce.Channel, Location: cfg.Location, Logger: log}
	pm := &schedule.Postman{Store: a.store, API: api, Location: cfg.Location, Logger: log, Rate: cfg.Reminders.Rate}
	follow := &schedule.Followups{Store: a.store, Index: a.index, Lead: cfg.Reminders.Lead,
		Location: cfg.Location, Wake: pm.Wake, Logger: log}
	return &workers{
		syncJob:   schedule.SyncJob(cfg.Source.Poll, a.syncer, ann, follow.Run),
		postman:   pm,
		adminSync: adminSync(a.syncer, ann, follow),
	}
}

// serve runs the cron table, the start-up jobs and then the postman (in the
// background, so a slow source never delays connecting) and the bot until
// ctx ends, then waits for running jobs so the store is closed only when
// they are done.
func serve(ctx context.Context, log *slog.Logger, b *bot.Bot, table *schedule.Table, pm *schedule.Postman, startup []schedule.Job) error {
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

// adminSync is /session sync: a sync now (forced if asked), then posting
// what it queued and the follow-ups the cron job would do.
func adminSync(s *schedule.Syncer, ann *schedule.Announcer, follow *schedule.Followups) bot.Syncer {
	return func(ctx context.Context, force bool) (string, error) {
		now := time.Now()
		rep, err := s.Sync(ctx, now, schedule.SyncOptions{Force: force})
		if err != nil {
			return "", err
		}
		note := ""
		if _, err := ann.Flush(ctx, now); err != nil {
			note = " (announcements will be retried)"
		}
		if err := follow.Run(ctx, now); err != nil {
			note += " (reminder and follow notices failed; see the log)"
		}
		return summary(rep) + note, nil
	}
}

// readSlackEnv reads and checks the tokens (from SLACK_*_TOKEN or the files
// SLACK_*_TOKEN_FILE name) and the API URL, naming every problem at once.
func readSlackEnv(getenv func(string) string) (slackEnv, error) {
	var env slackEnv
	var botErr, appErr error
	env.botToken, botErr = slackToken(getenv, "SLACK_BOT_TOKEN", "xoxb-", botTokenHelp)
	env.appToken, appErr = slackToken(getenv, "SLACK_APP_TOKEN", "xapp-", appTokenHelp)
	if err := errors.Join(botErr, appErr); err != nil {
		return env, fmt.Errorf("run: Slack tokens:\n%w", err)
	}
	env.apiURL = apiURL(getenv)
	return env, nil
}

// apiURL is SLACK_API_URL, or Slack's, always ending in "/" as slack-go
// appends method names to it.
func apiURL(getenv func(string) string) string {
	u := strings.TrimSpace(getenv("SLACK_API_URL"))
	if u == "" {
		u = defaultAPIURL
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// checkToken says what is wrong with a token without ever printing it.
func checkToken(name, value, prefix, help string) error {
	switch {
	case value == "":
		return fmt.Errorf("  %s is not set. %s", name, help)
	case !strings.HasPrefix(value, prefix):
		return fmt.Errorf("  %s does not start with %q (is it the other token?). %s", name, prefix, help)
	}
	return nil
}

// newLogger returns the logger cfg asks for, writing to w.
func newLogger(cfg config.Log, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.Level}
	if cfg.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
