package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// State is what the store and the bot hold now, read at each scrape.
type State struct {
	Sessions      int       // sessions in the catalogue
	Announcements int       // announcements waiting in the outbox
	Notices       int       // DM notices waiting to be sent
	Reminders     int       // reminders waiting for their due time, or due and not yet sent
	LastSync      time.Time // the last successful sync; zero if none
	Connected     bool      // the Socket Mode connection is up
}

// RegisterState registers gauges read from read at each scrape. When read
// fails, the scrape reports the error and serves the other metrics.
func RegisterState(reg prometheus.Registerer, read func() (State, error)) {
	reg.MustRegister(stateCollector{read: read})
}

var (
	descSessions      = desc("sessions", "Sessions in the catalogue (the last good programme).")
	descAnnouncements = desc("announcements_pending", "Announcements waiting in the outbox to be posted.")
	descNotices       = desc("notices_pending", "Direct-message notices (schedule changes, follow alerts, admin messages) waiting to be sent.")
	descReminders     = desc("reminders_pending", "Reminders waiting for their due time, or due and not yet sent.")
	descLastSync      = desc("sync_last_success_timestamp_seconds", "When the last successful sync ran (Unix time); 0 if none did.")
	descConnected     = desc("socketmode_connected", "1 while the Socket Mode connection is up, else 0.")
)

func desc(name, help string) *prometheus.Desc {
	return prometheus.NewDesc(prometheus.BuildFQName(Namespace, "", name), help, nil, nil)
}

// stateCollector reads State once per scrape.
type stateCollector struct {
	read func() (State, error)
}

func (c stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descSessions, descAnnouncements, descNotices, descReminders, descLastSync, descConnected} {
		ch <- d
	}
}

func (c stateCollector) Collect(ch chan<- prometheus.Metric) {
	s, err := c.read()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descSessions, err)
		return
	}
	last := 0.0
	if !s.LastSync.IsZero() {
		last = float64(s.LastSync.UnixMilli()) / 1000
	}
	connected := 0.0
	if s.Connected {
		connected = 1
	}
	for _, g := range []struct {
		d *prometheus.Desc
		v float64
	}{
		{descSessions, float64(s.Sessions)}, {descAnnouncements, float64(s.Announcements)},
		{descNotices, float64(s.Notices)}, {descReminders, float64(s.Reminders)},
		{descLastSync, last}, {descConnected, connected},
	} {
		ch <- prometheus.MustNewConstMetric(g.d, prometheus.GaugeValue, g.v)
	}
}
