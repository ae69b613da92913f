package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/ops"
)

// healthTimeout bounds the probe: the image's HEALTHCHECK gives it 5 s.
const healthTimeout = 4 * time.Second

// runHealth probes the running bot's /readyz on ops.listen and prints one
// line: "ready" (exit 0), or what is not ready as its error (exit 1).
func runHealth(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs, cfgPath := newFlags("health", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath, getenv)
	if err != nil {
		return err
	}
	base, err := opsURL(cfg)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	r, err := probe(ctx, base+"/readyz")
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	if !r.Ready {
		return fmt.Errorf("not ready: %s", notReady(r))
	}
	fmt.Fprintln(stdout, "ready")
	return nil
}

// probe asks url for a Readiness answer.
func probe(ctx context.Context, url string) (ops.Readiness, error) {
	var r ops.Readiness
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return r, err
	}
	resp, err := localClient().Do(req)
	if err != nil {
		return r, fmt.Errorf("%w (is sessionbot running, with this ops.listen?)", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusServiceUnavailable {
		return r, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&r); err != nil {
		return r, fmt.Errorf("GET %s: not a readiness answer: %w", url, err)
	}
	return r, nil
}

// notReady lists the checks that failed: "slack: …; sync: …".
func notReady(r ops.Readiness) string {
	var out []string
	for _, c := range r.Checks {
		if !c.OK {
			out = append(out, c.Name+": "+c.Error)
		}
	}
	if len(out) == 0 {
		return "no reason given"
	}
	return strings.Join(out, "; ")
}

// opsURL is the base URL to reach the operations listener of the bot
// configured by cfg, from the same machine: an address that listens on
// every interface is reached through the loopback one.
func opsURL(cfg *config.Config) (string, error) {
	if cfg.Ops.Listen == "" {
		return "", errors.New("ops.listen is not set: the running bot serves its health, metrics and backups " +
			"only with it (for example " + config.EnvName("ops.listen") + "=127.0.0.1:9090)")
	}
	host, port, err := net.SplitHostPort(cfg.Ops.Listen)
	if err != nil {
		return "", fmt.Errorf("ops.listen: %w", err)
	}
	switch ip := net.ParseIP(host); {
	case host == "":
		host = "127.0.0.1"
	case ip != nil && ip.IsUnspecified() && ip.To4() != nil:
		host = "127.0.0.1"
	case ip != nil && ip.IsUnspecified():
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

// localClient is the HTTP client for the operations listener: on this
// machine, so never through a proxy.
func localClient() *http.Client {
	return &http.Client{Transport: &http.Transport{Proxy: nil, ResponseHeaderTimeout: time.Minute}}
}
