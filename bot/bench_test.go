package bot_test

import (
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/index"
)

// benchQueries are searches attendees of FOSDEM might type.
var benchQueries = []string{
	"rust", "kubernetes", "postgres", "webassembly", "linux kernel", "speaker:poettering",
	"\"open source\"", "track:\"Go\"", "security", "python", "riscv", "help", "now", "next",
}

// BenchmarkSlashCommandFOSDEM measures the ack latency of /session through
// fake Slack's Socket Mode with 8 users typing at once, on the FOSDEM 2025
// programme, and the memory of the process (bot and fake) after the load.
func BenchmarkSlashCommandFOSDEM(b *testing.B) {
	benchmarkSlashCommand(b, testIndex(b, fosdem))
}

// BenchmarkSlashCommand10k is the same on 10,000 sessions recombined from
// FOSDEM's.
//
//	go test -run '^$' -bench SlashCommand10k -benchtime 3000x ./bot/
func BenchmarkSlashCommand10k(b *testing.B) {
	benchmarkSlashCommand(b, bigIndex(b, 10_000))
}

func benchmarkSlashCommand(b *testing.B, ix *index.Index) {
	h := startBot(b, ix, duringFOSDEM(b))
	const users = 8
	var (
		mu        sync.Mutex
		latencies []time.Duration
		next      atomic.Int64
	)
	b.ResetTimer()
	var wg sync.WaitGroup
	for u := range users {
		wg.Go(func() {
			ctx := testCtx(b)
			for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
				ack, err := h.srv.SlashCommand(ctx, fakeslack.SlashCommand{
					Text: benchQueries[int(i)%len(benchQueries)], UserID: "U0BENCH" + strconv.Itoa(u)})
				if err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				latencies = append(latencies, ack.Latency)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	reportLatency(b, latencies)
	reportMemory(b)
}

func reportLatency(b *testing.B, ls []time.Duration) {
	if len(ls) == 0 {
		return
	}
	slices.Sort(ls)
	at := func(p float64) float64 {
		return float64(ls[min(len(ls)-1, int(p*float64(len(ls))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50_ms")
	b.ReportMetric(at(0.99), "p99_ms")
}

func reportMemory(b *testing.B) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap_MB")
	if rss, ok := vmRSS(); ok {
		b.ReportMetric(rss/1024, "rss_MB")
	}
}

// vmRSS reads the process's resident set in KiB from /proc (Linux only).
func vmRSS() (float64, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb, err == nil
		}
	}
	return 0, false
}
