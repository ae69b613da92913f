package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCommandLine runs the command line's help, version and error cases
// through run: help on stdout with success, mistakes as errors that show
// the usage and print nothing on stdout.
func TestCommandLine(t *testing.T) {
	bi, _ := debug.ReadBuildInfo()
	version := versionText(bi)
	tests := []struct {
		name    string
		args    []string
		stdout  string // the whole of stdout, or its start when prefix is set
		prefix  bool
		wantErr []string // substrings of the error; none means success
	}{
		{name: "-h", args: []string{"-h"}, stdout: usage()},
		{name: "-help", args: []string{"-help"}, stdout: usage()},
		{name: "--help", args: []string{"--help"}, stdout: usage()},
		{name: "help", args: []string{"help"}, stdout: usage()},
		{name: "run -h", args: []string{"run", "-h"}, stdout: "usage: sessionbot run [-config FILE]\n\nconnect to Slack and serve (the default)\n\nflags:\n  -config string\n", prefix: true},
		{name: "flags then -h is run's", args: []string{"-config", "x.yaml", "-h"}, stdout: "usage: sessionbot run [-config FILE]\n", prefix: true},
		{name: "search --help", args: []string{"search", "--help"}, stdout: "usage: sessionbot search [-config FILE] [-json] QUERY…\n", prefix: true},
		{name: "sync -h", args: []string{"sync", "-h"}, stdout: "usage: sessionbot sync [-config FILE] [-dry-run] [-force]\n", prefix: true},
		{name: "check -h", args: []string{"check", "-h"}, stdout: "usage: sessionbot check [-config FILE]\n", prefix: true},
		{name: "version -h", args: []string{"version", "-h"}, stdout: "usage: sessionbot version\n\nprint the version, VCS revision and time, and Go version\n"},
		{name: "help sync", args: []string{"help", "sync"}, stdout: "usage: sessionbot sync [-config FILE] [-dry-run] [-force]\n", prefix: true},
		{name: "-h run", args: []string{"-h", "run"}, stdout: "usage: sessionbot run [-config FILE]\n", prefix: true},
		{name: "version", args: []string{"version"}, stdout: version},
		{name: "-version", args: []string{"-version"}, stdout: version},
		{name: "--version", args: []string{"--version"}, stdout: version},

		{name: "unknown command", args: []string{"frobnicate"}, wantErr: []string{`unknown command "frobnicate"`, "usage: sessionbot [COMMAND]"}},
		{name: "run extra", args: []string{"run", "extra"}, wantErr: []string{`run: unexpected argument "extra"`, "usage: sessionbot run [-config FILE]"}},
		{name: "flags then a stray argument", args: []string{"-config", "x.yaml", "extra"}, wantErr: []string{`run: unexpected argument "extra"`}},
		{name: "check foo", args: []string{"check", "foo"}, wantErr: []string{`check: unexpected argument "foo"`, "usage: sessionbot check"}},
		{name: "sync after its flags", args: []string{"sync", "-dry-run", "now"}, wantErr: []string{`sync: unexpected argument "now"`}},
		{name: "version extra", args: []string{"version", "extra"}, wantErr: []string{`version: unexpected argument "extra"`}},
		{name: "unknown flag", args: []string{"run", "-bogus"}, wantErr: []string{"run: flag provided but not defined: -bogus", "usage: sessionbot run"}},
		{name: "version takes no -config", args: []string{"version", "-config", "x"}, wantErr: []string{"version: flag provided but not defined: -config"}},
		{name: "help of an unknown command", args: []string{"help", "frobnicate"}, wantErr: []string{`help: unknown command "frobnicate"`, "usage: sessionbot [COMMAND]"}},
		{name: "help of two commands", args: []string{"help", "run", "sync"}, wantErr: []string{`help: unexpected argument "sync"`}},
		{name: "no command runs the bot", args: nil, wantErr: []string{"SLACK_BOT_TOKEN is not set"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runCmd(t, tt.args...)
			switch {
			case len(tt.wantErr) == 0 && err != nil:
				t.Fatalf("error: %v", err)
			case len(tt.wantErr) > 0 && err == nil:
				t.Fatalf("no error; stdout:\n%s", out)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
			if tt.prefix && len(out) > len(tt.stdout) {
				out = out[:len(tt.stdout)]
			}
			if diff := cmp.Diff(tt.stdout, out); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUsageListsEveryCommand(t *testing.T) {
	u := usage()
	for _, c := range commands() {
		if !strings.Contains(u, "\n  "+c.line()) {
			t.Errorf("usage lacks %q:\n%s", c.name, u)
		}
	}
}

func TestVersionText(t *testing.T) {
	platform := runtime.GOOS + "/" + runtime.GOARCH
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{
			name: "go install of a release",
			bi: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
				{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
				{Key: "vcs.time", Value: "2026-11-28T09:00:00Z"},
				{Key: "vcs.modified", Value: "true"},
			}},
			want: "sessionbot v1.2.3\nrevision  0123456789abcdef0123456789abcdef01234567\ntime      2026-11-28T09:00:00Z\nmodified  true\ngo        go1.26.8 " + platform + "\n",
		},
		{
			name: "no VCS information",
			bi:   &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			want: "sessionbot (devel)\nrevision  unknown\ntime      unknown\nmodified  unknown\ngo        go1.26.8 " + platform + "\n",
		},
		{
			name: "no build information",
			want: "sessionbot unknown\nrevision  unknown\ntime      unknown\nmodified  unknown\ngo        " + runtime.Version() + " " + platform + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, versionText(tt.bi)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestOperationsShowsTheUsage: docs/operations.md shows `sessionbot help`
// as the binary prints it, so a new command cannot go undocumented there.
func TestOperationsShowsTheUsage(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "operations.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "$ sessionbot help\n"+usage()) {
		t.Errorf("docs/operations.md's \"$ sessionbot help\" block differs from the usage:\n%s", usage())
	}
}
