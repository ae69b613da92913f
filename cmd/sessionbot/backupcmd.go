package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/sessionbot/sessionbot/backup"
	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/schedule"
	"github.com/sessionbot/sessionbot/store"
)

// runBackup writes a copy of the store to OUT: directly when no process
// has it open, else through the running bot's operations listener (GET
// /backup), which copies it without stopping.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs, cfgPath := newFlags("backup", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.oneOperand("OUT"); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath, getenv)
	if err != nil {
		return err
	}
	out, path := fs.Arg(0), filepath.Join(cfg.DataDir, storeFile)
	info, err := store.BackupFile(path, out, store.Options{Timeout: storeTimeout})
	via := ""
	switch {
	case errors.Is(err, store.ErrInUse):
		info, err = fetchBackup(ctx, cfg, out)
		via = " (from the running bot)"
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("backup: there is no store to back up: %s does not exist", path)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s%s: %s\n", path, out, via, describe(info))
	return nil
}

// fetchBackup writes the running bot's GET /backup to out.
func fetchBackup(ctx context.Context, cfg *config.Config, out string) (store.Info, error) {
	base, err := opsURL(cfg)
	if err != nil {
		return store.Info{}, fmt.Errorf("the data directory is in use (by the running bot?) and %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/backup", nil)
	if err != nil {
		return store.Info{}, err
	}
	resp, err := localClient().Do(req)
	if err != nil {
		return store.Info{}, fmt.Errorf("the data directory is in use, and the bot's operations listener does not answer: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return store.Info{}, fmt.Errorf("GET %s/backup: %s", base, resp.Status)
	}
	return store.SaveBackup(out, func(w io.Writer) error {
		n, err := io.Copy(w, resp.Body)
		if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
			err = fmt.Errorf("got %d of %d bytes", n, resp.ContentLength)
		}
		return err
	})
}

// runRestore installs a backup as the store, with the bot stopped: the
// file is checked first, the store it replaces is kept beside it, and the
// index is removed, to be rebuilt from the restored store at the next start.
func runRestore(_ context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs, cfgPath := newFlags("restore", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.oneOperand("IN"); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath, getenv)
	if err != nil {
		return err
	}
	in, path := fs.Arg(0), filepath.Join(cfg.DataDir, storeFile)
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return explainOpenError(cfg.DataDir, fmt.Errorf("data directory: %w", err))
	}
	done, err := store.Install(in, path, time.Now(), store.Options{Timeout: storeTimeout})
	switch {
	case errors.Is(err, store.ErrInUse):
		return fmt.Errorf("restore: %s is in use: stop the running sessionbot first", path)
	case err != nil:
		return err // store's errors name the restore and the files
	}
	fmt.Fprintf(stdout, "restored %s from %s: %s\n", path, in, describe(done.Info))
	if done.Kept != "" {
		fmt.Fprintf(stdout, "the store it replaced is kept as %s\n", done.Kept)
	}
	if err := os.RemoveAll(filepath.Join(cfg.DataDir, indexDir)); err != nil {
		return fmt.Errorf("restore: the store is restored, but the old index could not be removed (remove it by hand; "+
			"sessionbot rebuilds it): %w", err)
	}
	fmt.Fprintln(stdout, "the search index is rebuilt from it when sessionbot next starts")
	return nil
}

// describe sums up a store for the terminal.
func describe(info store.Info) string {
	if info.Older {
		return fmt.Sprintf("store format %d, an older one: sessionbot upgrades it when it next opens it (keeping a copy)", info.Format)
	}
	s := fmt.Sprintf("store format %d, %d sessions, %d reminders to send, %d follows", info.Format, info.Sessions, info.Reminders, info.Follows)
	if !info.LastSync.IsZero() {
		s += ", last synced " + info.LastSync.Format(time.RFC3339)
	}
	return s
}

// oneOperand checks that exactly one argument, named name, follows the flags.
func (f *flags) oneOperand(name string) error {
	switch f.NArg() {
	case 1:
		return nil
	case 0:
		return fmt.Errorf("%s: %s is missing\n\n%s", f.Name(), name, f.usage())
	}
	return fmt.Errorf("%s: unexpected argument %q\n\n%s", f.Name(), f.Arg(1), f.usage())
}

// backupJobs is the scheduled backup job, when backup.schedule is set.
func backupJobs(cfg *config.Config, log *slog.Logger, st *store.Store) []schedule.Job {
	if cfg.Backup.Schedule == "" {
		return nil
	}
	job := backup.Job{Store: st, Dir: cfg.Backup.Dir, Keep: cfg.Backup.Keep, Logger: log}
	return []schedule.Job{{Name: "backup", Spec: cfg.Backup.Schedule, Run: job.Run}}
}
