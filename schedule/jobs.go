package schedule

import (
	"context"
	"errors"
	"time"
)

// SyncJobName names the sync job in the table and in logs.
const SyncJobName = "sync"

// SyncJob is the table's sync job, on spec (source.poll): a sync, then a
// flush of the outbox, then each of after in order (Followups.Run:
// reminders re-armed, follow alerts queued). The flush and the after steps
// run even when the sync failed, so what an earlier sync queued (or a crash
// left undone) still happens. a may be nil when announcements are off.
func SyncJob(spec string, s *Syncer, a *Announcer, after ...func(ctx context.Context, now time.Time) error) Job {
	return Job{Name: SyncJobName, Spec: spec, Run: func(ctx context.Context, now time.Time) error {
		_, err := s.Sync(ctx, now, SyncOptions{})
		if a != nil {
			_, ferr := a.Flush(ctx, now)
			err = errors.Join(err, ferr)
		}
		for _, step := range after {
			err = errors.Join(err, step(ctx, now))
		}
		return err
	}}
}
