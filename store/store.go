// Package store keeps sessionbot's truth in a bbolt file in data_dir: the
// catalogue (the last good snapshot), the sessions ever seen and announced,
// the announcement outbox, the source metadata, reminders (with a due index,
// a by-session index, and for reminders handed to Slack a to-schedule index
// and a queue of scheduled messages to delete), posts made once per key
// (room posts, digests), follows, direct-message notices and cached DM
// channels. It also owns the file's life: consistent backups while in use
// (backup.go), restores (restore.go) and format upgrades (migrate.go).
//
// Every method is one bbolt transaction, so a crash leaves either the state
// before a call or the state after it, never a mix. Values are JSON; keys are
// session IDs (sessions bucket), fixed names (meta bucket) or big-endian
// sequence numbers (outbox and notices buckets); reminders and follows are
// keyed by two IDs joined with a NUL, the due index by big-endian Due first.
package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrInUse is returned by Open, wrapped with the path, when another process
// (or another Store in this process) holds the data file.
var ErrInUse = errors.New("data directory in use by another sessionbot process")

// ErrNotFound is returned, wrapped, when an outbox entry, notice or reminder
// does not exist.
var ErrNotFound = errors.New("not found")

// defaultTimeout is how long Open waits for the file lock by default.
const defaultTimeout = time.Second

var (
	bucketSessions = []byte("sessions")
	bucketMeta     = []byte("meta")
	bucketOutbox   = []byte("outbox")

	bucketReminders          = []byte("reminders")
	bucketRemindersDue       = []byte("reminders_due")
	bucketRemindersBySession = []byte("reminders_by_session")
	bucketFollows            = []byte("follows")
	bucketNotices            = []byte("notices")
	bucketDMChannels         = []byte("dm_channels")
	bucketPending            = []byte("followup_pending") // session IDs a sync changed, until the follow-ups ran

	keySchema = []byte("schema")
	keySource = []byte("source")
)

// Options tune Open.
type Options struct {
	// Timeout is how long to wait for the file lock before giving up with
	// ErrInUse; zero or negative means one second.
	Timeout time.Duration

	// openFile opens the file for bbolt; tests inject failures with it.
	openFile func(name string, flag int, perm os.FileMode) (*os.File, error)
	// format replaces the current format and its migrations, for tests.
	format *format
}

// Store is the bbolt-backed truth. It is safe for concurrent use.
type Store struct {
	db       *bolt.DB
	path     string
	upgraded Upgrade // what Open did to an older format
}

// Open opens or creates the store at path, creating its directory when
// missing. A file held by another process gives ErrInUse after opts.Timeout;
// a file that is not a whole sessionbot store (truncated, overwritten, not a
// database) gives ErrDamaged, and one that cannot be read or written gives
// the operating system's error (fs.ErrPermission, syscall.ENOSPC …), each
// wrapped with the path. A bad file is left untouched. A store of an older
// format is copied aside (SnapshotName) and upgraded (Upgraded tells); one
// of a newer format gives ErrNewer and is left untouched.
func Open(path string, opts Options) (*Store, error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db, err := openBolt(path, timeout, opts.openFile, false)
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("store: open %s: %w", path, ErrInUse)
	case errors.Is(err, ErrDamaged):
		return nil, fmt.Errorf("store: %s is %w", path, err)
	case err != nil:
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	f := current
	if opts.format != nil {
		f = *opts.format
	}
	if err := s.init(f); err != nil {
		_ = db.Close()
		if errors.Is(err, ErrDamaged) || errors.Is(err, ErrNewer) {
			return nil, fmt.Errorf("store: %w", err)
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// openBolt opens the bbolt file once checkFile has found it whole, so that
// bbolt never maps a truncated file and faults reading past its end. Faults
// and panics that remain (bbolt panics on a garbled freelist page) become
// ErrDamaged and the file descriptor is closed. The memory map bbolt made
// before panicking cannot be reached, and it keeps the file lock until the
// process exits, which it should: the database needs a human.
func openBolt(path string, timeout time.Duration, open func(string, int, os.FileMode) (*os.File, error), readOnly bool) (db *bolt.DB, err error) {
	if open == nil {
		open = os.OpenFile
	}
	var file *os.File
	opts := &bolt.Options{Timeout: timeout, ReadOnly: readOnly, OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := open(name, flag, perm)
		if err != nil {
			return nil, err
		}
		if err := checkFile(f); err != nil {
			_ = f.Close()
			return nil, err
		}
		file = f
		return f, nil
	}}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if file != nil {
				_ = file.Close()
			}
			db, err = nil, fmt.Errorf("%w: %v", ErrDamaged, r)
		}
	}()
	db, err = bolt.Open(path, 0o600, opts)
	if isFormatError(err) {
		err = fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	return db, err
}

// isFormatError reports the errors bbolt gives for a file it cannot read as
// a database.
func isFormatError(err error) bool {
	return errors.Is(err, bolterrors.ErrInvalid) || errors.Is(err, bolterrors.ErrVersionMismatch) ||
		errors.Is(err, bolterrors.ErrChecksum)
}

// view runs fn in a read transaction. bbolt panics when it meets a damaged
// page, and faults reading a page the file no longer holds; the transaction
// is rolled back by bbolt and either is reported as ErrDamaged naming the
// file, so a bad disk never crashes the bot.
func (s *Store) view(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.recoverDamage(&err)
	return s.db.View(fn)
}

// update runs fn in a write transaction, with view's panic handling.
func (s *Store) update(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.recoverDamage(&err)
	return s.db.Update(fn)
}

// recoverDamage turns a bbolt panic into an error; it must be deferred.
func (s *Store) recoverDamage(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s is %w: %v", s.path, ErrDamaged, r)
	}
}

// Close releases the file and its lock.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	return nil
}

// Path returns the file the store lives in.
func (s *Store) Path() string { return s.path }

// getJSON decodes the value at key into v and reports whether it existed.
func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return true, fmt.Errorf("decode %q: %w", key, err)
	}
	return true, nil
}

// putJSON encodes v and stores it at key.
func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %q: %w", key, err)
	}
	return b.Put(key, data)
}
