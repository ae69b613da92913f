package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func writeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sessionbot.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadFull(t *testing.T) {
	path := writeFile(t, `
data_dir: ./state
timezone: Europe/Brussels
source:
  url: ./sessions.yaml
  format: frab-xml
  poll: "@every 30s"
  max_drop: 0.25
  drop_hold: 2h
  timeout: 5s
  max_size: 2MiB
  max_sessions: 500
announce:
  channel: C0123456789
  on_first_sync: true
  changes: yes
reminders:
  lead: 15m
  rate: 50
search:
  languages: [en, de]
  synonyms: synonyms.txt
admins: [U0123456789, W0123456789]
memory_limit: 300MiB
log:
  format: json
  level: debug
`)
	dir := filepath.Dir(path)
	got, err := Load(path, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	brussels, _ := time.LoadLocation("Europe/Brussels")
	want := &Config{
		DataDir:  filepath.Join(dir, "state"),
		Timezone: "Europe/Brussels",
		Location: brussels,
		Source: Source{URL: filepath.Join(dir, "sessions.yaml"), Format: "frab-xml", Poll: "@every 30s",
			MaxDrop: 0.25, DropHold: 2 * time.Hour, Timeout: 5 * time.Second, MaxSize: 2 << 20, MaxSessions: 500},
		Announce:  Announce{Channel: "C0123456789", OnFirstSync: true, Changes: true},
		Reminders: Reminders{Lead: 15 * time.Minute, Rate: 50, ScheduleAhead: 10 * time.Minute},
		Live:      Live{Lead: 5 * time.Minute},
		Search: Search{Languages: []string{"en", "de"},
			Synonyms: Synonyms{File: filepath.Join(dir, "synonyms.txt"), Where: "sessionbot.yaml:22"}},
		Admins:      []string{"U0123456789", "W0123456789"},
		Log:         Log{Format: "json", Level: -4},
		MemoryLimit: 300 << 20,
		Backup:      Backup{Dir: filepath.Join(dir, "state", DefaultBackupDir), Keep: 7},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Config{}, "Location")); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
	if got.Location.String() != "Europe/Brussels" {
		t.Errorf("Location = %v", got.Location)
	}
}

func TestLoadDefaultsAndEnv(t *testing.T) {
	got, err := Load("", env(map[string]string{
		"SESSIONBOT_SOURCE_URL":       "https://example.org/schedule.xml",
		"SESSIONBOT_ANNOUNCE_CHANNEL": "C0123456789",
		"SESSIONBOT_ADMINS":           "U0123456789, U9876543210",
		"SESSIONBOT_DATA_DIR":         "rel/data",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		DataDir: "rel/data", Timezone: "UTC", TimezoneUnset: true,
		Source: Source{URL: "https://example.org/schedule.xml", Format: "auto", Poll: "*/10 * * * *",
			MaxDrop: 0.5, Timeout: 30 * time.Second, MaxSize: 32 << 20, MaxSessions: 25000},
		Announce:    Announce{Channel: "C0123456789"},
		Reminders:   Reminders{Lead: 10 * time.Minute, Rate: 20, ScheduleAhead: 10 * time.Minute},
		Live:        Live{Lead: 5 * time.Minute},
		Admins:      []string{"U0123456789", "U9876543210"},
		Log:         Log{Format: "text"},
		MemoryLimit: MemoryAuto,
		Backup:      Backup{Dir: filepath.Join("rel/data", DefaultBackupDir), Keep: 7},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Config{}, "Location")); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
	if !got.IsAdmin("U9876543210") || got.IsAdmin("U0000000000") {
		t.Error("IsAdmin does not match admins")
	}
}

func TestEnvOverridesFile(t *testing.T) {
	path := writeFile(t, "source:\n  url: a.yaml\n  poll: '*/5 * * * *'\n")
	got, err := Load(path, env(map[string]string{"SESSIONBOT_SOURCE_POLL": "@hourly"}))
	if err != nil {
		t.Fatal(err)
	}
	if got.Source.Poll != "@hourly" {
		t.Errorf("Poll = %q, want the environment's @hourly", got.Source.Poll)
	}
}

// TestLoadReportsEveryProblem checks that one bad file yields one error per
// problem, each naming the line (or variable) and the key.
func TestLoadReportsEveryProblem(t *testing.T) {
	path := writeFile(t, `timezone: Mars/Olympus
source:
  url: ftp://example.org/x
  format: pdf
  poll: "every ten minutes"
  max_drop: 2
  max_size: lots
  pol: "@hourly"
announce:
  channel: "#general"
  changes: maybe
reminders:
  lead: -5m
  rate: 0
admins: [bob]
log:
  format: xml
  level: loud
`)
	_, err := Load(path, env(map[string]string{"SESSIONBOT_SOURCE_TIMEOUT": "forever", "SESSIONBOT_SOURCE_DROP_HOLD": "-1h",
		"SESSIONBOT_SOURCE_MAX_SESSIONS": "0", "SESSIONBOT_MEMORY_LIMIT": "1MiB"}))
	if err == nil {
		t.Fatal("Load accepted a bad config")
	}
	wants := []string{
		`sessionbot.yaml:1: timezone: unknown time zone "Mars/Olympus"`,
		`sessionbot.yaml:3: source.url: want a file path or an http(s) URL`,
		`sessionbot.yaml:4: source.format: want one of auto, yaml`,
		`sessionbot.yaml:5: source.poll: invalid cron spec "every ten minutes"`,
		`sessionbot.yaml:6: source.max_drop: want a share between 0 and 1`,
		`sessionbot.yaml:7: source.max_size: want a size like 32MiB`,
		`sessionbot.yaml:8: unknown key "source.pol"`,
		`sessionbot.yaml:10: announce.channel: want a channel ID like C0123456789`,
		`sessionbot.yaml:11: announce.changes: want true or false, got "maybe"`,
		`sessionbot.yaml:13: reminders.lead: want a duration`,
		`sessionbot.yaml:14: reminders.rate: want DMs a second between 1 and 1000`,
		`sessionbot.yaml:15: admins: want user IDs like U0123456789`,
		`sessionbot.yaml:17: log.format: want one of text, json, got "xml"`,
		`sessionbot.yaml:18: log.level: want debug, info, warn or error, got "loud"`,
		`SESSIONBOT_SOURCE_TIMEOUT: source.timeout: want a duration`,
		`SESSIONBOT_SOURCE_DROP_HOLD: source.drop_hold: want a duration between 0s and 2160h0m0s`,
		`SESSIONBOT_SOURCE_MAX_SESSIONS: source.max_sessions: want a number of sessions between 1 and 1000000, got "0"`,
		`SESSIONBOT_MEMORY_LIMIT: memory_limit: want auto, off or a size of at least 32MiB`,
	}
	msg := err.Error()
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q; got:\n%s", w, msg)
		}
	}
	if n := len(strings.Split(msg, "\n")); n != len(wants) {
		t.Errorf("got %d problems, want %d:\n%s", n, len(wants), msg)
	}
}

func TestLoadBadFiles(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"syntax", "source:\n  url: [a\n", "sessionbot.yaml: yaml: line"},
		{"not a mapping", "- a\n- b\n", "want a mapping of keys"},
		{"section as value", "source: ./x.yaml\n", "sessionbot.yaml:1: source: want a mapping of keys"},
		{"list for scalar", "source:\n  url: [a, b]\n", "source.url: want a single value"},
		{"unknown top key with hint", "poll: '@hourly'\nsource: {url: a}\n", `unknown key "poll" (did you mean "source.poll"?)`},
		{"missing source", "timezone: UTC\n", "source.url: required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(writeFile(t, tt.text), env(nil))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), env(nil))
	if err == nil || !strings.Contains(err.Error(), "nope.yaml") {
		t.Errorf("Load error = %v, want one naming the file", err)
	}
}

func TestEnvName(t *testing.T) {
	if got := EnvName("announce.on_first_sync"); got != "SESSIONBOT_ANNOUNCE_ON_FIRST_SYNC" {
		t.Errorf("EnvName = %q", got)
	}
}

// TestLoadKeepsValidKeysOnError: a config with problems still returns the
// keys that were valid, so check can look at the source as well.
func TestLoadKeepsValidKeysOnError(t *testing.T) {
	path := writeFile(t, "source:\n  url: sessions.yaml\n  poll: nope\n  format: json\n")
	got, err := Load(path, env(nil))
	if err == nil || !strings.Contains(err.Error(), "source.poll") {
		t.Fatalf("Load error = %v, want the source.poll problem", err)
	}
	if got == nil {
		t.Fatal("Load returned no Config with its error")
	}
	want := Source{URL: filepath.Join(filepath.Dir(path), "sessions.yaml"), Format: "json", MaxDrop: 0.5, Timeout: 30 * time.Second,
		MaxSize: 32 << 20, MaxSessions: 25000}
	if diff := cmp.Diff(want, got.Source); diff != "" {
		t.Errorf("Source (-want +got):\n%s", diff)
	}
	if !got.TimezoneUnset || got.Location != time.UTC {
		t.Errorf("timezone: unset %v, location %v; want the UTC default, marked unset", got.TimezoneUnset, got.Location)
	}
}
