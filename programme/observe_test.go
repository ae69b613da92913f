package programme

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// outcomes records the syncs a Syncer reports.
type outcomes struct {
	mu  sync.Mutex
	got []string
}

func (o *outcomes) Synced(outcome string, took time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if took <= 0 {
		outcome += " (no duration)"
	}
	o.got = append(o.got, outcome)
}

// TestObserver: each sync is reported once with what it did; dry runs
// are not reported.
func TestObserver(t *testing.T) {
	obs := &outcomes{}
	e := newEnv(t, func(s *Syncer) { s.Observer = obs })
	e.write(talks(1, 10)...)
	e.sync(t0, SyncOptions{})                                // changed
	e.sync(t0.Add(time.Minute), SyncOptions{})               // unchanged (not modified)
	e.sync(t0.Add(2*time.Minute), SyncOptions{DryRun: true}) // not reported
	e.write(talks(1, 2)...)
	e.sync(t0.Add(3*time.Minute), SyncOptions{})                   // held: 8 of 10 gone
	e.sync(t0.Add(4*time.Minute), SyncOptions{Accept: "not held"}) // stale
	e.writeRaw([]byte("\x89PNG\r\n"))
	if _, err := e.syncer.Sync(t.Context(), t0.Add(5*time.Minute), SyncOptions{}); err == nil {
		t.Fatal("a broken source synced")
	}
	want := []string{SyncChanged, SyncUnchanged, SyncHeld, SyncStale, SyncFailed}
	if diff := cmp.Diff(want, obs.got); diff != "" {
		t.Errorf("reported (-want +got):\n%s", diff)
	}
}
