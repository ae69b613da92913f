package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/metrics"
	"github.com/sessionbot/sessionbot/ops"
	"github.com/sessionbot/sessionbot/store"
)

// startOps serves the operations listener when ops.listen is set —
// /healthz, /readyz, /metrics and /backup — until the returned stop is
// called, which waits for it to finish. A taken or bad address fails at
// once.
func startOps(ctx context.Context, cfg *config.Config, log *slog.Logger, tel *telemetry, a *app, connected func() bool) (stop func(), err error) {
	if cfg.Ops.Listen == "" {
		return func() {}, nil
	}
	ln, err := ops.Listen(cfg.Ops.Listen)
	if err != nil {
		return nil, err
	}
	metrics.RegisterState(tel.reg, state(a, connected))
	srv := ops.New(log)
	srv.Handle("GET /readyz", ops.Ready(readiness{store: a.store, connected: connected, poll: cfg.Source.Poll,
		loc: cfg.Location, now: time.Now}.checks()...))
	srv.Handle("GET /metrics", metrics.Handler(tel.reg))
	srv.Handle("GET /backup", backupHandler(a.store, log))
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ctx, ln); err != nil {
			log.Error("operations listener failed", slog.Any("error", err))
		}
	}()
	return func() { cancel(); <-done }, nil
}

// readiness is what /readyz checks: the store answers, Slack is connected,
// and the programme is fresh.
type readiness struct {
	store     *store.Store
	connected func() bool
	poll      string // source.poll
	loc       *time.Location
	now       func() time.Time
}

func (r readiness) checks() []ops.Check {
	return []ops.Check{
		{Name: "store", Run: func(context.Context) error {
			_, err := r.store.Meta()
			return err
		}},
		{Name: "slack", Run: func(context.Context) error {
			if !r.connected() {
				return errors.New("the Socket Mode connection is not up")
			}
			return nil
		}},
		{Name: "sync", Run: func(context.Context) error { return r.synced() }},
	}
}

// synced holds when the last sync succeeded, or the last successful one
// is younger than three poll intervals (three runs of source.poll have not
// passed since).
func (r readiness) synced() error {
	meta, err := r.store.Meta()
	switch {
	case err != nil:
		return err
	case !meta.Synced && meta.LastError != "":
		return fmt.Errorf("no programme yet: the first sync failed: %s", meta.LastError)
	case !meta.Synced:
		return errors.New("no programme yet: the first sync has not finished")
	case meta.LastError == "":
		return nil
	}
	sched, err := cron.ParseStandard(r.poll)
	if err != nil {
		return fmt.Errorf("source.poll: %w", err)
	}
	deadline := meta.LastSuccess.In(r.loc)
	for range 3 {
		deadline = sched.Next(deadline)
	}
	if r.now().Before(deadline) {
		return nil
	}
	return fmt.Errorf("no successful sync for three polls, since %s; the last attempt (%s): %s",
		meta.LastSuccess.Format(time.RFC3339), meta.LastAttempt.Format(time.RFC3339), meta.LastError)
}

// backupHandler streams a consistent copy of the store (GET /backup), its
// length announced, so that a cut-off copy is seen as one.
func backupHandler(st *store.Store, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "application/octet-stream")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Disposition", `attachment; filename="sessionbot-`+time.Now().UTC().Format("20060102T150405Z")+`.db"`)
		n, err := st.WriteBackup(w, func(size int64) { h.Set("Content-Length", strconv.FormatInt(size, 10)) })
		if err == nil {
			log.Info("backup served", slog.Int64("bytes", n), slog.String("remote_addr", r.RemoteAddr))
			return
		}
		log.Error("backup not served", slog.Int64("bytes", n), slog.Any("error", err))
		if n == 0 {
			h.Del("Content-Length")
			h.Del("Content-Disposition")
			http.Error(w, "the backup failed; see the bot's log", http.StatusInternalServerError)
			return
		}
		panic(http.ErrAbortHandler) // the client sees a copy shorter than announced
	})
}
