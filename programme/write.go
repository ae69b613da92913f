package programme

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"syscall"
	"time"

	"github.com/sessionbot/sessionbot/store"
)

// writeError is a sync that failed writing sessionbot's own data (the
// store or the index), as opposed to reading the source.
type writeError struct {
	what string // what was being written, for the log: "save the programme"
	err  error
}

func (e *writeError) Error() string { return fmt.Sprintf("sync: %s: %v", e.what, e.err) }
func (e *writeError) Unwrap() error { return e.err }

// writeFailed wraps a store or index error from a sync's writes.
func writeFailed(what string, err error) error { return &writeError{what: what, err: err} }

func asWriteError(err error) (*writeError, bool) {
	var w *writeError
	return w, errors.As(err, &w)
}

// explain names the cause as the operating system gave it: a full disk, a
// permission problem on a path, a read-only file system. It never suggests
// removing anything: nothing is damaged, and the next sync tries again.
func (e *writeError) explain() string {
	where := ""
	var pe *fs.PathError
	if errors.As(e.err, &pe) {
		where = " on " + pe.Path
	}
	text := e.err.Error()
	switch {
	case errors.Is(e.err, syscall.ENOSPC) || errors.Is(e.err, syscall.EDQUOT) || strings.Contains(text, "no space left on device"):
		return "sessionbot could not write its data: the disk is full (no space left" + where + ")"
	case errors.Is(e.err, fs.ErrPermission) || strings.Contains(text, "permission denied"):
		return "sessionbot could not write its data: permission denied" + where
	case errors.Is(e.err, syscall.EROFS) || strings.Contains(text, "read-only file system"):
		return "sessionbot could not write its data: the file system is read-only" + where
	}
	return "sessionbot could not write its data" + where
}

// reportWrite tells the admins, once per distinct problem, that a sync
// could not write sessionbot's data. The notice is queued in the store
// with the problem recorded; when the store cannot take it (the disk is
// full), the Alarm tells them at once instead.
func (s *Syncer) reportWrite(ctx context.Context, now time.Time, err error) {
	w, ok := asWriteError(err)
	if !ok {
		return
	}
	problem := w.explain()
	s.log().Error("sync: "+problem+"; the programme in use stays as it was", slog.Any("error", err))
	text := problem + ". The programme in use stays as it was and nothing is lost; " +
		"the next sync tries again once this is fixed. Details are in the bot's log."
	meta, merr := s.Store.Meta()
	if merr == nil && meta.LastError == problem {
		return // told already
	}
	uerr := s.Store.UpdateMeta(func(m *store.Meta) { m.LastAttempt, m.LastError = now, problem }, s.adminNotices(now, text, "", "")...)
	if uerr == nil || s.alarmed[problem] {
		return
	}
	s.log().Error("sync: the admins' notice cannot be queued either; telling them now", slog.Any("error", uerr))
	if s.Alarm == nil {
		return
	}
	if aerr := s.Alarm.AlarmAdmins(ctx, text); aerr != nil {
		s.log().Error("sync: alarm the admins", slog.Any("error", aerr))
		return
	}
	if s.alarmed == nil {
		s.alarmed = map[string]bool{}
	}
	s.alarmed[problem] = true
}
