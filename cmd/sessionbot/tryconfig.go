package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/examples"
	"github.com/sessionbot/sessionbot/fakeslack"
)

// tryOptions are try's flags that shape its configuration.
type tryOptions struct {
	path       string // -config
	dir        string // the temporary directory
	demo, keep bool
	now        time.Time
}

// tryConfig is the configuration try runs with: the config file's (or
// defaults), on the programme it names — the bundled sample when there is
// no config, the sample scheduled around now with -demo — and with a data
// directory in o.dir unless o.keep. The playground's user is an admin, and
// announcements go to a stand-in channel when the config names none.
func tryConfig(o tryOptions, getenv func(string) string) (*config.Config, error) {
	file := configPath(o.path)
	prog := tryProgramme(o, file, getenv)
	cfg, err := config.Load(file, prog.getenv(getenv))
	if err != nil {
		return nil, invalidConfig(err)
	}
	if err := prog.write(cfg.Location, o.now); err != nil {
		return nil, err
	}
	if o.demo {
		cfg.Announce.Changes = true // moving a session shows the change post
	}
	if !o.keep {
		cfg.DataDir = filepath.Join(o.dir, "data")
	}
	if cfg.Announce.Channel == "" {
		cfg.Announce.Channel = tryAnnounce
	}
	if !slices.Contains(cfg.Admins, fakeslack.UserID) {
		cfg.Admins = append(cfg.Admins, fakeslack.UserID)
	}
	return cfg, nil
}

// programmeFile is a programme try writes for itself into its temporary
// directory: the bundled sample, or the demo. The zero programmeFile is
// none: the config's source is used.
type programmeFile struct {
	path, format string
	demo         bool // scheduled by examples.Demo once the zone is known
}

// tryProgramme is the programme file try writes: the demo with -demo, the
// bundled sample when neither a config file nor SESSIONBOT_SOURCE_URL
// names a source.
func tryProgramme(o tryOptions, file string, getenv func(string) string) programmeFile {
	switch {
	case o.demo:
		return programmeFile{path: filepath.Join(o.dir, "programme.yaml"), format: "yaml", demo: true}
	case file == "" && getenv(config.EnvName("source.url")) == "":
		return programmeFile{path: filepath.Join(o.dir, "confirmed-sessions.txt"), format: "text"}
	}
	return programmeFile{}
}

// getenv points source.url and source.format at p, through the
// environment overrides config.Load reads.
func (p programmeFile) getenv(getenv func(string) string) func(string) string {
	if p.path == "" {
		return getenv
	}
	return func(name string) string {
		switch name {
		case config.EnvName("source.url"):
			return p.path
		case config.EnvName("source.format"):
			return p.format
		}
		return getenv(name)
	}
}

// write writes p, the demo scheduled around now in loc.
func (p programmeFile) write(loc *time.Location, now time.Time) error {
	if p.path == "" {
		return nil
	}
	data := examples.ConfirmedSessions
	if p.demo {
		var err error
		if data, err = examples.Demo(now, loc); err != nil {
			return fmt.Errorf("try: %w", err)
		}
	}
	if err := os.WriteFile(p.path, data, 0o644); err != nil {
		return fmt.Errorf("try: the programme: %w", err)
	}
	return nil
}
