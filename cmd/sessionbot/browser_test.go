package main

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var updateScreenshot = flag.Bool("update", false, "rewrite docs/try.png from the browser test")

// chromiumNames are the names Debian's (and others') Chromium goes by.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// chromium returns the browser to drive, or skips the test saying why:
// only where none can be installed (.ci/run installs Debian's chromium).
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SESSIONBOT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("SKIP: no Chromium on this machine (looked for " + strings.Join(chromiumNames, ", ") +
		"); install Debian's chromium package (apt-get install chromium), which .ci/run does, or set SESSIONBOT_CHROMIUM")
	return ""
}

// newBrowser starts headless Chromium with a new empty profile, in zone
// (the browser's time zone, which date tokens are shown in), and returns a
// tab's context. The flags keep it off the network: this machine has none.
func newBrowser(t *testing.T, ctx context.Context, zone string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 860),
		chromedp.Env("TZ=" + zone),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tab, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	if err := chromedp.Do(tab); err != nil { // starts the browser
		t.Fatalf("starting Chromium: %v", err)
	}
	return tab
}

// pageURL matches the line try prints when its page is up.
var pageURL = regexp.MustCompile(`open (http://\S+/) \(the programme: (.+?); Ctrl-C stops\)`)

// startTry runs `sessionbot try` with args in this process (the same run()
// main calls) until the test ends, and returns the page's URL and the
// programme file.
func startTry(t *testing.T, args ...string) (url, programme string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"try"}, args...), noEnv, out) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("try: %v\n%s", err, out)
		}
	})
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if m := pageURL.FindStringSubmatch(out.String()); m != nil {
			return m[1], m[2]
		}
		select {
		case err := <-done:
			t.Fatalf("try stopped: %v\n%s", err, out)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("try printed no URL within a minute:\n%s", out)
	return "", ""
}

// stepTimeout bounds each step of a browser test: the bot answers in
// well under a second, but a -race run on a busy 2-core machine is slow.
const stepTimeout = 45 * time.Second

// poll waits until the JavaScript expression is truthy in the page.
func poll(t *testing.T, tab context.Context, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(stepTimeout))); err != nil {
		body, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("%s: %v\nthe page says:\n%s", what, err, body)
	}
}

// eval returns the value of a JavaScript expression in the page.
func eval[T any](t *testing.T, tab context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(tab, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// do runs browser actions, failing the test on an error.
func do(t *testing.T, tab context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		body, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("%s: %v\nthe page says:\n%s", what, err, body)
	}
}
