//go:build unix

package main

import (
	"os/exec"
	"syscall"
	"testing"
)

// runAsNobody makes cmd run as the unprivileged user.
func runAsNobody(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	uid, gid := nobody(t)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: gid}}
}
