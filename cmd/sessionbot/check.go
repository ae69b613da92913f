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
// source, listing every problem. Skipped records are warnings; a bad config
// or an unusable source fails.
func runCheck(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	stdout = redact.Writer(stdout) // check echoes config values: mask the secrets among them
	fs, path := newFlags("check", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(*path, getenv)
	if err != nil {
		fmt.Fprintln(stdout, err)
		return errReported
	}
	opts, optErr := indexOptions(cfg)
	if optErr != nil {
		fmt.Fprintln(stdout, invalidConfig(optErr))
	}
	res, err := loadSource(ctx, cfg)
	for _, w := range res.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	if err != nil {
		fmt.Fprintf(stdout, "error: %v\n", err)
		return errReported
	}
	fmt.Fprintf(stdout, "ok: %s (%s): %d sessions%s\n", cfg.Source.URL, res.Format, len(res.Sessions), warningCount(len(res.Warnings)))
	if optErr != nil {
		return errReported
	}
	printSummary(stdout, cfg, opts)
	return nil
}

func warningCount(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", %d skipped or repaired (see warnings)", n)
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
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
