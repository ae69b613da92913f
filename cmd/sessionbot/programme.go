package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
)

// indexDir is where the bleve index lives inside data_dir.
const indexDir = "index"

// loadSource fetches and parses the configured programme.
func loadSource(ctx context.Context, cfg *config.Config) (session.Result, error) {
	f := &session.Fetcher{Timeout: cfg.Source.Timeout, MaxBytes: cfg.Source.MaxSize}
	got, err := f.Fetch(ctx, cfg.Source.URL, session.Validators{})
	if err != nil {
		return session.Result{}, fmt.Errorf("source %s: %w", cfg.Source.URL, err)
	}
	res, err := session.Parse(got.Data, session.Options{
		Format:      cfg.Source.Format,
		Location:    cfg.Location,
		ContentType: got.ContentType,
	})
	if err != nil {
		return res, fmt.Errorf("source %s: %w", cfg.Source.URL, err)
	}
	return res, nil
}

// openIndex opens (or creates) the index in data_dir.
func openIndex(cfg *config.Config) (*index.Index, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	return index.Open(filepath.Join(cfg.DataDir, indexDir), index.Options{Location: cfg.Location})
}

// syncedIndex opens the index and brings it in step with the source: an
// unchanged programme costs a hash comparison, not a reindex.
func syncedIndex(ctx context.Context, cfg *config.Config) (*index.Index, session.Result, error) {
	res, err := loadSource(ctx, cfg)
	if err != nil {
		return nil, res, err
	}
	ix, err := openIndex(cfg)
	if err != nil {
		return nil, res, err
	}
	if _, err := ix.Sync(res.Sessions); err != nil {
		ix.Close()
		return nil, res, err
	}
	return ix, res, nil
}
