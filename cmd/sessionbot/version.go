package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// runVersion prints what the Go toolchain recorded in the binary: the module
// version, the VCS revision and commit time, whether the tree had local
// changes, and the Go version and platform.
func runVersion(_ context.Context, args []string, _ func(string) string, stdout io.Writer) error {
	fs := newCommandFlags("version", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprint(stdout, versionText(bi))
	return nil
}

// versionText renders bi; what the build did not record reads "unknown"
// (go build outside a VCS checkout, go test, -buildvcs=false).
func versionText(bi *debug.BuildInfo) string {
	if bi == nil {
		bi = &debug.BuildInfo{}
	}
	set := map[string]string{}
	for _, s := range bi.Settings {
		set[s.Key] = s.Value
	}
	goVersion := bi.GoVersion
	if goVersion == "" {
		goVersion = runtime.Version()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "sessionbot %s\n", orUnknown(bi.Main.Version))
	fmt.Fprintf(&b, "revision  %s\n", orUnknown(set["vcs.revision"]))
	fmt.Fprintf(&b, "time      %s\n", orUnknown(set["vcs.time"]))
	fmt.Fprintf(&b, "modified  %s\n", orUnknown(set["vcs.modified"]))
	fmt.Fprintf(&b, "go        %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
