package schedule

import (
	"context"
	"errors"
	"time"

	"github.com/sessionbot/sessionbot/announce"
	"github.com/sessionbot/sessionbot/followup"
	"github.com/sessionbot/sessionbot/programme"
)

// SyncJobName names the sync job in the table and in logs.
const SyncJobName = "sync"

// Sync is the sync job's wiring: a sync of the programme, then a flush of
// the announcement outbox, then the follow-ups (reminders re-armed, follow
// alerts queued), then a wake-up for the postman, which sends what they
// and the sync queued. The later steps run even when an earlier one
// failed, so what an earlier sync queued (or a crash left undone) still
// happens.
type Sync struct {
	Syncer    *programme.Syncer
	Announcer *announce.Announcer
	Followups *followup.Followups
	Wake      func() // the postman's
}

// Result is what one run of the sync job did.
type Result struct {
	Report programme.Report
	Sync   error // the sync's own failure: nothing changed
	Later  error // the flush's and the follow-ups' failures, retried by later runs
}

// Err is every failure of the run.
func (r Result) Err() error { return errors.Join(r.Sync, r.Later) }

// Run runs the steps once, as of now. An Accept naming a snapshot no
// longer held (Report.Stale) runs nothing after the sync.
func (s Sync) Run(ctx context.Context, now time.Time, opts programme.SyncOptions) Result {
	var res Result
	res.Report, res.Sync = s.Syncer.Sync(ctx, now, opts)
	if !res.Report.Stale {
		_, ferr := s.Announcer.Flush(ctx, now)
		_, uerr := s.Followups.Run(ctx, now)
		res.Later = errors.Join(ferr, uerr)
	}
	s.Wake()
	return res
}

// Job is the table's sync job, on spec (source.poll).
func (s Sync) Job(spec string) Job {
	return Job{Name: SyncJobName, Spec: spec, Run: func(ctx context.Context, now time.Time) error {
		return s.Run(ctx, now, programme.SyncOptions{}).Err()
	}}
}
