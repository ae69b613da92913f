package programme

import "time"

// Observer is told of every sync that may change something (dry runs are
// not reported): its outcome, one of the Sync* values, and how long it
// took. Its method must be quick and safe for concurrent use.
type Observer interface {
	Synced(outcome string, took time.Duration)
}

// Outcomes of a sync.
const (
	SyncChanged   = "changed"   // a new snapshot was applied
	SyncUnchanged = "unchanged" // the source is as it was (not modified, or the same content)
	SyncHeld      = "held"      // the drop guard holds the snapshot back
	SyncStale     = "stale"     // an Accept for a snapshot no longer held: nothing was done
	SyncFailed    = "failed"    // the source could not be fetched or read, or the data could not be written
)

// Outcome names what a sync that gave rep and err did.
func Outcome(rep Report, err error) string {
	switch {
	case err != nil:
		return SyncFailed
	case rep.Stale:
		return SyncStale
	case rep.Held:
		return SyncHeld
	case rep.NotModified, rep.Unchanged:
		return SyncUnchanged
	}
	return SyncChanged
}

// observe tells the Observer, if any, of a sync that began at start.
func (s *Syncer) observe(opts SyncOptions, rep Report, err error, start time.Time) {
	if s.Observer == nil || opts.DryRun {
		return
	}
	s.Observer.Synced(Outcome(rep, err), time.Since(start))
}
