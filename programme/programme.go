// Package programme keeps sessionbot's programme in step with the
// organiser's source. Each sync fetches the source, parses it, diffs it
// against the stored catalogue, holds back a snapshot that lost most of the
// programme (the drop guard), and applies an accepted one to the store (the
// truth) and the index, queuing the announcements it merits. Problems go
// to the admins as queued direct messages.
//
// Every sync is a function of now, so tests call it with any time.
package programme

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

// Source says where the programme comes from, how to read it and how much
// of it a snapshot may lose.
type Source struct {
	URL      string         // a file path or an http(s) URL
	Format   string         // one of session.Formats; "" means auto
	Location *time.Location // the conference's zone, for offset-less times
	// MaxDrop is the share of the catalogue a snapshot may lose before it is
	// held as a probable broken page; zero means DefaultMaxDrop.
	MaxDrop float64
	// DropHold, when above zero, accepts a held snapshot once the source
	// has shown the same content that long (source.drop_hold); zero: only
	// an admin accepts it.
	DropHold time.Duration
	// MaxSessions refuses a source with more sessions (source.max_sessions);
	// zero means no limit.
	MaxSessions int
}

// DefaultMaxDrop is the max_drop used when Source.MaxDrop is zero.
const DefaultMaxDrop = 0.5

// Announce says what a sync queues for the announce channel.
type Announce struct {
	Channel     string // the announce channel; "" turns announcements off
	OnFirstSync bool   // announce what the very first sync finds
	Changes     bool   // also queue "schedule changes" for announced sessions
}

// SyncOptions change what one Sync does.
type SyncOptions struct {
	Force bool // accept whatever the source holds, even a large drop
	// Accept accepts the held snapshot with this hash if the source still
	// holds it (an admin's button); a snapshot no longer held is not synced.
	Accept string
	By     string // the admin who forced or accepted (a Slack user ID); "": the command line
	DryRun bool   // report what would change; change nothing, notify no one
}

// Report says what one Sync found and did.
type Report struct {
	NotModified bool         // the source answered "not modified"
	Unchanged   bool         // the source's content hashed as the last good one
	Diff        session.Diff // against the stored catalogue
	Held        bool         // the drop guard holds the snapshot back; nothing changed
	HeldHash    string       // the held snapshot's hash, when Held
	Accepted    bool         // a large drop was accepted (forced, by an admin or by the hold)
	Released    bool         // a held snapshot was dropped: the source recovered
	Stale       bool         // Accept named a snapshot that is no longer held; nothing was done
	Queued      int          // announcement messages queued in the outbox
	Warnings    []session.Warning
	Format      string // the format the source was parsed as
}

// fetcher is the part of session.Fetcher a Syncer uses.
type fetcher interface {
	Fetch(ctx context.Context, src string, prev session.Validators) (session.Fetched, error)
}

// indexer is the part of index.Index a Syncer uses.
type indexer interface {
	SyncVersion(sessions []session.Session, version string) (index.SyncStats, error)
	Version() (string, error)
}

// syncStore is the part of store.Store a Syncer uses.
type syncStore interface {
	Meta() (store.Meta, error)
	UpdateMeta(fn func(*store.Meta), notices ...store.Notice) error
	Catalogue() ([]session.Session, error)
	Known(id string) (store.Entry, bool, error)
	Apply(c store.Commit) (store.Applied, error)
}

// alarm tells the admins at once, without the store: for a problem the
// store cannot queue a notice about, such as a full disk.
type alarm interface {
	AlarmAdmins(ctx context.Context, text string) error
}

// Syncer is the sync job. The store is the truth: the index is refilled
// from it when an index write failed. Syncs are serialised.
type Syncer struct {
	Source   Source
	Fetcher  fetcher
	Store    syncStore
	Index    indexer
	Announce Announce
	// Admins are told, by a direct message queued in the store, about a
	// source that fails and about held snapshots.
	Admins []string
	// Alarm tells the admins when the store cannot take the message (the
	// disk is full); nil tells nobody (the command line prints the error).
	Alarm  alarm
	Logger *slog.Logger
	// Observer is told of each sync's outcome and duration (metrics);
	// nil: no one is.
	Observer Observer

	mu         sync.Mutex
	indexStale bool            // the last index write failed: refill from the store
	alarmed    map[string]bool // problems the Alarm told about in this process
}

// Sync runs one sync as of now. A fetch or parse failure changes nothing but
// the source metadata and returns an error; a snapshot held by the drop
// guard is a Report with Held set, not an error.
func (s *Syncer) Sync(ctx context.Context, now time.Time, opts SyncOptions) (Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	rep, err := s.sync(ctx, now, opts)
	if err != nil && !opts.DryRun {
		s.reportWrite(ctx, now, err)
	}
	s.observe(opts, rep, err, start)
	return rep, err
}

func (s *Syncer) sync(ctx context.Context, now time.Time, opts SyncOptions) (Report, error) {
	meta, err := s.Store.Meta()
	if err != nil {
		return Report{}, fmt.Errorf("sync: %w", err)
	}
	if opts.Accept != "" && opts.Accept != meta.Held.Hash {
		return Report{Stale: true}, nil
	}
	if err := s.healIndex(meta); err != nil {
		return Report{}, err
	}
	got, err := s.Fetcher.Fetch(ctx, s.Source.URL, session.Validators{ETag: meta.ETag, LastModified: meta.LastModified})
	if err != nil {
		return Report{}, s.fail(now, meta, opts, err)
	}
	if got.NotModified {
		return s.unchanged(now, meta, got.Validators, opts, Report{NotModified: true})
	}
	hash := s.hash(got.Data)
	if meta.Synced && hash == meta.Hash {
		return s.unchanged(now, meta, got.Validators, opts, Report{Unchanged: true})
	}
	res, err := session.Parse(got.Data, session.Options{
		Format: s.Source.Format, Location: s.Source.Location, ContentType: got.ContentType, MaxSessions: s.Source.MaxSessions,
	})
	if err != nil {
		return Report{Format: res.Format, Warnings: res.Warnings}, s.fail(now, meta, opts, fmt.Errorf("%s%w", parsePrefix, err))
	}
	return s.accept(now, meta, opts, snapshot{fetched: got, hash: hash, parsed: res})
}

// snapshot is a fetched and parsed source.
type snapshot struct {
	fetched session.Fetched
	hash    string
	parsed  session.Result
}

// hash identifies a snapshot: the content, and how it is read (the parser's
// version, the format, the zone and the session limit), so that a new
// parser or config is not mistaken for "unchanged".
func (s *Syncer) hash(data []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00", session.ParserVersion, s.Source.Format, s.Source.Location, s.Source.MaxSessions)
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

func (s *Syncer) log() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}
