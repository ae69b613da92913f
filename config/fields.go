package config

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// field is one config key: its default (as written in YAML) and how it is
// checked and stored. dir is the config file's folder, for relative paths.
type field struct {
	key string
	def string
	set func(c *Config, v value, dir string) error
}

// formats mirrors session.Formats(); config imports only stdlib and yaml
// (cmd/sessionbot tests that the two agree).
var formats = []string{"auto", "yaml", "json", "text", "sessionize", "frab-xml", "frab-json"}

var (
	channelID = regexp.MustCompile(`^[CGD][A-Z0-9]{8,}$`)
	userID    = regexp.MustCompile(`^[UW][A-Z0-9]{8,}$`)
)

var baseFields = []field{
	{"data_dir", "./data", func(c *Config, v value, dir string) (err error) {
		c.DataDir, err = path(v, dir)
		return err
	}},
	{"timezone", "UTC", func(c *Config, v value, _ string) (err error) {
		c.Timezone, c.TimezoneUnset = v.raw, v.where == "default"
		c.Location, err = time.LoadLocation(v.raw)
		if err != nil || v.raw == "" {
			return fmt.Errorf("unknown time zone %q (want an IANA name like Europe/Brussels)", v.raw)
		}
		return nil
	}},
	{"source.url", "", func(c *Config, v value, dir string) (err error) {
		c.Source.URL, err = source(v, dir)
		return err
	}},
	{"source.format", "auto", func(c *Config, v value, _ string) (err error) {
		c.Source.Format, err = oneOf(v, formats)
		return err
	}},
	{"source.poll", "*/10 * * * *", func(c *Config, v value, _ string) error {
		if _, err := cron.ParseStandard(v.raw); err != nil {
			return fmt.Errorf("invalid cron spec %q: %v (examples: \"*/10 * * * *\", \"@every 30s\")", v.raw, err)
		}
		c.Source.Poll = v.raw
		return nil
	}},
	{"source.max_drop", "0.5", func(c *Config, v value, _ string) error {
		f, err := strconv.ParseFloat(v.raw, 64)
		if err != nil || f <= 0 || f > 1 {
			return fmt.Errorf("want a share between 0 and 1 (0.5 = refuse losing more than half), got %q", v.raw)
		}
		c.Source.MaxDrop = f
		return nil
	}},
	{"source.drop_hold", "0", func(c *Config, v value, _ string) (err error) {
		c.Source.DropHold, err = duration(v, 0, 90*24*time.Hour)
		return err
	}},
	{"source.timeout", "30s", func(c *Config, v value, _ string) (err error) {
		c.Source.Timeout, err = duration(v, time.Second, time.Hour)
		return err
	}},
	{"source.max_size", "32MiB", func(c *Config, v value, _ string) (err error) {
		c.Source.MaxSize, err = size(v.raw)
		return err
	}},
	{"source.max_sessions", "25000", func(c *Config, v value, _ string) error {
		n, err := strconv.Atoi(v.raw)
		if err != nil || n < 1 || n > 1_000_000 {
			return fmt.Errorf("want a number of sessions between 1 and 1000000, got %q", v.raw)
		}
		c.Source.MaxSessions = n
		return nil
	}},
	{"memory_limit", "auto", func(c *Config, v value, _ string) (err error) {
		switch strings.ToLower(v.raw) {
		case "auto":
			c.MemoryLimit = MemoryAuto
		case "off", "0":
			c.MemoryLimit = 0
		default:
			if c.MemoryLimit, err = size(v.raw); err != nil || c.MemoryLimit < 32<<20 {
				return fmt.Errorf("want auto, off or a size of at least 32MiB like 400MiB, got %q", v.raw)
			}
		}
		return nil
	}},
	{"announce.channel", "", func(c *Config, v value, _ string) error {
		if v.raw != "" && !channelID.MatchString(v.raw) {
			return fmt.Errorf("want a channel ID like C0123456789 (channel details → About in Slack), got %q", v.raw)
		}
		c.Announce.Channel = v.raw
		return nil
	}},
	{"announce.on_first_sync", "false", func(c *Config, v value, _ string) (err error) {
		c.Announce.OnFirstSync, err = boolean(v)
		return err
	}},
	{"announce.changes", "false", func(c *Config, v value, _ string) (err error) {
		c.Announce.Changes, err = boolean(v)
		return err
	}},
	{"reminders.lead", "10m", func(c *Config, v value, _ string) (err error) {
		c.Reminders.Lead, err = duration(v, 0, 24*time.Hour)
		return err
	}},
	{"reminders.rate", "20", func(c *Config, v value, _ string) error {
		f, err := strconv.ParseFloat(v.raw, 64)
		if err != nil || f < 1 || f > 1000 {
			return fmt.Errorf("want DMs a second between 1 and 1000 (Slack allows about one a second per conversation), got %q", v.raw)
		}
		c.Reminders.Rate = f
		return nil
	}},
	{"search.languages", "", setLanguages},
	{"search.synonyms", "", setSynonyms},
	{"admins", "", func(c *Config, v value, _ string) error {
		var errs []error
		ids := v.list
		if !v.isList {
			ids = splitList(v.raw)
		}
		for _, id := range ids {
			if !userID.MatchString(id) {
				errs = append(errs, fmt.Errorf("want user IDs like U0123456789 (profile → ⋮ → Copy member ID), got %q", id))
			}
		}
		c.Admins = ids
		return errors.Join(errs...)
	}},
	{"ops.listen", "", setOpsListen},
	{"backup.schedule", "", setBackupSchedule},
	{"backup.dir", "", setBackupDir},
	{"backup.keep", "7", setBackupKeep},
	{"log.format", "text", func(c *Config, v value, _ string) (err error) {
		c.Log.Format, err = oneOf(v, []string{"text", "json"})
		return err
	}},
	{"log.level", "info", func(c *Config, v value, _ string) error {
		if err := c.Log.Level.UnmarshalText([]byte(v.raw)); err != nil {
			return fmt.Errorf("want debug, info, warn or error, got %q", v.raw)
		}
		return nil
	}},
}

func path(v value, dir string) (string, error) {
	if v.raw == "" {
		return "", errors.New("must not be empty")
	}
	if v.inFile && !filepath.IsAbs(v.raw) {
		return filepath.Join(dir, v.raw), nil
	}
	return v.raw, nil
}

func source(v value, dir string) (string, error) {
	if v.raw == "" {
		return "", fmt.Errorf("required: a path or an http(s) URL of the programme (or set %s)", EnvName("source.url"))
	}
	u, err := url.Parse(v.raw)
	if err == nil && u.Scheme != "" && len(u.Scheme) > 1 { // "C:\…" has a one-letter scheme
		if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			return "", fmt.Errorf("want a file path or an http(s) URL, got %q", v.raw)
		}
		return v.raw, nil
	}
	return path(v, dir)
}

func oneOf(v value, allowed []string) (string, error) {
	s := strings.ToLower(v.raw)
	for _, a := range allowed {
		if s == a {
			return a, nil
		}
	}
	return "", fmt.Errorf("want one of %s, got %q", strings.Join(allowed, ", "), v.raw)
}

func boolean(v value) (bool, error) {
	switch strings.ToLower(v.raw) {
	case "true", "yes", "on", "1":
		return true, nil
	case "false", "no", "off", "0":
		return false, nil
	}
	return false, fmt.Errorf("want true or false, got %q", v.raw)
}

func duration(v value, min, max time.Duration) (time.Duration, error) {
	d, err := time.ParseDuration(v.raw)
	if err != nil || d < min || d > max {
		return 0, fmt.Errorf("want a duration between %v and %v like 10m or 90s, got %q", min, max, v.raw)
	}
	return d, nil
}

var sizeUnits = []struct {
	suffix string
	mult   int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}, {"", 1}}

func size(s string) (int64, error) {
	for _, u := range sizeUnits {
		num, ok := strings.CutSuffix(s, u.suffix)
		if !ok {
			continue
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || n < 1 || n*float64(u.mult) > 1<<40 {
			break
		}
		return int64(n * float64(u.mult)), nil
	}
	return 0, fmt.Errorf("want a size like 32MiB or 500KB, got %q", s)
}
