package main

import (
	"context"
	"fmt"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/session"
)

// newFetcher is the source fetcher the config asks for.
func newFetcher(cfg *config.Config) *session.Fetcher {
	return &session.Fetcher{Timeout: cfg.Source.Timeout, MaxBytes: cfg.Source.MaxSize}
}

// loadSource fetches and parses the configured programme, unconditionally
// and without touching the data directory (check runs beside a live bot).
func loadSource(ctx context.Context, cfg *config.Config) (session.Result, error) {
	got, err := newFetcher(cfg).Fetch(ctx, cfg.Source.URL, session.Validators{})
	if err != nil {
		return session.Result{}, fmt.Errorf("source %s: %w", cfg.Source.URL, err)
	}
	res, err := session.Parse(got.Data, session.Options{
		Format:      cfg.Source.Format,
		Location:    cfg.Location,
		ContentType: got.ContentType,
		MaxSessions: cfg.Source.MaxSessions,
	})
	if err != nil {
		return res, fmt.Errorf("source %s: %w", cfg.Source.URL, err)
	}
	return res, nil
}
