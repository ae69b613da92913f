package dm

import (
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/session"
)

// brussels is the conference zone of the tests.
var brussels = mustZone("Europe/Brussels")

// t0 is when the tests' programme is stored.
var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, brussels)

// lead is the tests' reminders.lead.
const lead = 10 * time.Minute

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// talk is a made-up session n of the programme.
func talk(n int) session.Session {
	start := time.Date(2026, 11, 28, 9, 0, 0, 0, brussels).Add(time.Duration(n) * 30 * time.Minute)
	return session.Session{
		ID:       fmt.Sprintf("talk-%02d", n),
		Title:    fmt.Sprintf("Talk %d", n),
		Speakers: []session.Speaker{{Name: fmt.Sprintf("Speaker %d", n), Company: "Acme"}},
		Room:     fmt.Sprintf("Room %d", n%3+1),
		Start:    start,
		End:      start.Add(25 * time.Minute),
	}
}

// talks returns sessions talk(from) … talk(to).
func talks(from, to int) []session.Session {
	var out []session.Session
	for n := from; n <= to; n++ {
		out = append(out, talk(n))
	}
	return out
}

// testLogger logs to the test's output while it runs, and drops what
// goroutines log after the test ended (writing to a finished test's output
// panics).
func testLogger(t *testing.T) *slog.Logger {
	w := &testOutput{out: t.Output()}
	t.Cleanup(w.close)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testOutput struct {
	mu   sync.Mutex
	out  io.Writer
	done bool
}

func (w *testOutput) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return len(p), nil
	}
	return w.out.Write(p)
}

func (w *testOutput) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
}
