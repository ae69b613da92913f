package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot"
)

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

// verifyTimeout bounds the token checks at start.
const verifyTimeout = 30 * time.Second

// verifyTokens asks Slack, before anything starts, whether it takes the
// tokens: auth.test for the bot token, which must name a bot, and
// apps.connections.open for the app-level token (the URL it hands out is
// left unused; the Socket Mode client asks for its own). A token Slack
// refuses is named, with how to get the right one. Slack unreachable or
// busy is only logged: the bot retries connecting anyway.
func verifyTokens(ctx context.Context, log *slog.Logger, api *slack.Client) error {
	ctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	defer cancel()
	var errs []error
	auth, err := api.AuthTestContext(ctx)
	switch {
	case err != nil:
		errs = append(errs, rejected(log, "SLACK_BOT_TOKEN", "auth.test", err, botTokenHelp))
	case auth.BotID == "":
		errs = append(errs, fmt.Errorf("  SLACK_BOT_TOKEN is not a bot's token: auth.test names user %q and no bot. %s", auth.User, botTokenHelp))
	default:
		log.Info("Slack accepted the bot token", slog.String("team_id", auth.TeamID),
			slog.String("user_id", auth.UserID), slog.String("bot_id", auth.BotID))
	}
	if _, _, err := api.StartSocketModeContext(ctx); err != nil {
		errs = append(errs, rejected(log, "SLACK_APP_TOKEN", "apps.connections.open", err, appTokenHelp))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("run: Slack tokens:\n%w", err)
	}
	return nil
}

// rejected names the variable whose token Slack refused in err, or logs err
// and returns nil when it is not a refusal (a network error, a 5xx, a 429).
func rejected(log *slog.Logger, name, method string, err error, help string) error {
	code, ok := bot.TokenRejected(err)
	if !ok {
		log.Warn("could not check a Slack token; going on", slog.String("variable", name),
			slog.String("method", method), slog.Any("error", err))
		return nil
	}
	return fmt.Errorf("  %s was rejected by Slack (%s: %s%s). %s", name, method, code, why(code), help)
}

// appTokenAtFault names SLACK_APP_TOKEN when the bot stopped because Slack
// refused it on (re)connecting; other errors pass unchanged.
func appTokenAtFault(err error) error {
	code, ok := bot.TokenRejected(err)
	if !ok {
		return err
	}
	return fmt.Errorf("run: Slack tokens:\n  SLACK_APP_TOKEN was rejected by Slack while connecting (%s%s). %s", code, why(code), appTokenHelp)
}

// why explains the error codes that mean a token was refused.
func why(code string) string {
	switch code {
	case "invalid_auth":
		return ": the token is wrong — mistyped, of another app or workspace, or of another kind"
	case "not_authed":
		return ": no token reached Slack"
	case "account_inactive":
		return ": the workspace or user the token belongs to was deactivated"
	case "token_revoked":
		return ": the token was revoked (the app uninstalled, or the token regenerated)"
	case "token_expired":
		return ": the token expired (token rotation is on): take a fresh one"
	case "not_allowed_token_type":
		return ": it is the wrong kind of token here"
	case "missing_scope":
		return ": the token lacks a scope it needs"
	}
	return ""
}
