package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolterrors "go.etcd.io/bbolt/errors"
)

// Installed is what Install did.
type Installed struct {
	Info        // the store now in place
	Kept string // where the store it replaced was kept; "" when there was none
}

// Install puts a copy of the store file src at path, in place of the store
// there, which no process may have open (ErrInUse). src is checked with
// Inspect first. The store it replaces is kept beside it, under
// KeptName(path, now). The copy is written beside path and renamed over it,
// and the old store is linked to its new name first, so that path always
// names a whole store, the old one or the new. A damaged store at path
// (what a restore is often for) is replaced all the same.
func Install(src, path string, now time.Time, opts Options) (Installed, error) {
	info, err := inspect(src, opts)
	if err != nil {
		return Installed{}, fmt.Errorf("store: cannot restore from %s: %w", src, err)
	}
	release, err := holdIdle(path, opts)
	if err != nil {
		return Installed{}, fmt.Errorf("store: restore %s: %w", path, err)
	}
	defer release()
	kept, err := keep(path, KeptName(path, now))
	if err != nil {
		return Installed{}, fmt.Errorf("store: restore: keep the current store: %w", err)
	}
	err = writeAtomic(path, func(f *os.File) error {
		if err := f.Chmod(0o600); err != nil {
			return err
		}
		return copyFile(f, src)
	})
	if err != nil {
		return Installed{Kept: kept}, fmt.Errorf("store: restore %s to %s: %w", src, path, err)
	}
	return Installed{Info: info, Kept: kept}, nil
}

// KeptName is where Install keeps the store it replaces:
// sessionbot.db.before-restore-20261128T090000Z.
func KeptName(path string, now time.Time) string {
	return path + ".before-restore-" + now.UTC().Format("20060102T150405Z")
}

// holdIdle makes sure no process has the store at path open, and keeps it
// so (a shared lock: a sessionbot starting meanwhile waits) until release
// is called. A missing or damaged store is no one's.
func holdIdle(path string, opts Options) (release func(), err error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return func() {}, nil
	case err != nil:
		return nil, err
	case fi.Size() == 0:
		return func() {}, nil
	}
	db, err := openBolt(path, timeout, opts.openFile, true)
	switch {
	case errors.Is(err, ErrDamaged):
		return func() {}, nil
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, ErrInUse
	case err != nil:
		return nil, err
	}
	return func() { _ = db.Close() }, nil
}

// keep links the file at path to kept, when there is one, and returns
// kept's name ("" when path does not exist). Where links are not possible
// it copies the file instead.
func keep(path, kept string) (string, error) {
	err := os.Link(path, kept)
	switch {
	case err == nil:
		return kept, syncDir(filepath.Dir(path))
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	}
	err = writeAtomic(kept, func(f *os.File) error { return copyFile(f, path) })
	if err != nil {
		return "", err
	}
	return kept, nil
}

// copyFile copies the file src into w.
func copyFile(w io.Writer, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	_, err = io.Copy(w, in)
	return err
}
