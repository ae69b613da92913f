package schedule

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// TestTableNow: a scheduled run's now comes from the table's clock, not the
// wall clock, so the playground's jumps reach the jobs.
func TestTableNow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ahead := 26 * time.Hour
		got := make(chan time.Time, 1)
		tab, err := NewTable(brussels, testLogger(t), Job{Name: "tick", Spec: "@every 1s",
			Run: func(_ context.Context, now time.Time) error {
				select {
				case got <- now:
				default:
				}
				return nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		tab.Now = func() time.Time { return time.Now().Add(ahead) }
		tab.Start()
		defer tab.Stop(context.Background())
		now := <-got
		if want := time.Now().Add(ahead); !now.Equal(want) {
			t.Errorf("the job ran at %v, want the table's clock %v", now, want)
		}
		if now.Location() != brussels {
			t.Errorf("now is in %v, want the conference zone", now.Location())
		}
	})
}
