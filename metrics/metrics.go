// Package metrics owns sessionbot's Prometheus metrics: their names, labels
// and buckets, the hooks the bot, the sync and the postman report to
// (Metrics implements bot.Observer, programme.Observer and dm.Observer), the
// Slack Web API calls counted by an http.RoundTripper, and the gauges read
// from the store at each scrape. Everything is registered on a registry the
// caller passes in; nothing uses the client library's global one.
package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Namespace prefixes every metric of sessionbot's own.
const Namespace = "sessionbot"

// Metrics are the counters and histograms sessionbot updates as it works.
// Its methods are safe for concurrent use.
type Metrics struct {
	slash      *prometheus.CounterVec
	slashTime  *prometheus.HistogramVec
	searches   *prometheus.CounterVec
	syncs      *prometheus.CounterVec
	syncTime   *prometheus.HistogramVec
	reminders  prometheus.Counter
	scheduled  prometheus.Counter
	lateness   prometheus.Histogram
	slackCalls *prometheus.CounterVec
	slackErrs  *prometheus.CounterVec
	slackTime  *prometheus.HistogramVec
	connects   prometheus.Counter
	reconnects prometheus.Counter
}

// Buckets of the histograms, in seconds.
var (
	syncBuckets     = []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}
	latenessBuckets = []float64{0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800}
)

// NewRegistry returns a registry holding the standard collectors: the Go
// runtime's (go_*) and the process's (process_*).
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// New creates sessionbot's metrics and registers them on reg.
func New(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		slash: counterVec("slash_commands_total", "/session commands answered, by command and outcome (ok, no_match, error).",
			"command", "outcome"),
		slashTime: histogramVec("slash_command_duration_seconds", "Time to answer a /session command, by command.",
			prometheus.DefBuckets, "command"),
		searches: counterVec("searches_total", "Searches (first pages, from /session and its buttons), by outcome (found, no_match, error, timeout).",
			"outcome"),
		syncs: counterVec("syncs_total", "Programme syncs, by outcome (changed, unchanged, held, stale, failed).", "outcome"),
		syncTime: histogramVec("sync_duration_seconds", "Time a programme sync took (fetch, parse, store, index), by outcome.",
			syncBuckets, "outcome"),
		reminders: counter("reminders_sent_total", "Reminder DMs posted by sessionbot itself (reminders set late, or that Slack would not schedule)."),
		scheduled: counter("reminders_scheduled_total", "Reminders handed to Slack's queue (chat.scheduleMessage), which Slack posts at their due second."),
		lateness: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: Namespace, Name: "reminder_lateness_seconds",
			Help: "How long after its due time (start - reminders.lead) a reminder DM was posted.", Buckets: latenessBuckets}),
		slackCalls: counterVec("slack_api_calls_total", "Slack Web API calls, by method and outcome (ok, error, rate_limited, http_error, network_error).",
			"method", "outcome"),
		slackErrs: counterVec("slack_api_errors_total", "Slack Web API calls answered ok:false, by method and Slack's error code.",
			"method", "error"),
		slackTime: histogramVec("slack_api_call_duration_seconds", "Time a Slack Web API call took, by method.",
			prometheus.DefBuckets, "method"),
		connects:   counter("socketmode_connections_total", "Socket Mode connections made, the first included."),
		reconnects: counter("socketmode_reconnects_total", "Socket Mode connections made after the first: Slack's refreshes and recoveries from lost connections."),
	}
	reg.MustRegister(m.slash, m.slashTime, m.searches, m.syncs, m.syncTime, m.reminders, m.scheduled, m.lateness,
		m.slackCalls, m.slackErrs, m.slackTime, m.connects, m.reconnects)
	m.zero()
	return m
}

// zero creates the series of known label values at 0, so that rates and
// alerts see them from the start.
func (m *Metrics) zero() {
	for _, c := range commands {
		m.slashTime.WithLabelValues(c)
		for _, o := range slashOutcomes {
			m.slash.WithLabelValues(c, o)
		}
	}
	for _, o := range searchOutcomes {
		m.searches.WithLabelValues(o)
	}
	for _, o := range syncOutcomes {
		m.syncs.WithLabelValues(o)
		m.syncTime.WithLabelValues(o)
	}
}

// SlashCommand counts a /session command and observes its time
// (bot.Observer).
func (m *Metrics) SlashCommand(command, outcome string, took time.Duration) {
	m.slash.WithLabelValues(command, outcome).Inc()
	m.slashTime.WithLabelValues(command).Observe(took.Seconds())
}

// Search counts a search (bot.Observer).
func (m *Metrics) Search(outcome string) { m.searches.WithLabelValues(outcome).Inc() }

// Connected counts a Socket Mode connection (bot.Observer).
func (m *Metrics) Connected(reconnect bool) {
	m.connects.Inc()
	if reconnect {
		m.reconnects.Inc()
	}
}

// Synced counts a sync and observes its time (programme.Observer).
func (m *Metrics) Synced(outcome string, took time.Duration) {
	m.syncs.WithLabelValues(outcome).Inc()
	m.syncTime.WithLabelValues(outcome).Observe(took.Seconds())
}

// ReminderScheduled counts a reminder handed to Slack (dm.Observer).
func (m *Metrics) ReminderScheduled() { m.scheduled.Inc() }

// ReminderSent counts a reminder posted and observes its lateness
// (dm.Observer).
func (m *Metrics) ReminderSent(late time.Duration) {
	m.reminders.Inc()
	m.lateness.Observe(max(late, 0).Seconds())
}

func counter(name, help string) prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{Namespace: Namespace, Name: name, Help: help})
}

func counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: name, Help: help}, labels)
}

func histogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: name, Help: help, Buckets: buckets}, labels)
}
