// Package config owns sessionbot's configuration: the YAML file, the
// SESSIONBOT_* environment overrides and their validation. Every problem is
// reported at once, each naming the key and where its value came from.
package config

import (
	"log/slog"
	"time"
)

// DefaultFile is the config file read when -config is not given and it exists.
const DefaultFile = "sessionbot.yaml"

// EnvPrefix starts every environment override: SESSIONBOT_SOURCE_URL sets source.url.
const EnvPrefix = "SESSIONBOT_"

// Config is a validated configuration. Paths are absolute or relative to the
// working directory (relative paths in a file are resolved against its folder).
type Config struct {
	DataDir  string
	Timezone string
	// TimezoneUnset is true when timezone was not set and UTC is assumed.
	TimezoneUnset bool
	Location      *time.Location
	Source        Source
	Announce      Announce
	Reminders     Reminders
	Search        Search
	Live          Live
	Digest        Digest
	Admins        []string
	Log           Log
	Ops           Ops
	Backup        Backup
	// MemoryLimit is the Go runtime's soft memory limit in bytes: 0 means
	// none, MemoryAuto 90 % of the container's memory limit when there is one.
	MemoryLimit int64
}

// Source says where the programme comes from and how it is polled.
type Source struct {
	URL     string  // a path or an http(s) URL
	Format  string  // one of session.Formats
	Poll    string  // robfig/cron spec
	MaxDrop float64 // hold back a snapshot losing more than this share
	// DropHold accepts a held snapshot once the source has shown it
	// unchanged this long; zero: only an admin accepts it.
	DropHold time.Duration
	Timeout  time.Duration // per fetch
	MaxSize  int64         // bytes
	// MaxSessions refuses a programme with more sessions.
	MaxSessions int
}

// Announce configures announcements of new sessions.
type Announce struct {
	Channel     string
	OnFirstSync bool
	Changes     bool
}

// Reminders configures reminder DMs.
type Reminders struct {
	Lead time.Duration
	Rate float64 // DMs a second, all users together
	// ScheduleAhead: a reminder due at least this far ahead is handed to
	// Slack (chat.scheduleMessage) instead of being posted when due.
	ScheduleAhead time.Duration
}

// Log configures logging.
type Log struct {
	Format string // text | json
	Level  slog.Level
}

// MemoryAuto asks for a soft memory limit derived from the container's.
const MemoryAuto = -1

// IsAdmin reports whether the Slack user may run admin commands.
func (c *Config) IsAdmin(userID string) bool {
	for _, a := range c.Admins {
		if a == userID {
			return true
		}
	}
	return false
}
