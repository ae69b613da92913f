package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyTestdata copies a schedule from session/testdata into dir.
func copyTestdata(t *testing.T, dir, name string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "session", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// checkConfig writes a config (text, then the source given) beside a copy
// of source and runs check on it.
func checkConfig(t *testing.T, source, text string) (string, error) {
	t.Helper()
	dir := t.TempDir()
	if source != "" {
		copyTestdata(t, dir, source)
	}
	path := filepath.Join(dir, "sessionbot.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return runCmd(t, "check", "-config", path)
}

func TestCheckVerdicts(t *testing.T) {
	const sessionize = "sessionize-all_scottish-summit-2026.json"
	for _, tc := range []struct {
		name, source, config string
		fail                 bool
		want, wantNot        []string
	}{
		{"wrong format fails and names the right one", sessionize,
			"timezone: Europe/London\nsource:\n  url: " + sessionize + "\n  format: json\n", true,
			[]string{"error: source ", sessionize + ": 61 of 61 records were skipped or repaired",
				"the content looks like sessionize, not json: set source.format: sessionize (or auto)"},
			[]string{"ok: "}},
		{"right format passes", sessionize,
			"timezone: Europe/London\nsource:\n  url: " + sessionize + "\n  format: sessionize\n", false,
			[]string{"ok: ", "(sessionize): 61 sessions\n"}, []string{"error", "warning"}},
		{"a few damaged records pass", "36c3_everything.schedule.xml",
			"timezone: Europe/Berlin\nsource:\n  url: 36c3_everything.schedule.xml\n", false,
			[]string{"1351 sessions, 13 of 1351 records skipped or repaired (see warnings)"}, []string{"error"}},
		{"offset-less times without a timezone warn", sessionize,
			"source:\n  url: " + sessionize + "\n", false,
			[]string{"warning: timezone is not set and the source's times have no UTC offset, so they are read as UTC", "ok: "},
			[]string{"error"}},
		{"offset-less times with a timezone", sessionize,
			"timezone: UTC\nsource:\n  url: " + sessionize + "\n", false,
			[]string{"ok: "}, []string{"warning"}},
		{"times in the file's own zone need no timezone", "fosdem-2025_schedule.xml",
			"source:\n  url: fosdem-2025_schedule.xml\n", false,
			[]string{"ok: "}, []string{"warning"}},
		{"config and source problems in one run", "",
			"source:\n  url: missing.yaml\n  poll: nope\n", true,
			[]string{"sessionbot.yaml:3: source.poll: invalid cron spec", "error: source ", "missing.yaml does not exist"},
			[]string{"ok: "}},
		{"config problem, good source", "sessions.yaml",
			"timezone: Mars/Olympus\nsource:\n  url: sessions.yaml\n", true,
			[]string{`sessionbot.yaml:1: timezone: unknown time zone "Mars/Olympus"`, "ok: ", "(yaml): 3 sessions"},
			[]string{"data_dir "}},
		{"live settings summarised", "sessions.yaml",
			"source:\n  url: sessions.yaml\nannounce:\n  channel: C0ANNOUNCE1\nlive:\n  rooms:\n    Main Hall: C0MAINHALL1\n  channel: C0EVERYROOM\ndigest:\n  time: \"08:00\"\n", false,
			[]string{"handed to Slack from 10m0s ahead", "room posts 5m0s before to 1 room's channel and every other room to C0EVERYROOM", "digest at 08:00"}, nil},
		{"no source to check", "",
			"source:\n  poll: nope\n", true,
			[]string{"source.url: required", "source.poll", "error: the source was not checked"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := checkConfig(t, tc.source, tc.config)
			if tc.fail != (err != nil) {
				t.Errorf("check error = %v, want failure %v\n%s", err, tc.fail, out)
			}
			if err != nil && !errors.Is(err, errReported) {
				t.Errorf("check error = %v, want errReported", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, lastLines(out, 8))
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, lastLines(out, 8))
				}
			}
		})
	}
}

// lastLines keeps test failures readable when check printed hundreds of
// warnings.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
