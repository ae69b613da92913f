package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/config"
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
	ix, _, err := syncedIndex(ctx, cfg)
	if err != nil {
		return err
	}
	defer ix.Close()
	api := slack.New(env.botToken, slack.OptionAPIURL(env.apiURL), slack.OptionAppLevelToken(env.appToken))
	sock := socketmode.New(api, socketmode.OptionLog(slog.NewLogLogger(log.Handler(), slog.LevelDebug)))
	b, err := bot.New(bot.Options{Socket: sock, Index: ix, Location: cfg.Location, Admins: cfg.Admins, Logger: log})
	if err != nil {
		return err
	}
	log.Info("sessionbot starting", slog.String("api_url", env.apiURL), slog.String("timezone", cfg.Timezone))
	if err := b.Run(ctx); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	log.Info("sessionbot stopped")
	return nil
}

// readSlackEnv reads and checks the tokens and API URL, naming every
// problem at once.
func readSlackEnv(getenv func(string) string) (slackEnv, error) {
	env := slackEnv{
		botToken: strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		appToken: strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		apiURL:   strings.TrimSpace(getenv("SLACK_API_URL")),
	}
	errs := []error{
		checkToken("SLACK_BOT_TOKEN", env.botToken, "xoxb-", botTokenHelp),
		checkToken("SLACK_APP_TOKEN", env.appToken, "xapp-", appTokenHelp),
	}
	if err := errors.Join(errs...); err != nil {
		return env, fmt.Errorf("run: Slack tokens:\n%w", err)
	}
	if env.apiURL == "" {
		env.apiURL = defaultAPIURL
	}
	if !strings.HasSuffix(env.apiURL, "/") {
		env.apiURL += "/"
	}
	return env, nil
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
