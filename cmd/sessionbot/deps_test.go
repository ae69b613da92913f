package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestBinaryShipsNoTestCode: the binary links the fake Slack (for try) but
// no test support: not package testing (fakeslack's New takes a small
// interface instead), not httptest, not the browser driver.
func TestBinaryShipsNoTestCode(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/sessionbot/sessionbot/fakeslack") {
		t.Fatal("the binary does not link fakeslack; is try wired?")
	}
	for _, d := range deps {
		if d == "testing" || strings.HasPrefix(d, "testing/") || d == "net/http/httptest" || strings.Contains(d, "chromedp") {
			t.Errorf("the binary links %s", d)
		}
	}
}
