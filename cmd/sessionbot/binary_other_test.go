//go:build !unix

package main

import (
	"os/exec"
	"testing"
)

// runAsNobody skips: dropping privileges is done the unix way only.
func runAsNobody(t *testing.T, _ *exec.Cmd) {
	t.Skip("running as another user needs a unix system")
}
