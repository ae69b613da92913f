package main

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sessionbot/sessionbot/metrics"
)

// telemetry is what run measures itself with: one registry (never the
// client library's global one) holding the Go and process collectors and
// sessionbot's metrics, which the bot, the sync and the postman report to.
type telemetry struct {
	reg     *prometheus.Registry
	metrics *metrics.Metrics
}

func newTelemetry() *telemetry {
	reg := metrics.NewRegistry()
	return &telemetry{reg: reg, metrics: metrics.New(reg)}
}

// slackHTTP is the HTTP client for slack-go: its default (no timeout of its
// own; every call has a context) with each Web API call counted.
func (t *telemetry) slackHTTP() *http.Client {
	return &http.Client{Transport: t.metrics.SlackTransport(http.DefaultTransport)}
}

// observe has the sync and the postman report to the metrics.
func (t *telemetry) observe(a *app, w *workers) {
	a.syncer.Observer = t.metrics
	w.postman.Observer = t.metrics
	w.ahead.Observer = t.metrics
}

// state reads the gauges of a scrape: the store's backlog and last sync,
// the index's size and the connection.
func state(a *app, connected func() bool) func() (metrics.State, error) {
	return func() (metrics.State, error) {
		backlog, err := a.store.Backlog()
		if err != nil {
			return metrics.State{}, err
		}
		meta, err := a.store.Meta()
		if err != nil {
			return metrics.State{}, err
		}
		n, err := a.index.Count()
		if err != nil {
			return metrics.State{}, err
		}
		return metrics.State{Sessions: int(n), Announcements: backlog.Outbox, Notices: backlog.Notices,
			Reminders: backlog.Reminders, LastSync: meta.LastSuccess, Connected: connected()}, nil
	}
}
