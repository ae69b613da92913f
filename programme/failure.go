package programme

import (
	"github.com/sessionbot/sessionbot/redact"

	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/sessionbot/sessionbot/store"
)

// fail records a fetch or parse failure and, when it is a new problem (not
// the one already recorded), queues a notice for the admins in the same
// store transaction. The admins get a short category; the details, with
// every secret masked (redact.Error: URL credentials, token-like query
// values), go to the log and the source metadata. It returns the error to
// give the caller, masked the same way.
func (s *Syncer) fail(now time.Time, meta store.Meta, opts SyncOptions, err error) error {
	err = redact.Error(fmt.Errorf("sync: %w", err))
	if opts.DryRun {
		return err
	}
	problem := err.Error() // the key: the whole redacted error, so distinct problems stay distinct
	s.log().Error("sync failed; the last good catalogue stays in use", slog.Any("error", err))
	var notices []store.Notice
	if problem != meta.LastError {
		notices = s.adminNotices(now, "sessionbot could not update the programme; the last good catalogue stays in use. "+
			"Problem: "+Explain(err)+". Details are in the bot's log.", "", "")
	}
	if rerr := s.record(func(m *store.Meta) { m.LastAttempt, m.LastError = now, problem }, notices...); rerr != nil {
		s.log().Error("sync: record failure", slog.Any("error", rerr))
	}
	return err
}

// record changes the source metadata and queues notices, in one store
// transaction.
func (s *Syncer) record(fn func(*store.Meta), notices ...store.Notice) error {
	if err := s.Store.UpdateMeta(fn, notices...); err != nil {
		return writeFailed("record the sync", err)
	}
	return nil
}

// adminNotices is one notice of text for each admin; hold offers to accept
// that held snapshot, actor is the admin the text names.
func (s *Syncer) adminNotices(now time.Time, text, hold, actor string) []store.Notice {
	out := make([]store.Notice, 0, len(s.Admins))
	for _, admin := range s.Admins {
		out = append(out, store.Notice{UserID: admin, Kind: store.NoticeAdmin, Text: text, Hold: hold, Actor: actor, Created: now})
	}
	return out
}

// parsePrefix starts the errors Sync passes to fail for a source that was
// fetched but could not be parsed.
const parsePrefix = "parse source: "

// Explain says in a few words, for the admins, why a sync failed: the
// source could not be fetched or parsed (with the first line of a parse
// error, which names the line at fault, its URLs left out), or sessionbot
// could not write its data (see writeProblem).
func Explain(err error) string {
	if w, ok := asWriteError(err); ok {
		return w.explain()
	}
	_, msg, ok := strings.Cut(err.Error(), parsePrefix)
	if !ok {
		return "the source could not be fetched"
	}
	line, _, _ := strings.Cut(msg, "\n")
	line = urlPattern.ReplaceAllString(line, "[URL]")
	if r := []rune(line); len(r) > maxSummary {
		line = string(r[:maxSummary]) + "…"
	}
	return "the source could not be parsed: " + line
}

// maxSummary bounds the part of a parse error shown to the admins, in runes.
const maxSummary = 200

// urlPattern matches a URL in an error's text, up to the quote, space or
// bracket that ends it (url.Error quotes the URL).
var urlPattern = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>]+`)
