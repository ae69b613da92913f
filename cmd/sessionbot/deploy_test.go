package main

import (
	"bufio"
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// repoFile is the path of a file at the repository's root.
func repoFile(name string) string { return filepath.Join("..", "..", name) }

// dockerBuildCommand returns the go build command line of the Dockerfile's
// build stage: the variables it sets and the command's words.
func dockerBuildCommand(t *testing.T) (env, args []string) {
	t.Helper()
	data, err := os.ReadFile(repoFile("Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(data), "\\\n", " ")
	var line string
	for l := range strings.SplitSeq(text, "\n") {
		if strings.HasPrefix(l, "RUN ") && strings.Contains(l, " go build ") {
			if line != "" {
				t.Fatal("the Dockerfile has two RUN lines with go build")
			}
			line = l
		}
	}
	for _, w := range strings.Fields(strings.TrimPrefix(line, "RUN ")) {
		switch {
		case strings.HasPrefix(w, "--mount="):
		case len(args) == 0 && strings.Contains(w, "="):
			env = append(env, w)
		default:
			args = append(args, w)
		}
	}
	if len(args) < 2 || args[0] != "go" || args[1] != "build" {
		t.Fatalf("no go build command line in the Dockerfile: %q", line)
	}
	return env, args
}

// TestDockerBuild runs the Dockerfile's go build command line here and checks
// what the scratch image relies on: a static binary (no program interpreter,
// no shared libraries) with the time zone database compiled in, that runs.
// .ci/deploy builds and runs the image itself.
func TestDockerBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	env, args := dockerBuildCommand(t)
	if !strings.Contains(strings.Join(env, " "), "CGO_ENABLED=0") || !strings.Contains(strings.Join(args, " "), " -trimpath ") {
		t.Errorf("the Dockerfile's build is not CGO_ENABLED=0 go build -trimpath: %v %v", env, args)
	}
	bin := filepath.Join(t.TempDir(), "sessionbot")
	for i, a := range args {
		if a == "-o" && i+1 < len(args) {
			args[i+1] = bin
		}
	}
	cmd := exec.CommandContext(t.Context(), args[0], args[1:]...)
	cmd.Dir = repoFile("")
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	checkStatic(t, bin)
	out, err := exec.CommandContext(t.Context(), bin, "version").Output()
	if err != nil || !strings.Contains(string(out), "\ngo        "+runtime.Version()+" ") {
		t.Errorf("sessionbot version: %v\n%s", err, out)
	}
}

func checkStatic(t *testing.T, bin string) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary has a program interpreter (PT_INTERP): it is not static")
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
		t.Errorf("the binary needs shared libraries %v (%v)", libs, err)
	}
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range syms {
		if strings.HasPrefix(s.Name, "time/tzdata.") {
			return
		}
	}
	t.Error("time/tzdata is not linked in: scratch has no zoneinfo")
}

// unit is a systemd unit file: each section's keys with their values in order.
type unit map[string]map[string][]string

func readUnit(t *testing.T, path string) unit {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	u, section := unit{}, ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.Trim(line, "[]")
			u[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				t.Fatalf("%s: not a key=value line in a section: %q", path, line)
			}
			u[section][k] = append(u[section][k], v)
		}
	}
	return u
}

// TestSystemdUnit checks the unit's hardening and wiring, that its command
// line is one sessionbot accepts, and, where systemd-analyze is installed,
// that systemd accepts the unit and rates its exposure as low.
func TestSystemdUnit(t *testing.T) {
	path := repoFile("deploy/sessionbot.service")
	svc := readUnit(t, path)["Service"]
	want := map[string]string{
		"DynamicUser": "yes", "StateDirectory": "sessionbot", "ProtectSystem": "strict",
		"ProtectHome": "yes", "NoNewPrivileges": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes",
		"Restart": "on-failure", "RestartSec": "5s", "RestartSteps": "8", "RestartMaxDelaySec": "5min",
		"CapabilityBoundingSet": "", "UMask": "0077",
	}
	for k, v := range want {
		if got := svc[k]; len(got) != 1 || got[0] != v {
			t.Errorf("%s=%q, want %q", k, got, v)
		}
	}
	wantMulti := map[string][]string{
		"LoadCredential": {"slack_bot_token:/etc/sessionbot/credentials/slack_bot_token", "slack_app_token:/etc/sessionbot/credentials/slack_app_token"},
		"Environment":    {"SLACK_BOT_TOKEN_FILE=%d/slack_bot_token", "SLACK_APP_TOKEN_FILE=%d/slack_app_token", "SESSIONBOT_DATA_DIR=%S/sessionbot"},
	}
	for k, vs := range wantMulti {
		for _, v := range vs {
			if !strings.Contains(strings.Join(svc[k], "\n")+"\n", v+"\n") {
				t.Errorf("no %s=%s in %q", k, v, svc[k])
			}
		}
	}
	exec := strings.Fields(strings.Join(svc["ExecStart"], ""))
	if len(exec) < 2 || exec[0] != "/usr/local/bin/sessionbot" || exec[1] != "run" {
		t.Fatalf("ExecStart=%q", exec)
	}
	if out, err := runCmd(t, append(exec[1:], "-h")...); err != nil || !strings.HasPrefix(out, "usage: sessionbot run") {
		t.Errorf("ExecStart's arguments are not a valid run command line: %v\n%s", err, out)
	}
	systemdAnalyze(t, path)
}

// systemdAnalyze runs systemd-analyze verify and security on a copy of the
// unit whose ExecStart names an executable that exists here (the test binary:
// verify checks only that it can be run).
func systemdAnalyze(t *testing.T, path string) {
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Log("systemd-analyze is not installed: unit not verified by systemd")
		return
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	copyPath := filepath.Join(t.TempDir(), "sessionbot.service")
	os.WriteFile(copyPath, bytes.ReplaceAll(data, []byte("/usr/local/bin/sessionbot"), []byte(self)), 0o644)

	out, err := exec.CommandContext(t.Context(), "systemd-analyze", "verify", copyPath).CombinedOutput()
	if err != nil {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	for line := range strings.Lines(string(out)) {
		if newerKey(line) && systemdVersion(t) < 254 {
			continue // RestartSteps= and RestartMaxDelaySec= are systemd 254's
		}
		t.Errorf("systemd-analyze verify: %s", line)
	}
	out, err = exec.CommandContext(t.Context(), "systemd-analyze", "security", "--offline=true", copyPath).CombinedOutput()
	m := regexp.MustCompile(`Overall exposure level for sessionbot.service: ([0-9.]+)`).FindSubmatch(out)
	if err != nil || m == nil {
		t.Logf("systemd-analyze security --offline (systemd 250 or later): %v", err)
		return
	}
	if score, _ := strconv.ParseFloat(string(m[1]), 64); score > 2.0 {
		t.Errorf("systemd-analyze security rates the unit's exposure %.1f, want at most 2.0:\n%s", score, out)
	}
}

func newerKey(line string) bool {
	return strings.Contains(line, "Unknown key 'RestartSteps'") || strings.Contains(line, "Unknown key 'RestartMaxDelaySec'")
}

func systemdVersion(t *testing.T) int {
	out, err := exec.CommandContext(t.Context(), "systemd-analyze", "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(out))
	if len(f) < 2 {
		t.Fatalf("systemd-analyze --version: %q", out)
	}
	v, _ := strconv.Atoi(f[1])
	return v
}
