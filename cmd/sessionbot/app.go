package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/schedule"
	"github.com/sessionbot/sessionbot/store"
)

// Where the state lives inside data_dir.
const (
	storeFile = "sessionbot.db"
	indexDir  = "index"
)

// storeTimeout is how long Open waits for another process's lock on the store.
const storeTimeout = time.Second

// app is what run, search and sync share: the store (the truth), the index
// (refilled from the store when it lags, rebuilt from it when a search finds
// it damaged) and the sync job over both.
type app struct {
	store  *store.Store
	index  *index.Index
	search *healingIndex // the index for searching
	syncer *schedule.Syncer
}

// openApp opens the data directory. notifier (may be nil) tells admins about
// sources that fail or shrink.
func openApp(cfg *config.Config, log *slog.Logger, notifier schedule.Notifier) (*app, error) {
	opts, err := indexOptions(cfg)
	if err != nil {
		return nil, invalidConfig(err)
	}
	st, err := openStore(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(filepath.Join(cfg.DataDir, indexDir), opts)
	if err != nil {
		st.Close()
		return nil, explainOpenError(cfg.DataDir, err)
	}
	a := &app{store: st, index: ix, syncer: newSyncer(cfg, log, notifier, st, ix),
		search: &healingIndex{index: ix, catalogue: st.Catalogue, log: log, now: time.Now}}
	if _, err := a.syncer.Reindex(); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func newSyncer(cfg *config.Config, log *slog.Logger, notifier schedule.Notifier, st *store.Store, ix *index.Index) *schedule.Syncer {
	return &schedule.Syncer{
		Source: schedule.Source{
			URL: cfg.Source.URL, Format: cfg.Source.Format, Location: cfg.Location, MaxDrop: cfg.Source.MaxDrop,
		},
		Fetcher:     newFetcher(cfg),
		Store:       st,
		Index:       ix,
		Channel:     cfg.Announce.Channel,
		OnFirstSync: cfg.Announce.OnFirstSync,
		Changes:     cfg.Announce.Changes,
		Notifier:    notifier,
		Logger:      log,
	}
}

// Close closes the index and the store.
func (a *app) Close() error {
	return errors.Join(a.index.Close(), a.store.Close())
}

// syncForSearch brings the programme up to date before an offline search.
// When the source fails, the last good programme is searched (with a note);
// only a data directory that never synced is an error.
func (a *app) syncForSearch(ctx context.Context, now time.Time) (string, error) {
	_, err := a.syncer.Sync(ctx, now, schedule.SyncOptions{})
	if err == nil {
		return "", nil
	}
	meta, merr := a.store.Meta()
	if merr != nil || !meta.Synced {
		return "", err
	}
	return fmt.Sprintf("the source could not be read (%v); searching the last good programme from %s",
		err, meta.LastSuccess.Format(time.RFC1123)), nil
}

// summary is the one-line outcome of a sync, for the terminal and for the
// admin who ran /session sync.
func summary(rep schedule.Report) string {
	switch {
	case rep.Refused:
		return fmt.Sprintf("refused: the new snapshot would remove %d of the sessions (probably a broken page); "+
			"it is accepted when seen again, or with `sync force`", len(rep.Diff.Removed))
	case rep.NotModified, rep.Unchanged:
		return "the programme is unchanged"
	}
	d := rep.Diff
	out := fmt.Sprintf("%d new, %d changed, %d removed", len(d.Added), len(d.Changed), len(d.Removed))
	if rep.Queued > 0 {
		out += fmt.Sprintf("; %d announcement(s) queued", rep.Queued)
	}
	return out
}
