// Package ops serves the operations listener: an opt-in HTTP server, on an
// address the operator chooses, for probes and other endpoints meant for
// operators rather than Slack. It owns the serving (routes, timeouts, start
// and graceful stop); what each endpoint reports belongs to whoever
// registers it. /healthz, which says only that the process runs, is built in;
// Ready turns named checks into a readiness endpoint (ready.go).
package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Timeouts for the listener: a client gets little time to send its request
// (slow clients must not pile up connections) but any time to read a long
// response, since a handler may stream one.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	idleTimeout       = 60 * time.Second
	maxHeaderBytes    = 16 << 10
)

// DefaultShutdownTimeout is how long Serve waits for requests in flight once
// its context ends.
const DefaultShutdownTimeout = 10 * time.Second

// Server is the operations listener's HTTP server.
type Server struct {
	mux *http.ServeMux
	log *slog.Logger
	// ShutdownTimeout bounds the wait for requests in flight when Serve's
	// context ends; past it their connections are closed.
	ShutdownTimeout time.Duration
}

// New returns a server with /healthz registered.
func New(log *slog.Logger) *Server {
	s := &Server{mux: http.NewServeMux(), log: log, ShutdownTimeout: DefaultShutdownTimeout}
	s.mux.HandleFunc("GET /healthz", healthz)
	return s
}

// Handle registers h for pattern, in http.ServeMux's syntax ("GET /readyz").
// Register every route before calling Serve.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.mux.Handle(pattern, h)
}

// Listen opens the listener for addr (host:port; port 0 picks a free one), so
// that a taken or bad address fails the start before anything else runs.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("ops: listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Serve answers requests on ln until ctx ends, then stops accepting, lets the
// requests in flight finish (up to ShutdownTimeout) and returns nil. It closes
// ln. Any other end of serving is returned as an error.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.mux,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.log.Info("operations listener up", slog.String("addr", ln.Addr().String()))
	select {
	case err := <-served:
		return fmt.Errorf("ops: serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	return s.shutdown(srv, served)
}

// shutdown stops srv, waiting for requests in flight up to ShutdownTimeout.
func (s *Server) shutdown(srv *http.Server, served <-chan error) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err != nil {
		s.log.Warn("operations listener: requests still running at shutdown, closed", slog.Any("error", err))
		err = srv.Close()
	}
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		return fmt.Errorf("ops: serve: %w", serr)
	}
	return err
}

// healthz answers 200 while the process runs: it checks nothing else, so a
// supervisor restarts only a process that no longer answers at all.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}
