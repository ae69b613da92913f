package config

import (
	"fmt"
	"net"
	"path/filepath"
	"strconv"

	"github.com/robfig/cron/v3"
)

// Ops configures the operations listener: health probes, metrics, backups.
type Ops struct {
	// Listen is the listener's host:port (127.0.0.1:9090); "" turns it off.
	Listen string
}

// Backup configures scheduled backups of the store.
type Backup struct {
	Schedule string // robfig/cron spec; "" turns them off
	Dir      string // where they are written
	Keep     int    // how many are kept; older ones are removed
}

// DefaultBackupDir is backup.dir's default, inside data_dir.
const DefaultBackupDir = "backups"

func setOpsListen(c *Config, v value, _ string) error {
	if v.raw == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(v.raw)
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil || n < 1 || n > 65535 {
		return fmt.Errorf("want host:port like 127.0.0.1:9090 (a port from 1 to 65535), got %q", v.raw)
	}
	if host != "" && net.ParseIP(host) == nil && host != "localhost" {
		return fmt.Errorf("want an IP address or localhost as the host, like 127.0.0.1:9090, got %q", v.raw)
	}
	c.Ops.Listen = v.raw
	return nil
}

func setBackupSchedule(c *Config, v value, _ string) error {
	if v.raw == "" {
		return nil
	}
	if _, err := cron.ParseStandard(v.raw); err != nil {
		return fmt.Errorf("invalid cron spec %q: %v (examples: \"0 3 * * *\", \"@every 6h\")", v.raw, err)
	}
	c.Backup.Schedule = v.raw
	return nil
}

// setBackupDir resolves backup.dir; empty means DefaultBackupDir inside
// data_dir, which is set before it.
func setBackupDir(c *Config, v value, dir string) (err error) {
	if v.raw == "" {
		c.Backup.Dir = filepath.Join(c.DataDir, DefaultBackupDir)
		return nil
	}
	c.Backup.Dir, err = path(v, dir)
	return err
}

func setBackupKeep(c *Config, v value, _ string) error {
	n, err := strconv.Atoi(v.raw)
	if err != nil || n < 1 || n > 1000 {
		return fmt.Errorf("want how many backups to keep, from 1 to 1000, got %q", v.raw)
	}
	c.Backup.Keep = n
	return nil
}
