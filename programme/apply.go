package programme

import (
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// accept diffs a parsed snapshot, lets the drop guard judge it and applies
// it unless it is held.
func (s *Syncer) accept(now time.Time, meta store.Meta, opts SyncOptions, snap snapshot) (Report, error) {
	old, err := s.Store.Catalogue()
	if err != nil {
		return Report{}, fmt.Errorf("sync: %w", err)
	}
	rep := Report{Diff: session.Compare(old, snap.parsed.Sessions), Warnings: snap.parsed.Warnings, Format: snap.parsed.Format}
	v := s.judge(now, meta, opts, snap, len(old), len(rep.Diff.Removed))
	rep.Accepted, rep.Released = v.accepted, v.released
	if v.hold {
		rep.Held, rep.HeldHash = true, snap.hash
		if opts.DryRun {
			return rep, nil
		}
		return rep, s.hold(now, meta, snap, len(old))
	}
	if opts.DryRun {
		return rep, nil
	}
	return s.apply(now, meta, snap, rep, v.notices)
}

// apply commits an accepted snapshot to the store, with the notices about
// it, then to the index.
func (s *Syncer) apply(now time.Time, meta store.Meta, snap snapshot, rep Report, notices []store.Notice) (Report, error) {
	announce := s.Announce.Channel != "" && (meta.Synced || s.Announce.OnFirstSync)
	var changes []session.Change
	if announce && s.Announce.Changes {
		var err error
		if changes, err = s.changeNotices(rep.Diff); err != nil {
			return rep, fmt.Errorf("sync: %w", err)
		}
	}
	m := meta
	m.ETag, m.LastModified = snap.fetched.Validators.ETag, snap.fetched.Validators.LastModified
	m.Hash, m.LastAttempt, m.LastSuccess, m.LastError, m.Held = snap.hash, now, now, "", store.Hold{}
	applied, err := s.Store.Apply(store.Commit{Sessions: snap.parsed.Sessions, Meta: m, Now: now,
		Announce: announce, Changes: changes, Notices: notices})
	if err != nil {
		return rep, writeFailed("save the programme", err)
	}
	rep.Queued = len(applied.Queued)
	stats, err := s.Index.SyncVersion(snap.parsed.Sessions, applied.Version)
	if err != nil {
		s.indexStale = true
		s.log().Error("sync: index update failed; it is refilled from the store on the next sync", slog.Any("error", err))
		return rep, writeFailed("update the search index", err)
	}
	if stats.Upserted >= bigSync {
		// Indexing thousands of sessions grew the heap; hand the pages back
		// to the system now rather than when the collector gets round to
		// it, so a small container's resident memory falls back.
		debug.FreeOSMemory()
	}
	s.log().Info("sync applied", slog.String("format", rep.Format),
		slog.Int("added", len(rep.Diff.Added)), slog.Int("changed", len(rep.Diff.Changed)),
		slog.Int("removed", len(rep.Diff.Removed)), slog.Int("reappeared", len(applied.Reappeared)),
		slog.Int("queued", rep.Queued), slog.Int("indexed", stats.Upserted), slog.Int("unindexed", stats.Deleted),
		slog.Int("warnings", len(rep.Warnings)))
	return rep, nil
}

// unchanged records a successful fetch that brought nothing new: the source
// is back to (or still) the last good snapshot, so any problem is over and
// a held snapshot is dropped.
func (s *Syncer) unchanged(now time.Time, meta store.Meta, v session.Validators, opts SyncOptions, rep Report) (Report, error) {
	rep.Released = meta.Held.Hash != ""
	if opts.DryRun {
		return rep, nil
	}
	var notices []store.Notice
	if rep.Released {
		notices = s.released(now, meta.Held, meta.Held.Previous)
	}
	err := s.Store.UpdateMeta(func(m *store.Meta) {
		m.ETag, m.LastModified = v.ETag, v.LastModified
		m.LastAttempt, m.LastSuccess, m.LastError, m.Held = now, now, "", store.Hold{}
	}, notices...)
	if err != nil {
		return rep, writeFailed("record the sync", err)
	}
	s.log().Debug("sync: source unchanged", slog.Bool("not_modified", rep.NotModified), slog.Bool("released", rep.Released))
	return rep, nil
}

// bigSync is how many sessions a sync must (re)index to hand memory back.
const bigSync = 500
