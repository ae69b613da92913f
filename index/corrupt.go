package index

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/blevesearch/bleve/v2"

	"github.com/sessionbot/sessionbot/session"
)

// ErrCorrupt is matched (errors.Is) by a Search error that comes from damaged
// index files; IsCorrupt reports it.
var ErrCorrupt = errors.New("index files damaged")

// IsCorrupt reports whether err, from Search, means the index files are
// damaged: no query will read them correctly again, and Rebuild is the cure.
func IsCorrupt(err error) bool { return errors.Is(err, ErrCorrupt) }

// corruptError marks an error as ErrCorrupt and keeps its message.
type corruptError struct{ err error }

func (e corruptError) Error() string        { return e.err.Error() }
func (e corruptError) Unwrap() error        { return e.err }
func (e corruptError) Is(target error) bool { return target == ErrCorrupt }

// guardSearch runs search and classifies what goes wrong. A search only
// reads the index, so any failure that is not the caller's (its context
// ended) or Close's is the files not reading as they were written: a
// segment's postings, dictionaries or stored fields damaged. bleve then
// returns errors, panics (slices cut out of range by garbled lengths) or,
// on a file cut short under its memory map, faults; all three come back as
// ErrCorrupt.
func guardSearch(q Query, search func() (Result, error)) (res Result, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			res, err = Result{Notices: q.Notices}, corruptError{fmt.Errorf("index: search %q: %v", q.Raw, r)}
		}
	}()
	res, err = search()
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) &&
		!errors.Is(err, ErrClosed) {
		err = corruptError{err}
	}
	return res, err
}

// Rebuild replaces the index files with a new index holding the sessions
// load returns: the cure for ErrCorrupt. Searches and writes wait until it
// is done, and load runs once they do, so a catalogue committed meanwhile
// by a sync is either among the sessions or written after them. When load
// fails the index is left as it was; when the new index cannot be created
// (the disk is full or read-only) the index is closed, and a restart
// creates it.
func (ix *Index) Rebuild(load func() ([]session.Session, error)) (SyncStats, error) {
	ix.life.Lock()
	defer ix.life.Unlock()
	if ix.closed {
		return SyncStats{}, ErrClosed
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	sessions, err := load()
	if err != nil {
		return SyncStats{}, fmt.Errorf("index: rebuild %s: %w", ix.dir, err)
	}
	_ = ix.bi.Close() // a damaged index may not close cleanly; its files go anyway
	err = clean(ix.dir)
	var bi bleve.Index
	if err == nil {
		bi, err = create(ix.dir)
	}
	if err != nil {
		ix.closed = true
		return SyncStats{}, fmt.Errorf("index: rebuild %s: %w", ix.dir, err)
	}
	ix.bi = bi
	ix.snapMu.Lock()
	ix.snap = nil
	ix.snapMu.Unlock()
	return ix.syncLocked(sessions, "")
}
