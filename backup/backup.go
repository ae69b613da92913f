// Package backup writes scheduled backups of the store: a consistent copy,
// taken while the bot runs, into a folder of its own, keeping the newest
// few. Taking one copy and restoring it are the store's business
// (store.WriteBackup, store.Install); this package names, writes and
// rotates the files.
package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sessionbot/sessionbot/store"
)

// File names: sessionbot-20261128T030000Z.db, which sort by time.
const (
	prefix     = "sessionbot-"
	suffix     = ".db"
	timeLayout = "20060102T150405Z"
)

// source is the store a Job copies; *store.Store is one.
type source interface {
	WriteBackup(w io.Writer, size func(int64)) (int64, error)
}

// Job writes a backup of Store into Dir and removes all but the newest Keep.
type Job struct {
	Store  source
	Dir    string
	Keep   int // at least 1
	Logger *slog.Logger
}

// Name is a backup's file name for a copy taken at now.
func Name(now time.Time) string {
	return prefix + now.UTC().Format(timeLayout) + suffix
}

// Run writes the backup for now (checked before it takes its name; see
// store.SaveBackup), then removes the oldest ones beyond Keep. A backup
// that fails leaves the older ones alone.
func (j Job) Run(_ context.Context, now time.Time) error {
	if err := os.MkdirAll(j.Dir, 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	out := filepath.Join(j.Dir, Name(now))
	start := time.Now()
	info, err := store.SaveBackup(out, func(w io.Writer) error {
		_, err := j.Store.WriteBackup(w, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("backup: write %s: %w", out, err)
	}
	j.log().Info("backup written", slog.String("file", out), slog.Int("sessions", info.Sessions),
		slog.Int("reminders", info.Reminders), slog.Int("follows", info.Follows), slog.Duration("took", time.Since(start)))
	return j.prune()
}

// prune removes the backups beyond the newest Keep.
func (j Job) prune() error {
	names, err := List(j.Dir)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var errs []error
	for len(names) > max(j.Keep, 1) {
		old := filepath.Join(j.Dir, names[0])
		if err := os.Remove(old); err != nil {
			errs = append(errs, fmt.Errorf("backup: remove an old backup: %w", err))
		} else {
			j.log().Info("old backup removed", slog.String("file", old))
		}
		names = names[1:]
	}
	return errors.Join(errs...)
}

// List returns the names of the backups in dir, oldest first. Other files
// are not backups and are left alone.
func List(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		stamp, ok := strings.CutPrefix(name, prefix)
		if stamp, ok2 := strings.CutSuffix(stamp, suffix); ok && ok2 && e.Type().IsRegular() {
			if _, err := time.Parse(timeLayout, stamp); err == nil {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	return names, nil
}

func (j Job) log() *slog.Logger {
	if j.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return j.Logger
}
