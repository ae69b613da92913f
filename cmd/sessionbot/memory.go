package main

import (
	"log/slog"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/sessionbot/sessionbot/config"
)

// cgroupLimitFiles hold the container's memory limit: cgroup v2, then v1.
var cgroupLimitFiles = []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}

// applyMemoryLimit sets the Go runtime's soft memory limit from
// memory_limit: the garbage collector then works harder as the heap nears
// it instead of letting it grow past a small container's memory.
func applyMemoryLimit(limit int64, log *slog.Logger) {
	if limit == config.MemoryAuto {
		limit = containerLimit(os.ReadFile) * 9 / 10
	}
	if limit <= 0 {
		return
	}
	debug.SetMemoryLimit(limit)
	log.Info("memory limit set", slog.Int64("memory_limit_mib", limit>>20))
}

// containerLimit returns the container's memory limit in bytes, 0 when
// there is none (or it is absurdly high, as cgroup v1 reports "no limit").
func containerLimit(read func(string) ([]byte, error)) int64 {
	for _, f := range cgroupLimitFiles {
		data, err := read(f)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
		if err != nil || n <= 0 || n >= math.MaxInt64/2 || n >= 1<<50 {
			return 0 // "max", or v1's page-rounded max int
		}
		return n
	}
	return 0
}
