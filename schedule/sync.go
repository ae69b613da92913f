package schedule

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// Source says where the programme comes from and how to read it.
type Source struct {
	URL      string         // a file path or an http(s) URL
	Format   string         // one of session.Formats; "" means auto
	Location *time.Location // the conference's zone, for offset-less times
	// MaxDrop is the share of the catalogue a snapshot may lose before it is
	// refused as a probable broken page; zero means DefaultMaxDrop.
	MaxDrop float64
}

// DefaultMaxDrop is the max_drop used when Source.MaxDrop is zero.
const DefaultMaxDrop = 0.5

// SyncOptions change what one Sync does.
type SyncOptions struct {
	Force  bool // accept a snapshot the drop guard would refuse
	DryRun bool // report what would change; change nothing, notify no one
}

// Report says what one Sync found and did.
type Report struct {
	NotModified bool         // the source answered "not modified"
	Unchanged   bool         // the source's content hashed as the last good one
	Diff        session.Diff // against the stored catalogue
	Refused     bool         // the drop guard refused the snapshot; nothing changed
	Queued      int          // announcement messages queued in the outbox
	Warnings    []session.Warning
	Format      string // the format the source was parsed as
}

// Notifier tells the admins about a problem they should look at.
type Notifier interface {
	NotifyAdmins(ctx context.Context, text string) error
}

// fetcher is the part of session.Fetcher a Syncer uses.
type fetcher interface {
	Fetch(ctx context.Context, src string, prev session.Validators) (session.Fetched, error)
}

// indexer is the part of index.Index a Syncer uses.
type indexer interface {
	Sync(sessions []session.Session) (index.SyncStats, error)
}

// syncStore is the part of store.Store a Syncer uses.
type syncStore interface {
	Meta() (store.Meta, error)
	UpdateMeta(fn func(*store.Meta)) error
	Catalogue() ([]session.Session, error)
	Known(id string) (store.Entry, bool, error)
	Apply(c store.Commit) (store.Applied, error)
}

// Syncer is the sync job: it fetches the source, diffs it against the stored
// catalogue, and applies an accepted snapshot to the store (queuing
// announcements) and then to the index. The store is the truth: the index is
// refilled from it when an index write failed. Syncs are serialised.
type Syncer struct {
	Source      Source
	Fetcher     fetcher
	Store       syncStore
	Index       indexer
	Channel     string   // the announce channel; "" turns announcements off
	OnFirstSync bool     // announce what the very first sync finds
	Changes     bool     // also queue "schedule changes" for announced sessions
	Notifier    Notifier // may be nil
	Logger      *slog.Logger

	mu         sync.Mutex
	indexStale bool // the last index write failed: refill from the store
}

// Sync runs one sync as of now. A fetch or parse failure changes nothing but
// the source metadata and returns an error; a snapshot refused by the drop
// guard is a Report with Refused set, not an error.
func (s *Syncer) Sync(ctx context.Context, now time.Time, opts SyncOptions) (Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	meta, err := s.Store.Meta()
	if err != nil {
		return Report{}, fmt.Errorf("sync: %w", err)
	}
	if err := s.healIndex(meta); err != nil {
		return Report{}, err
	}
	got, err := s.Fetcher.Fetch(ctx, s.Source.URL, session.Validators{ETag: meta.ETag, LastModified: meta.LastModified})
	if err != nil {
		return Report{}, s.fail(ctx, now, meta, opts, err)
	}
	if got.NotModified {
		return s.unchanged(now, got.Validators, opts, Report{NotModified: true})
	}
	hash := s.hash(got.Data)
	if meta.Synced && hash == meta.Hash {
		return s.unchanged(now, got.Validators, opts, Report{Unchanged: true})
	}
	res, err := session.Parse(got.Data, session.Options{Format: s.Source.Format, Location: s.Source.Location, ContentType: got.ContentType})
	if err != nil {
		return Report{Format: res.Format, Warnings: res.Warnings}, s.fail(ctx, now, meta, opts, fmt.Errorf("parse source: %w", err))
	}
	return s.accept(ctx, now, meta, opts, snapshot{fetched: got, hash: hash, parsed: res})
}

// snapshot is a fetched and parsed source.
type snapshot struct {
	fetched session.Fetched
	hash    string
	parsed  session.Result
}

// accept diffs a parsed snapshot, runs the drop guard and applies it.
func (s *Syncer) accept(ctx context.Context, now time.Time, meta store.Meta, opts SyncOptions, snap snapshot) (Report, error) {
	old, err := s.Store.Catalogue()
	if err != nil {
		return Report{}, fmt.Errorf("sync: %w", err)
	}
	rep := Report{Diff: session.Compare(old, snap.parsed.Sessions), Warnings: snap.parsed.Warnings, Format: snap.parsed.Format}
	if s.guard(meta, opts, snap.hash, len(old), len(rep.Diff.Removed)) {
		rep.Refused = true
		if !opts.DryRun {
			s.refuse(ctx, now, meta, snap.hash, len(snap.parsed.Sessions), len(old))
		}
		return rep, nil
	}
	if opts.DryRun {
		return rep, nil
	}
	return s.apply(now, meta, snap, rep)
}

// apply commits an accepted snapshot to the store, then to the index.
func (s *Syncer) apply(now time.Time, meta store.Meta, snap snapshot, rep Report) (Report, error) {
	announce := s.Channel != "" && (meta.Synced || s.OnFirstSync)
	var changes []session.Change
	if announce && s.Changes {
		var err error
		if changes, err = s.changeNotices(rep.Diff); err != nil {
			return rep, fmt.Errorf("sync: %w", err)
		}
	}
	m := meta
	m.ETag, m.LastModified = snap.fetched.Validators.ETag, snap.fetched.Validators.LastModified
	m.Hash, m.LastAttempt, m.LastSuccess, m.LastError, m.Refused = snap.hash, now, now, "", store.Refusal{}
	applied, err := s.Store.Apply(store.Commit{Sessions: snap.parsed.Sessions, Meta: m, Now: now, Announce: announce, Changes: changes})
	if err != nil {
		return rep, fmt.Errorf("sync: %w", err)
	}
	rep.Queued = len(applied.Queued)
	stats, err := s.Index.Sync(snap.parsed.Sessions)
	if err != nil {
		s.indexStale = true
		s.log().Error("sync: index update failed; it is refilled from the store on the next sync", slog.Any("error", err))
		return rep, fmt.Errorf("sync: index: %w", err)
	}
	s.log().Info("sync applied", slog.String("format", rep.Format),
		slog.Int("added", len(rep.Diff.Added)), slog.Int("changed", len(rep.Diff.Changed)),
		slog.Int("removed", len(rep.Diff.Removed)), slog.Int("reappeared", len(applied.Reappeared)),
		slog.Int("queued", rep.Queued), slog.Int("indexed", stats.Upserted), slog.Int("unindexed", stats.Deleted),
		slog.Int("warnings", len(rep.Warnings)))
	return rep, nil
}

// unchanged records a successful fetch that brought nothing new: the source
// is back to (or still) the last good snapshot, so any problem is over.
func (s *Syncer) unchanged(now time.Time, v session.Validators, opts SyncOptions, rep Report) (Report, error) {
	if opts.DryRun {
		return rep, nil
	}
	err := s.Store.UpdateMeta(func(m *store.Meta) {
		m.ETag, m.LastModified = v.ETag, v.LastModified
		m.LastAttempt, m.LastSuccess, m.LastError, m.Refused = now, now, "", store.Refusal{}
	})
	if err != nil {
		return rep, fmt.Errorf("sync: %w", err)
	}
	s.log().Debug("sync: source unchanged", slog.Bool("not_modified", rep.NotModified))
	return rep, nil
}

// Reindex makes the index hold the stored catalogue, as at start-up: the
// store is the truth. Before the first sync ever it does nothing, so an empty
// store never empties an index.
func (s *Syncer) Reindex() (index.SyncStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	meta, err := s.Store.Meta()
	if err != nil {
		return index.SyncStats{}, fmt.Errorf("reindex: %w", err)
	}
	return s.reindex(meta)
}

// healIndex refills the index when the last write to it failed.
func (s *Syncer) healIndex(meta store.Meta) error {
	if !s.indexStale {
		return nil
	}
	if _, err := s.reindex(meta); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	return nil
}

func (s *Syncer) reindex(meta store.Meta) (index.SyncStats, error) {
	if !meta.Synced {
		return index.SyncStats{}, nil
	}
	cat, err := s.Store.Catalogue()
	if err != nil {
		return index.SyncStats{}, fmt.Errorf("reindex: %w", err)
	}
	stats, err := s.Index.Sync(cat)
	if err != nil {
		s.indexStale = true
		return stats, fmt.Errorf("reindex: %w", err)
	}
	s.indexStale = false
	return stats, nil
}

// hash identifies a snapshot: the content, and how it is read, so that a new
// format or time zone in the config is not mistaken for "unchanged".
func (s *Syncer) hash(data []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", s.Source.Format, s.Source.Location)
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

func (s *Syncer) log() *slog.Logger { return orDiscard(s.Logger) }
