package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/examples"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/session"
)

// TestTryConfig: try's programme, data directory, announce channel and
// admins for each combination of config file and flags.
func TestTryConfig(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sessionbot.yaml")
	yaml := "data_dir: ./state\ntimezone: Europe/Brussels\nsource:\n  url: prog.txt\n  format: text\n" +
		"announce:\n  channel: C0REALCHAN1\nadmins: [U0ORGANISER]\n"
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	type want struct {
		source, format, dataDir, announce string
		admins                            []string
		changes                           bool
	}
	tests := []struct {
		name       string
		path       string
		demo, keep bool
		env        map[string]string
		want       func(tmp string) want
	}{
		{name: "no config: the bundled sample", want: func(tmp string) want {
			return want{filepath.Join(tmp, "confirmed-sessions.txt"), "text", filepath.Join(tmp, "data"), tryAnnounce,
				[]string{fakeslack.UserID}, false}
		}},
		{name: "no config, a source in the environment", env: map[string]string{"SESSIONBOT_SOURCE_URL": "/srv/p.yaml"},
			want: func(tmp string) want {
				return want{"/srv/p.yaml", "auto", filepath.Join(tmp, "data"), tryAnnounce, []string{fakeslack.UserID}, false}
			}},
		{name: "demo", demo: true, want: func(tmp string) want {
			return want{filepath.Join(tmp, "programme.yaml"), "yaml", filepath.Join(tmp, "data"), tryAnnounce,
				[]string{fakeslack.UserID}, true}
		}},
		{name: "config", path: file, want: func(tmp string) want {
			return want{filepath.Join(filepath.Dir(file), "prog.txt"), "text", filepath.Join(tmp, "data"), "C0REALCHAN1",
				[]string{"U0ORGANISER", fakeslack.UserID}, false}
		}},
		{name: "config, kept", path: file, keep: true, want: func(string) want {
			return want{filepath.Join(filepath.Dir(file), "prog.txt"), "text", filepath.Join(filepath.Dir(file), "state"), "C0REALCHAN1",
				[]string{"U0ORGANISER", fakeslack.UserID}, false}
		}},
		{name: "config, demo", path: file, demo: true, want: func(tmp string) want {
			return want{filepath.Join(tmp, "programme.yaml"), "yaml", filepath.Join(tmp, "data"), "C0REALCHAN1",
				[]string{"U0ORGANISER", fakeslack.UserID}, true}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			t.Chdir(tmp) // no sessionbot.yaml here
			cfg, err := tryConfig(tryOptions{path: tc.path, dir: tmp, demo: tc.demo, keep: tc.keep, now: time.Now()},
				func(k string) string { return tc.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			got := want{cfg.Source.URL, cfg.Source.Format, cfg.DataDir, cfg.Announce.Channel, cfg.Admins, cfg.Announce.Changes}
			if diff := cmp.Diff(tc.want(tmp), got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if filepath.Dir(cfg.Source.URL) == tmp {
				checkWritten(t, cfg.Source.URL, tc.demo)
			}
		})
	}
}

// checkWritten: the programme try wrote is the sample, scheduled for -demo.
func checkWritten(t *testing.T, path string, demo bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := session.Parse(data, session.Options{})
	if err != nil || len(res.Sessions) != 9 {
		t.Fatalf("%s: %d sessions, %v", path, len(res.Sessions), err)
	}
	if timed := !res.Sessions[0].Start.IsZero(); timed != demo {
		t.Errorf("%s: sessions timed %v, want %v", path, timed, demo)
	}
	if !demo && string(data) != string(examples.ConfirmedSessions) {
		t.Error("the sample written differs from the bundled one")
	}
}
