package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/programme"
	"github.com/sessionbot/sessionbot/redact"
	"github.com/sessionbot/sessionbot/session"
)

// runSync fetches the source once and prints what is new, changed and removed
// against the stored catalogue. Without -dry-run it applies the change (store,
// index, announcement outbox) through the same Syncer as the bot's cron job,
// and posts the announcements when SLACK_BOT_TOKEN (or _FILE) is set.
func runSync(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs, path := newFlags("sync", stdout)
	dryRun := fs.Bool("dry-run", false, "print the changes without applying them")
	force := fs.Bool("force", false, "accept a snapshot that loses more than source.max_drop of the sessions")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(*path, getenv)
	if err != nil {
		return err
	}
	log := quietLogger(stdout)
	a, err := openApp(cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	now := time.Now()
	rep, err := a.syncer.Sync(ctx, now, programme.SyncOptions{DryRun: *dryRun, Force: *force})
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	printDiff(stdout, rep, cfg.Location)
	if *dryRun {
		fmt.Fprintln(stdout, "dry run: nothing changed")
		return nil
	}
	if cat, err := a.store.Catalogue(); err == nil {
		fmt.Fprintf(stdout, "the catalogue now holds %d sessions\n", len(cat))
	}
	return flushFromTerminal(ctx, a, cfg, getenv, log, stdout, now)
}

// flushFromTerminal posts queued announcements when a bot token is at hand;
// otherwise they wait in the outbox for `sessionbot run`. Notices for the
// admins always wait for `sessionbot run`.
func flushFromTerminal(ctx context.Context, a *app, cfg *config.Config, getenv func(string) string, log *slog.Logger, stdout io.Writer, now time.Time) error {
	pending, err := a.store.Pending()
	if err != nil || len(pending) == 0 || cfg.Announce.Channel == "" {
		return err
	}
	token, _, err := secret(getenv, "SLACK_BOT_TOKEN")
	if err != nil {
		return fmt.Errorf("sync: post announcements: %w", err)
	}
	if !strings.HasPrefix(token, "xoxb-") {
		fmt.Fprintf(stdout, "%d announcement(s) queued: `sessionbot run` posts them (or set SLACK_BOT_TOKEN)\n", len(pending))
		return nil
	}
	api := slack.New(token, slack.OptionAPIURL(apiURL(getenv)))
	sender := &delivery.Sender{API: api, Channels: a.store, Logger: log}
	posted, err := newAnnouncer(cfg, log, a, sender).Flush(ctx, now)
	fmt.Fprintf(stdout, "%d announcement(s) posted to %s\n", posted, cfg.Announce.Channel)
	return err
}

func printDiff(w io.Writer, rep programme.Report, loc *time.Location) {
	fmt.Fprintln(w, summary(rep))
	d := rep.Diff
	for _, s := range d.Added {
		fmt.Fprintf(w, "+ %s  %s%s\n", s.ID, s.Title, when(s, loc))
	}
	for _, c := range d.Changed {
		fmt.Fprintf(w, "~ %s  %s (%s)\n", c.New.ID, c.New.Title, strings.Join(c.Fields, ", "))
	}
	for _, s := range d.Removed {
		fmt.Fprintf(w, "- %s  %s\n", s.ID, s.Title)
	}
}

func when(s session.Session, loc *time.Location) string {
	if s.Start.IsZero() {
		return ""
	}
	return " · " + timeRange(s.Start, s.End, loc)
}

// quietLogger logs only warnings and errors, as terminal commands print their
// own results; secrets are masked as in the bot's log.
func quietLogger(w io.Writer) *slog.Logger {
	return slog.New(redact.Handler(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn})))
}
