package schedule

import (
	"context"
	"errors"
	"time"
)

// SyncJobName names the sync job in the table and in logs.
const SyncJobName = "sync"

// SyncJob is the table's sync job, on spec (source.poll): a sync, then a
// flush of the outbox. The flush runs even when the sync failed, so what an
// earlier sync queued (or a crash left queued) still goes out. a may be nil
// when announcements are off.
func SyncJob(spec string, s *Syncer, a *Announcer) Job {
	return Job{Name: SyncJobName, Spec: spec, Run: func(ctx context.Context, now time.Time) error {
		_, serr := s.Sync(ctx, now, SyncOptions{})
		if a == nil {
			return serr
		}
		_, ferr := a.Flush(ctx, now)
		return errors.Join(serr, ferr)
	}}
}
