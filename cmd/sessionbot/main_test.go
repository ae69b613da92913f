package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/session"
)

// testConfig writes a config whose source is a copy of a real schedule and
// returns its path.
func testConfig(t *testing.T, source, format string) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "session", "testdata", source))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, source), data, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := "data_dir: ./data\ntimezone: Europe/Brussels\nsource:\n  url: " + source + "\n  format: " + format + "\n"
	path := filepath.Join(dir, "sessionbot.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func noEnv(string) string { return "" }

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(t.Context(), args, noEnv, &out)
	return out.String(), err
}

func TestSearchJSON(t *testing.T) {
	cfg := testConfig(t, "confirmed-sessions.txt", "auto")
	out, err := runCmd(t, "search", "-config", cfg, "-json", "kubernetes", "secrets")
	if err != nil {
		t.Fatalf("search: %v\n%s", err, out)
	}
	var got struct {
		Total   int `json:"total"`
		Results []struct {
			ID       string   `json:"id"`
			Title    string   `json:"title"`
			Speakers []string `json:"speakers"`
			Start    *string  `json:"start"`
			Room     string   `json:"room"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got.Total < 1 || len(got.Results) < 1 {
		t.Fatalf("no results: %s", out)
	}
	first := got.Results[0]
	if first.Title != "Base64 is not encryption - a better story for Kubernetes Secrets" {
		t.Errorf("first title = %q", first.Title)
	}
	if diff := cmp.Diff([]string{"Seth Vargo"}, first.Speakers); diff != "" {
		t.Errorf("speakers (-want +got):\n%s", diff)
	}
	if first.Start != nil || first.ID == "" {
		t.Errorf("start = %v, id = %q: the text page has no times, every session an ID", first.Start, first.ID)
	}
	for _, key := range []string{`"total"`, `"results"`, `"id"`, `"title"`, `"speakers"`, `"start"`, `"room"`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks key %s", key)
		}
	}
	for _, key := range []string{`"no_close_match"`, `"notices"`} {
		if strings.Contains(out, key) {
			t.Errorf("JSON of a plain result has key %s:\n%s", key, out)
		}
	}
}

func TestSearchText(t *testing.T) {
	cfg := testConfig(t, "fosdem-2025_schedule.xml", "frab-xml")
	out, err := runCmd(t, "search", "-config", cfg, "rust")
	if err != nil {
		t.Fatalf("search: %v\n%s", err, out)
	}
	if !strings.Contains(out, "sessions match \"rust\"") || !strings.Contains(out, "1. ") {
		t.Errorf("unexpected output:\n%s", out)
	}
	if !strings.Contains(out, "**") {
		t.Errorf("no highlighted words in:\n%s", out)
	}
	out, err = runCmd(t, "search", "-config", cfg, "zzzqqqxxy")
	if err != nil || !strings.Contains(out, `No close matches for "zzzqqqxxy".`) {
		t.Errorf("search for nothing: err=%v\n%s", err, out)
	}
}

func TestCheck(t *testing.T) {
	cfg := testConfig(t, "sessionize-all_scottish-summit-2026.json", "auto")
	out, err := runCmd(t, "check", "-config", cfg)
	if err != nil {
		t.Fatalf("check: %v\n%s", err, out)
	}
	if !strings.Contains(out, "ok: ") || !strings.Contains(out, "(sessionize)") ||
		!strings.Contains(out, "operations: listener off (ops.listen is empty") || !strings.Contains(out, "scheduled backups off") {
		t.Errorf("check output:\n%s", out)
	}
	env := map[string]string{"SESSIONBOT_OPS_LISTEN": "127.0.0.1:9090", "SESSIONBOT_BACKUP_SCHEDULE": "@daily", "SESSIONBOT_BACKUP_KEEP": "3"}
	var b strings.Builder
	if err := run(t.Context(), []string{"check", "-config", cfg}, func(k string) string { return env[k] }, &b); err != nil {
		t.Fatal(err)
	}
	want := `operations: /healthz, /readyz, /metrics and /backup on 127.0.0.1:9090 · backups "@daily" into ` +
		filepath.Join(filepath.Dir(cfg), "data", "backups") + ", the newest 3 kept"
	if !strings.Contains(b.String(), want) {
		t.Errorf("check with ops and backups lacks %q:\n%s", want, b.String())
	}
}

func TestCheckReportsProblems(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sessionbot.yaml")
	os.WriteFile(path, []byte("timezone: Nowhere/Land\nsource:\n  url: missing.yaml\n  poll: nope\n"), 0o600)
	out, err := runCmd(t, "check", "-config", path)
	if !errors.Is(err, errReported) {
		t.Fatalf("check error = %v, want errReported", err)
	}
	for _, want := range []string{"sessionbot.yaml:1: timezone", "sessionbot.yaml:4: source.poll"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	os.WriteFile(path, []byte("source:\n  url: missing.yaml\n"), 0o600)
	out, err = runCmd(t, "check", "-config", path)
	if !errors.Is(err, errReported) || !strings.Contains(out, "missing.yaml") {
		t.Errorf("check of a missing source: err=%v\n%s", err, out)
	}
}

func TestSyncDryRun(t *testing.T) {
	cfg := testConfig(t, "confirmed-sessions.txt", "text")
	out, err := runCmd(t, "sync", "-config", cfg, "-dry-run")
	if err != nil {
		t.Fatalf("sync -dry-run: %v\n%s", err, out)
	}
	if !strings.HasPrefix(out, "9 new, 0 changed, 0 removed") || !strings.Contains(out, "dry run: nothing changed") {
		t.Errorf("first dry run:\n%s", out)
	}
	if out, err = runCmd(t, "sync", "-config", cfg); err != nil || !strings.Contains(out, "the catalogue now holds 9 sessions") {
		t.Fatalf("sync: %v\n%s", err, out)
	}
	// Change the source: drop the last session, edit another's abstract.
	src := filepath.Join(filepath.Dir(cfg), "confirmed-sessions.txt")
	data, _ := os.ReadFile(src)
	text := string(data)
	text = text[:strings.LastIndex(text, "\nEverything is a Little Bit Broken")]
	text = strings.Replace(text, "For forty years", "For fifty years", 1)
	os.WriteFile(src, []byte(text), 0o600)
	out, err = runCmd(t, "sync", "-config", cfg, "-dry-run")
	if err != nil {
		t.Fatalf("second dry run: %v\n%s", err, out)
	}
	if !strings.HasPrefix(out, "0 new, 1 changed, 1 removed") || !strings.Contains(out, "Isolate Computing (abstract)") {
		t.Errorf("second dry run:\n%s", out)
	}
}

func TestUnknownCommand(t *testing.T) {
	if _, err := runCmd(t, "frobnicate"); err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Errorf("err = %v", err)
	}
}

// TestConfigAcceptsEveryFormat keeps config's list of source formats (it
// imports no session code) in step with the parsers.
func TestConfigAcceptsEveryFormat(t *testing.T) {
	for _, f := range session.Formats() {
		env := map[string]string{"SESSIONBOT_SOURCE_URL": "x.yaml", "SESSIONBOT_SOURCE_FORMAT": f}
		if _, err := config.Load("", func(k string) string { return env[k] }); err != nil {
			t.Errorf("config rejects source.format %q: %v", f, err)
		}
	}
}
