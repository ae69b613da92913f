package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/redact"
)

// runCheck validates the config (the synonyms file too) and parses the
// source, listing every problem of both in one run. Skipped records are
// warnings; a bad config, an unusable source or one read in the wrong
// format fails.
func runCheck(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	stdout = redact.Writer(stdout) // check echoes config values: mask the secrets among them
	fs, path := newFlags("check", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(configPath(*path), getenv)
	opts, optErr := indexOptions(cfg)
	if cfgErr := joinProblems(err, optErr); cfgErr != nil {
		fmt.Fprintln(stdout, invalidConfig(cfgErr))
		err = cfgErr
	}
	if !checkSource(ctx, stdout, cfg) || err != nil {
		return errReported
	}
	printSummary(stdout, cfg, opts)
	return nil
}

// joinProblems joins the config's problems with those of its synonyms,
// one a line.
func joinProblems(cfgErr, optErr error) error {
	switch {
	case cfgErr == nil:
		return optErr
	case optErr == nil:
		return cfgErr
	}
	return fmt.Errorf("%w\n%w", cfgErr, optErr)
}

func printSummary(w io.Writer, cfg *config.Config, opts index.Options) {
	announce := "off (announce.channel is empty)"
	if cfg.Announce.Channel != "" {
		announce = "to " + cfg.Announce.Channel
	}
	fmt.Fprintf(w, "data_dir %s · timezone %s · poll %q · announcements %s · admins %s\n",
		cfg.DataDir, cfg.Timezone, cfg.Source.Poll, announce, orNone(strings.Join(cfg.Admins, ", ")))
	langs := "languages " + strings.Join(opts.Languages, ", ")
	if len(opts.Languages) == 0 {
		langs = "languages from the programme (else en)"
	}
	fmt.Fprintf(w, "search: %s · %d synonym %s of your own\n",
		langs, len(opts.Synonyms), plural(len(opts.Synonyms), "group", "groups"))
	fmt.Fprintf(w, "reminders: %v before, handed to Slack from %v ahead · %s\n", cfg.Reminders.Lead, cfg.Reminders.ScheduleAhead, liveSummary(cfg))
	fmt.Fprintf(w, "operations: %s\n", opsSummary(cfg))
}

// opsSummary says where the operations listener listens and where
// scheduled backups go.
func opsSummary(cfg *config.Config) string {
	listen := "listener off (ops.listen is empty: no health checks, metrics or backups from the running bot)"
	if cfg.Ops.Listen != "" {
		listen = "/healthz, /readyz, /metrics and /backup on " + cfg.Ops.Listen
	}
	backups := "scheduled backups off"
	if cfg.Backup.Schedule != "" {
		backups = fmt.Sprintf("backups %q into %s, the newest %d kept", cfg.Backup.Schedule, cfg.Backup.Dir, cfg.Backup.Keep)
	}
	return listen + " · " + backups
}

// liveSummary says where room posts and the day's digest go.
func liveSummary(cfg *config.Config) string {
	rooms := "room posts off (live.rooms and live.channel are empty)"
	if n := len(cfg.Live.Rooms); n > 0 || cfg.Live.Channel != "" {
		rooms = fmt.Sprintf("room posts %v before to %d %s", cfg.Live.Lead, n, plural(n, "room's channel", "rooms' channels"))
		if cfg.Live.Channel != "" {
			rooms += " and every other room to " + cfg.Live.Channel
		}
	}
	digest := "digest off"
	if cfg.Digest.Time != "" {
		digest = "digest at " + cfg.Digest.Time
	}
	return rooms + " · " + digest
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
