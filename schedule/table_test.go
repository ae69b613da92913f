package schedule

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func noop(context.Context, time.Time) error { return nil }

func TestNewTableSpecs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		jobs    []Job
		wantErr []string // substrings of the error; none means valid
	}{
		{name: "standard and descriptors", jobs: []Job{
			{Name: "sync", Spec: "*/10 * * * *", Run: noop},
			{Name: "remind", Spec: "@every 30s", Run: noop},
			{Name: "daily", Spec: "@daily", Run: noop},
			{Name: "zoned", Spec: "CRON_TZ=Asia/Tokyo 0 9 * * *", Run: noop},
		}},
		{name: "no jobs"},
		{name: "bad specs, all named", jobs: []Job{
			{Name: "sync", Spec: "every ten minutes", Run: noop},
			{Name: "remind", Spec: "* * * * * *", Run: noop}, // seconds field: not standard
			{Name: "ok", Spec: "@hourly", Run: noop},
		}, wantErr: []string{`job "sync": invalid spec "every ten minutes"`, `job "remind": invalid spec`}},
		{name: "empty spec", jobs: []Job{{Name: "sync", Run: noop}}, wantErr: []string{`job "sync"`}},
		{name: "duplicate name", jobs: []Job{{Name: "a", Spec: "@hourly", Run: noop}, {Name: "a", Spec: "@daily", Run: noop}},
			wantErr: []string{`job "a" appears twice`}},
		{name: "no name, no run", jobs: []Job{{Spec: "@hourly", Run: noop}, {Name: "b", Spec: "@hourly"}},
			wantErr: []string{"job 1 has no name", `job "b" has no Run`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := NewTable(brussels, testLogger(t), tc.jobs...)
			if len(tc.wantErr) == 0 {
				if err != nil {
					t.Fatalf("NewTable: %v", err)
				}
				tab.Start()
				if err := tab.Stop(t.Context()); err != nil {
					t.Errorf("Stop: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("NewTable: no error")
			}
			for _, want := range tc.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
}

// TestTableRuns proves on a fake clock that jobs fire on their schedules in
// the conference zone, that a panic is recovered, that a run still going is
// skipped rather than doubled, and that Stop waits for it.
func TestTableRuns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var ticks, slowRuns []time.Time
		var panics int
		release := make(chan struct{})
		tab, err := NewTable(brussels, testLogger(t),
			Job{Name: "tick", Spec: "@every 1s", Run: func(_ context.Context, now time.Time) error {
				mu.Lock()
				defer mu.Unlock()
				ticks = append(ticks, now)
				return errors.New("logged, not fatal")
			}},
			Job{Name: "panics", Spec: "@every 1s", Run: func(context.Context, time.Time) error {
				mu.Lock()
				panics++
				mu.Unlock()
				panic("boom")
			}},
			Job{Name: "slow", Spec: "@every 1s", Run: func(_ context.Context, now time.Time) error {
				mu.Lock()
				slowRuns = append(slowRuns, now)
				mu.Unlock()
				<-release
				return nil
			}},
		)
		if err != nil {
			t.Fatal(err)
		}
		tab.Start()
		time.Sleep(3500 * time.Millisecond)
		synctest.Wait()
		mu.Lock()
		if len(ticks) != 3 {
			t.Errorf("tick ran %d times in 3.5s, want 3", len(ticks))
		}
		if len(ticks) > 0 && ticks[0].Location() != brussels {
			t.Errorf("now is in %v, want the conference zone", ticks[0].Location())
		}
		if panics != 3 {
			t.Errorf("panicking job ran %d times in 3.5s, want 3: a panic must not stop it", panics)
		}
		if len(slowRuns) != 1 {
			t.Errorf("slow job started %d times while still running, want 1", len(slowRuns))
		}
		mu.Unlock()

		stopped := make(chan error)
		go func() { stopped <- tab.Stop(context.Background()) }()
		synctest.Wait()
		select {
		case <-stopped:
			t.Fatal("Stop returned while a job was still running")
		default:
		}
		close(release)
		if err := <-stopped; err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
}

// TestTableStopDeadline cancels the running job when Stop's context ends.
func TestTableStopDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cancelled := make(chan struct{})
		tab, err := NewTable(nil, nil, Job{Name: "stuck", Spec: "@every 1s", Run: func(ctx context.Context, _ time.Time) error {
			<-ctx.Done()
			close(cancelled)
			return ctx.Err()
		}})
		if err != nil {
			t.Fatal(err)
		}
		tab.Start()
		time.Sleep(1500 * time.Millisecond)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := tab.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Stop = %v, want the deadline", err)
		}
		<-cancelled
	})
}
