package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sessionbot/sessionbot/session"
)

// runSync fetches the source once and prints what is new, changed and removed
// against the index; without -dry-run it also applies the change to the index.
func runSync(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs, path := newFlags("sync", stdout)
	dryRun := fs.Bool("dry-run", false, "print the changes without applying them")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(*path, getenv)
	if err != nil {
		return err
	}
	res, err := loadSource(ctx, cfg)
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	ix, err := openIndex(cfg)
	if err != nil {
		return err
	}
	defer ix.Close()
	current, err := ix.Sessions()
	if err != nil {
		return err
	}
	diff := session.Compare(current, res.Sessions)
	printDiff(stdout, diff, cfg.Location)
	if *dryRun {
		fmt.Fprintln(stdout, "dry run: nothing changed")
		return nil
	}
	if _, err := ix.Sync(res.Sessions); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "index now holds %d sessions\n", len(res.Sessions))
	return nil
}

func printDiff(w io.Writer, d session.Diff, loc *time.Location) {
	fmt.Fprintf(w, "%d new, %d changed, %d removed\n", len(d.Added), len(d.Changed), len(d.Removed))
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
