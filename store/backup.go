package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Info describes a store file, as Inspect finds it.
type Info struct {
	Format    int       // its format version
	Sessions  int       // sessions in its catalogue (tombstones left out)
	Reminders int       // reminders still to be sent
	Follows   int       // followed queries
	LastSync  time.Time // its last successful sync; zero if none
	// Older is set for a store of an older format, whose contents are
	// counted only once Open has upgraded it: the counts above are zero.
	Older bool
}

// WriteBackup writes a consistent copy of the store to w while the store
// stays in use: one read transaction (bbolt's Tx.WriteTo), which writers do
// not wait for. size, when not nil, is told the copy's length in bytes
// before it is written (an HTTP response's Content-Length).
func (s *Store) WriteBackup(w io.Writer, size func(int64)) (int64, error) {
	var n int64
	err := s.view(func(tx *bolt.Tx) error {
		if size != nil {
			size(tx.Size())
		}
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: backup %s: %w", s.path, err)
	}
	return n, nil
}

// Inspect checks, changing nothing, that the file at path is a whole
// sessionbot store of a format this version reads, and describes it. It
// gives ErrDamaged for a file that is not a whole bbolt database,
// ErrNotStore for another program's database, ErrNewer for a newer format
// and ErrInUse when a process has it open for writing — each wrapped with
// the path.
func Inspect(path string, opts Options) (Info, error) {
	info, err := inspect(path, opts)
	if err != nil {
		return Info{}, fmt.Errorf("store: %s: %w", path, err)
	}
	return info, nil
}

// inspect is Inspect without the path in its error.
func inspect(path string, opts Options) (Info, error) {
	var info Info
	err := withReadOnly(path, opts, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) (err error) {
			info, err = describe(tx)
			return err
		})
	})
	if err != nil {
		return Info{}, err
	}
	return info, nil
}

// BackupFile writes a copy of the store at path, which no process may have
// open for writing (ErrInUse), to the file out, and describes it. out is
// written whole or not at all: the copy is checked with Inspect before it
// takes out's name.
func BackupFile(path, out string, opts Options) (Info, error) {
	var info Info
	err := withReadOnly(path, opts, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) (err error) {
			info, err = SaveBackup(out, func(w io.Writer) error {
				_, err := tx.WriteTo(w)
				return err
			})
			return err
		})
	})
	if err != nil {
		return Info{}, fmt.Errorf("store: back up %s: %w", path, err)
	}
	return info, nil
}

// SaveBackup writes a store file to out with write (a copy streamed from a
// running sessionbot, say), checks it with Inspect and only then gives it
// out's name, so that out is never a partial or foreign file.
func SaveBackup(out string, write func(io.Writer) error) (Info, error) {
	var info Info
	err := writeAtomic(out, func(f *os.File) error {
		if err := write(f); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		var err error
		info, err = Inspect(f.Name(), Options{})
		return err
	})
	return info, err
}

// withReadOnly opens the bbolt file at path read-only, after checkFile, and
// runs fn on it. The read-only open takes a shared lock, so a process
// writing the file (a running sessionbot) makes it fail with ErrInUse.
func withReadOnly(path string, opts Options, fn func(*bolt.DB) error) (err error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	if fi, err := os.Stat(path); err != nil {
		return err
	} else if fi.Size() == 0 {
		return fmt.Errorf("%w: empty (0 bytes)", ErrDamaged)
	}
	db, err := openBolt(path, timeout, opts.openFile, true)
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return ErrInUse
	case err != nil:
		return err
	}
	defer db.Close()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrDamaged, r)
		}
	}()
	return fn(db)
}

// describe reads a store's Info in tx, refusing a database without
// sessionbot's meta bucket or of a newer format.
func describe(tx *bolt.Tx) (Info, error) {
	var info Info
	v, err := readSchema(tx)
	switch {
	case err != nil:
		return info, err
	case v == 0:
		return info, fmt.Errorf("%w (it has no format version)", ErrNotStore)
	case v > schemaVersion:
		return info, fmt.Errorf("format %d, %w; this one reads formats up to %d", v, ErrNewer, schemaVersion)
	}
	info.Format = v
	if v < schemaVersion {
		info.Older = true // its contents are read once Open has upgraded it
		return info, nil
	}
	var m Meta
	if _, err := getJSON(tx.Bucket(bucketMeta), keySource, &m); err != nil {
		return info, err
	}
	info.LastSync = m.LastSuccess
	if err := countEntries(tx, &info); err != nil {
		return info, err
	}
	return info, nil
}

// countEntries counts the current sessions, pending reminders and follows.
func countEntries(tx *bolt.Tx, info *Info) error {
	if b := tx.Bucket(bucketSessions); b != nil {
		if err := eachEntry(tx, func(e Entry) {
			if e.Current() {
				info.Sessions++
			}
		}); err != nil {
			return err
		}
	}
	if b := tx.Bucket(bucketReminders); b != nil {
		if err := b.ForEach(func(k, v []byte) error {
			var r Reminder
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode reminder %q: %w", k, err)
			}
			if r.Pending() {
				info.Reminders++
			}
			return nil
		}); err != nil {
			return err
		}
	}
	if b := tx.Bucket(bucketFollows); b != nil {
		info.Follows = b.Stats().KeyN
	}
	return nil
}

// writeAtomic writes the file name with write: into a temporary file
// beside it, synced, then renamed over name, the folder synced too. An
// error leaves name as it was.
func writeAtomic(name string, write func(*os.File) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), name); err != nil {
		return err
	}
	return syncDir(filepath.Dir(name))
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
