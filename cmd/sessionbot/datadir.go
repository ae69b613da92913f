package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/store"
)

// The data directory holds the store (the truth) and the index (rebuilt from
// it). A store that is missing or empty in a directory that has been used
// means the truth was lost, not that this is a first start: sessionbot
// refuses it rather than forget every reminder and announce the whole
// programme again. Starting afresh is deliberate: move the directory aside.

// startAfresh is the advice for a store that is lost or damaged.
const startAfresh = "or, to start afresh (forgetting reminders, follows and which sessions were announced), " +
	"move the data directory aside and start again"

// openStore opens the store in dataDir, refusing a lost one, and explains
// any failure in one line that names the cause and what to do.
func openStore(dataDir string) (*store.Store, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, explainOpenError(dataDir, fmt.Errorf("data directory: %w", err))
	}
	path := filepath.Join(dataDir, storeFile)
	if err := checkNotLost(dataDir, path); err != nil {
		return nil, explainOpenError(dataDir, err)
	}
	st, err := store.Open(path, store.Options{Timeout: storeTimeout})
	if err != nil {
		return nil, explainOpenError(dataDir, err)
	}
	return st, nil
}

// checkNotLost refuses a missing or empty store when dataDir shows it has
// been used: it holds the index, a copy of the store (a backup such as
// sessionbot.db.bak) or scheduled backups (backups/).
func checkNotLost(dataDir, path string) error {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.Size() > 0:
		return nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	state := "missing"
	if err == nil {
		state = "empty (0 bytes)"
	}
	used, err := usedBy(dataDir)
	if err != nil || len(used) == 0 {
		return err
	}
	return fmt.Errorf("store %s is %s, but %s has been used (it holds %s): restore the store from a backup, %s",
		path, state, dataDir, strings.Join(used, ", "), startAfresh)
}

// usedBy lists what in dataDir shows that a store lived there.
func usedBy(dataDir string) ([]string, error) {
	entries, err := os.ReadDir(dataDir)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	var used []string
	for _, e := range entries {
		switch name := e.Name(); {
		case name == indexDir && e.IsDir():
			used = append(used, name+"/")
		case name == config.DefaultBackupDir && e.IsDir():
			// Scheduled backups (backup.dir's default): a store lived here.
			if backups, _ := os.ReadDir(filepath.Join(dataDir, name)); len(backups) > 0 {
				used = append(used, name+"/")
			}
		case strings.HasPrefix(name, storeFile) && name != storeFile:
			used = append(used, name)
		}
	}
	slices.Sort(used)
	return used, nil
}

// explainedError is an error with a message written for the person running
// sessionbot; the error it explains stays reachable with errors.Is.
type explainedError struct {
	msg string
	err error
}

func (e *explainedError) Error() string { return e.msg }
func (e *explainedError) Unwrap() error { return e.err }

// explainOpenError names the real cause of a store or index in dataDir that
// cannot be opened, and what to do about it. Only a damaged store is worth
// moving aside: files that cannot be read or written for want of permission
// or space are whole.
func explainOpenError(dataDir string, err error) error {
	var pe *fs.PathError
	path := dataDir
	if errors.As(err, &pe) {
		path = pe.Path
	}
	explain := func(format string, args ...any) error {
		return &explainedError{msg: fmt.Sprintf(format, args...), err: err}
	}
	switch {
	case errors.Is(err, store.ErrInUse):
		return fmt.Errorf("%w: stop the running sessionbot first, or give this command another data_dir", err)
	case errors.Is(err, store.ErrDamaged):
		return fmt.Errorf("%w: restore it from a backup, %s", err, startAfresh)
	case errors.Is(err, store.ErrNewer):
		return fmt.Errorf("%w: run that newer sessionbot, or restore a backup this one can read with sessionbot restore "+
			"(an upgrade leaves the store it upgraded beside it, as %s.formatN.bak)", err, storeFile)
	case errors.Is(err, syscall.EROFS):
		return explain("%s is on a read-only file system: sessionbot must be able to write %s", path, dataDir)
	case errors.Is(err, fs.ErrPermission):
		return explain("permission denied on %s: sessionbot must be able to read and write %s and the files in it; "+
			"check their owner and mode", path, dataDir)
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return explain("no space left on the disk holding %s (writing %s): free some space, then start sessionbot again",
			dataDir, path)
	}
	return err
}
