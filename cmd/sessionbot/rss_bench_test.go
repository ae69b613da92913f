package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/session"
)

// The peak-memory benchmarks run the real binary, as an organiser does,
// from a fresh data directory against the fake Slack: the cold index, then
// 1,000 /session commands at 8 in flight. They report the process's peak
// resident set (VmHWM, the whole process, not the Go heap), the time until
// it connected, and the ack latencies.
//
//	go test -run '^$' -bench PeakRSS -benchtime 1x ./cmd/sessionbot/

func BenchmarkPeakRSSFOSDEM(b *testing.B) {
	benchmarkPeakRSS(b, copyProgramme(b, "fosdem-2025_schedule.xml"))
}

func BenchmarkPeakRSS10k(b *testing.B) {
	benchmarkPeakRSS(b, writeSynthetic(b, 10_000, 0))
}

// BenchmarkPeakRSSHugeFields: four sessions whose every field is a
// million characters (a hostile programme under source.max_size).
func BenchmarkPeakRSSHugeFields(b *testing.B) {
	benchmarkPeakRSS(b, writeSynthetic(b, 4, 1_000_000))
}

func benchmarkPeakRSS(b *testing.B, source string) {
	bin := sessionbotBinary(b)
	for b.Loop() {
		runPeakRSS(b, bin, source, b.TempDir(), true)
	}
}

// BenchmarkRestartFOSDEM and BenchmarkRestart10k measure a restart on a
// data directory the same programme was synced into: the time until the
// bot is connected and has answered a first /session.
func BenchmarkRestartFOSDEM(b *testing.B) {
	benchmarkRestart(b, copyProgramme(b, "fosdem-2025_schedule.xml"))
}

func BenchmarkRestart10k(b *testing.B) {
	benchmarkRestart(b, writeSynthetic(b, 10_000, 0))
}

func benchmarkRestart(b *testing.B, source string) {
	bin := sessionbotBinary(b)
	dir := b.TempDir()
	runPeakRSS(b, bin, source, dir, false) // the cold start, not measured
	for b.Loop() {
		runPeakRSS(b, bin, source, dir, false)
	}
}

// runPeakRSS starts the binary on source with its data in dir and measures
// one run; with load it then sends the /session load.
func runPeakRSS(b *testing.B, bin, source, dir string, load bool) {
	srv := fakeslack.New(b)
	cfg := filepath.Join(dir, "sessionbot.yaml")
	conf := fmt.Sprintf("data_dir: %s\ntimezone: Europe/Brussels\nsource:\n  url: %s\n  max_size: 64MiB\n", filepath.Join(dir, "data"), source)
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "-config", cfg)
	cmd.Env = append(os.Environ(), "SLACK_BOT_TOKEN="+fakeslack.BotToken, "SLACK_APP_TOKEN="+fakeslack.AppToken, "SLACK_API_URL="+srv.APIURL())
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	go drainLog(out)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := srv.WaitConnected(ctx, 1); err != nil {
		b.Fatalf("bot never connected: %v", err)
	}
	b.ReportMetric(time.Since(start).Seconds(), "s_to_connect")
	if _, err := srv.SlashCommand(ctx, fakeslack.SlashCommand{Text: "kubernetes"}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(start).Seconds()*1000, "ms_to_first_answer")
	if !load {
		return
	}
	lat := slashLoad(b, srv, 1000, 8)
	hwm, err := peakRSS(cmd.Process.Pid)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(hwm, "peak_rss_MiB")
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ack_ms")
}

// slashLoad sends n /session commands, inflight at a time, and returns
// their ack latencies.
func slashLoad(b *testing.B, srv *fakeslack.Server, n, inflight int) []time.Duration {
	queries := []string{"kubernetes", "rust linux", "postgres", "open source firmware", "secrity", "webassem", "python packaging", "track:rust", "day:sat go"}
	var next atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	for range inflight {
		wg.Go(func() {
			for i := next.Add(1); i <= int64(n); i = next.Add(1) {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				ack, err := srv.SlashCommand(ctx, fakeslack.SlashCommand{Text: queries[int(i)%len(queries)]})
				cancel()
				if err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				lat = append(lat, ack.Latency)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return lat
}

// peakRSS reads VmHWM of a process in MiB.
func peakRSS(pid int) (float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024, err
		}
	}
	return 0, fmt.Errorf("no VmHWM for %d", pid)
}

func drainLog(r interface{ Read([]byte) (int, error) }) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
	}
}

// copyProgramme copies a real programme from session/testdata.
func copyProgramme(b *testing.B, name string) string {
	data, err := os.ReadFile(filepath.Join("..", "..", "session", "testdata", name))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}

// writeSynthetic writes a native JSON programme of n sessions made of
// FOSDEM's words; with fieldRunes > 0 every text field is that long.
func writeSynthetic(b *testing.B, n, fieldRunes int) string {
	data, err := os.ReadFile(filepath.Join("..", "..", "session", "testdata", "fosdem-2025_schedule.xml"))
	if err != nil {
		b.Fatal(err)
	}
	res, err := session.Parse(data, session.Options{})
	if err != nil {
		b.Fatal(err)
	}
	base := res.Sessions
	r := rand.New(rand.NewPCG(2025, 9))
	day0 := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	out := make([]session.Session, n)
	for i := range out {
		a, c := base[r.IntN(len(base))], base[r.IntN(len(base))]
		start := day0.AddDate(0, 0, r.IntN(4)).Add(time.Duration(r.IntN(36)) * 15 * time.Minute)
		out[i] = session.Session{
			ID: fmt.Sprintf("syn-%06d", i), Title: a.Title + " " + c.Title, Abstract: a.Abstract,
			Speakers: a.Speakers, Track: c.Track, Room: a.Room, Start: start, End: start.Add(50 * time.Minute),
		}
		if fieldRunes > 0 {
			long := strings.Repeat(a.Title+" ", fieldRunes/len(a.Title)+1)[:fieldRunes]
			out[i].Title, out[i].Subtitle, out[i].Abstract, out[i].Description, out[i].Track, out[i].Room = long, long, long, long+" d", long, long
		}
	}
	raw, err := json.Marshal(map[string]any{"sessions": out})
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "programme.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}
