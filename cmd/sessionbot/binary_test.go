package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The binary the process-level tests run, built once by the first that
// needs it, into a directory anyone can read (tests run as root drop to an
// unprivileged user) and removed by TestMain.
var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// sessionbotBinary returns the path of sessionbot built from this package.
func sessionbotBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "sessionbot-bin-"); buildErr != nil {
			return
		}
		if buildErr = os.Chmod(binDir, 0o755); buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "sessionbot")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// outcome is how a run of the binary ended.
type outcome struct {
	code           int
	stdout, stderr string
}

// runBinary runs sessionbot with args; unprivileged runs it as nobody when
// the tests run as root, so that file modes apply.
func runBinary(t *testing.T, unprivileged bool, args ...string) outcome {
	t.Helper()
	cmd := exec.Command(sessionbotBinary(t), args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()}
	if unprivileged && os.Geteuid() == 0 {
		runAsNobody(t, cmd)
		cmd.Env[1] = "HOME=/"
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run %v: %v", args, err)
	}
	return outcome{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
}

// nobody returns the unprivileged user's IDs.
func nobody(t *testing.T) (uint32, uint32) {
	t.Helper()
	u, err := user.Lookup("nobody")
	if err != nil {
		t.Skipf("no unprivileged user to run as: %v", err)
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return uint32(uid), uint32(gid)
}

// giveTo hands the test directory holding cfg to the user runBinary runs
// unprivileged (as root: nobody), and lets it reach the directory.
func giveTo(t *testing.T, cfg string) {
	t.Helper()
	dir := filepath.Dir(cfg)
	for _, d := range []string{dir, filepath.Dir(dir)} { // t.TempDir() makes both 0700
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if os.Geteuid() != 0 {
		return
	}
	uid, gid := nobody(t)
	err := filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(uid), int(gid))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// oneLine checks that the binary failed with exit status 1 and said why in
// one line on stderr, without a stack or goroutine dump, and returns it.
func oneLine(t *testing.T, o outcome) string {
	t.Helper()
	line := strings.TrimSuffix(o.stderr, "\n")
	if o.code != 1 || line == "" || strings.Contains(line, "\n") || !strings.HasPrefix(line, "sessionbot: ") {
		t.Fatalf("want exit 1 and one line on stderr, got exit %d\nstderr:\n%.2000s\nstdout:\n%.500s", o.code, o.stderr, o.stdout)
	}
	if strings.Contains(o.stdout+o.stderr, "goroutine ") {
		t.Errorf("output has a goroutine dump")
	}
	return line
}

// wants checks that line says every one of want and none of avoid.
func wants(t *testing.T, line string, want, avoid []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(line, w) {
			t.Errorf("message lacks %q:\n%s", w, line)
		}
	}
	for _, a := range avoid {
		if strings.Contains(line, a) {
			t.Errorf("message says %q:\n%s", a, line)
		}
	}
}
