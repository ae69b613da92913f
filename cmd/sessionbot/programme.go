package main

import (
	"context"
	"fmt"
	"io"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/session"
)

// newFetcher is the source fetcher the config asks for.
func newFetcher(cfg *config.Config) *session.Fetcher {
	return &session.Fetcher{Timeout: cfg.Source.Timeout, MaxBytes: cfg.Source.MaxSize}
}

// checkSource fetches and parses the configured programme, unconditionally
// and without touching the data directory (check runs beside a live bot),
// and prints its warnings and the verdict. It reports whether the source is
// usable: readable, and not mostly skipped or repaired.
func checkSource(ctx context.Context, w io.Writer, cfg *config.Config) bool {
	if cfg.Source.URL == "" {
		fmt.Fprintln(w, "error: the source was not checked: source.url is missing or invalid")
		return false
	}
	got, err := newFetcher(cfg).Fetch(ctx, cfg.Source.URL, session.Validators{})
	if err != nil {
		fmt.Fprintf(w, "error: source %s: %v\n", cfg.Source.URL, err)
		return false
	}
	opts := session.Options{Format: cfg.Source.Format, Location: cfg.Location, ContentType: got.ContentType,
		MaxSessions: cfg.Source.MaxSessions}
	res, err := session.Parse(got.Data, opts)
	for _, warn := range res.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	if err == nil {
		err = formatProblem(res, got)
	}
	if err != nil {
		fmt.Fprintf(w, "error: source %s: %v\n", cfg.Source.URL, err)
		return false
	}
	if cfg.TimezoneUnset && session.FloatingTimes(got.Data, opts) {
		fmt.Fprintln(w, "warning: timezone is not set and the source's times have no UTC offset, "+
			"so they are read as UTC: set timezone to the conference's zone (an IANA name like Europe/Brussels)")
	}
	fmt.Fprintf(w, "ok: %s (%s): %d sessions%s\n", cfg.Source.URL, res.Format, len(res.Sessions), damageNote(res))
	return true
}

// formatProblem fails a source most of whose records were skipped or
// repaired: it was most likely read in the wrong format. When the sniffer
// sees another format in the content, it names it.
func formatProblem(res session.Result, got session.Fetched) error {
	damaged, records := res.Damage()
	if damaged*2 <= records {
		return nil
	}
	msg := fmt.Sprintf("%d of %d records were skipped or repaired", damaged, records)
	if sniffed, err := session.Sniff(got.Data, got.ContentType); err == nil && sniffed != res.Format {
		return fmt.Errorf("%s: the content looks like %s, not %s: set source.format: %s (or auto)", msg, sniffed, res.Format, sniffed)
	}
	return fmt.Errorf("%s: is source.format (%s) right for this source?", msg, res.Format)
}

// damageNote sums up the warnings of a usable source for the "ok" line.
func damageNote(res session.Result) string {
	damaged, records := res.Damage()
	switch {
	case damaged > 0:
		return fmt.Sprintf(", %d of %d records skipped or repaired (see warnings)", damaged, records)
	case len(res.Warnings) > 0:
		return fmt.Sprintf(", %d %s", len(res.Warnings), plural(len(res.Warnings), "warning", "warnings"))
	}
	return ""
}
