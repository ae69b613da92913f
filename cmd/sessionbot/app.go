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
	"github.com/sessionbot/sessionbot/programme"
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
// it damaged) and the sync over both.
type app struct {
	store  *store.Store
	index  *index.Index
	search *healingIndex // the index for searching
	syncer *programme.Syncer
}

// openApp opens the data directory.
func openApp(cfg *config.Config, log *slog.Logger) (*app, error) {
	opts, err := indexOptions(cfg)
	if err != nil {
		return nil, invalidConfig(err)
	}
	st, err := openStore(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if up := st.Upgraded(); up.From != 0 {
		log.Warn("store upgraded to a new format", slog.Int("from", up.From), slog.Int("to", up.To), slog.String("copy_of_old", up.Snapshot))
	}
	ix, err := index.Open(filepath.Join(cfg.DataDir, indexDir), opts)
	if err != nil {
		st.Close()
		return nil, explainOpenError(cfg.DataDir, err)
	}
	a := &app{store: st, index: ix, syncer: newSyncer(cfg, log, st, ix),
		search: &healingIndex{index: ix, catalogue: st.Catalogue, log: log, now: time.Now}}
	if _, err := a.syncer.Reindex(); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// newSyncer is the sync the config asks for. Its notices to the admins
// wait in the store for `sessionbot run` to send; run also gives it an
// Alarm, for when the store cannot take them.
func newSyncer(cfg *config.Config, log *slog.Logger, st *store.Store, ix *index.Index) *programme.Syncer {
	return &programme.Syncer{
		Source: programme.Source{
			URL: cfg.Source.URL, Format: cfg.Source.Format, Location: cfg.Location,
			MaxDrop: cfg.Source.MaxDrop, DropHold: cfg.Source.DropHold, MaxSessions: cfg.Source.MaxSessions,
		},
		Fetcher:  newFetcher(cfg),
		Store:    st,
		Index:    ix,
		Announce: programme.Announce{Channel: cfg.Announce.Channel, OnFirstSync: cfg.Announce.OnFirstSync, Changes: cfg.Announce.Changes},
		Admins:   cfg.Admins,
		Logger:   log,
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
	_, err := a.syncer.Sync(ctx, now, programme.SyncOptions{})
	if err == nil {
		return "", nil
	}
	meta, merr := a.store.Meta()
	if merr != nil || !meta.Synced {
		return "", err
	}
	return fmt.Sprintf("the programme could not be updated: %s (%v); searching the last good programme from %s",
		programme.Explain(err), err, meta.LastSuccess.Format(time.RFC1123)), nil
}

// summary is the one-line outcome of a sync, for the terminal and for the
// admin who ran /session sync or pressed Accept.
func summary(rep programme.Report) string {
	switch {
	case rep.Stale:
		return "that programme update is no longer held (it was accepted or dropped, or the source changed since); nothing was done"
	case rep.Held:
		return fmt.Sprintf("held: the new snapshot would remove %d of the sessions (probably a broken page); "+
			"the admins have a DM with a button to accept it, or run `sync force`", len(rep.Diff.Removed))
	case rep.NotModified, rep.Unchanged:
		out := "the programme is unchanged"
		if rep.Released {
			out += "; the held update was dropped"
		}
		return out
	}
	d := rep.Diff
	out := fmt.Sprintf("%d new, %d changed, %d removed", len(d.Added), len(d.Changed), len(d.Removed))
	if rep.Accepted {
		out += " (a large drop, accepted)"
	}
	if rep.Queued > 0 {
		out += fmt.Sprintf("; %d announcement(s) queued", rep.Queued)
	}
	return out
}
