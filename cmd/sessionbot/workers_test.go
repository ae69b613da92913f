package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/programme"
	"github.com/sessionbot/sessionbot/schedule"
)

// TestAdminSyncAlwaysAnswers: a sync job that runs long still gets the
// admin an answer, and goes on.
func TestAdminSyncAlwaysAnswers(t *testing.T) {
	release, finished := make(chan struct{}), make(chan struct{})
	slow := func(ctx context.Context, _ time.Time, _ programme.SyncOptions) schedule.Result {
		<-release // runs until the test has its answer
		close(finished)
		return schedule.Result{}
	}
	msg, err := adminSync(slow, time.Now, 50*time.Millisecond)(t.Context(), bot.SyncRequest{})
	if err != nil || !strings.Contains(msg, "still running") {
		t.Errorf("answer %q, %v; want 'still running'", msg, err)
	}
	close(release)
	<-finished // the job went on
}
