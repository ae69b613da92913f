package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/sessionbot/sessionbot/store"
)

// The guards keep the last good catalogue when the source breaks (DESIGN.md
// invariant 3): a failed fetch or parse changes nothing, and a snapshot that
// suddenly loses most sessions is refused until it is seen twice in a row or
// an admin forces it. Each distinct problem is reported to the admins once.

// guard reports whether a snapshot must be refused: it removes more than
// MaxDrop of a non-empty catalogue, and is neither forced nor the refused
// snapshot seen again (same hash, in a row).
func (s *Syncer) guard(meta store.Meta, opts SyncOptions, hash string, before, removed int) bool {
	if !meta.Synced || before == 0 || float64(removed)/float64(before) <= s.maxDrop() {
		return false
	}
	attrs := []any{slog.Int("catalogue", before), slog.Int("removed", removed), slog.String("hash", short(hash))}
	switch {
	case opts.Force:
		s.log().Warn("sync: large drop forced", attrs...)
		return false
	case meta.Refused.Hash == hash:
		s.log().Warn("sync: large drop accepted: the same snapshot was seen twice in a row", attrs...)
		return false
	}
	return true
}

// refuse records a refused snapshot and tells the admins. The validators are
// left alone, so the next fetch reads the source again and can see it twice.
func (s *Syncer) refuse(ctx context.Context, now time.Time, meta store.Meta, hash string, count, before int) {
	text := fmt.Sprintf("The source now lists %d sessions instead of %d, losing more than %.0f%% of the programme. "+
		"This looks like a broken page, so the last good catalogue stays in use. "+
		"The new snapshot is accepted if the next sync sees it again unchanged, or when an admin forces a sync.",
		count, before, s.maxDrop()*100)
	s.log().Warn("sync: snapshot refused", slog.Int("sessions", count), slog.Int("catalogue", before), slog.String("hash", short(hash)))
	err := s.Store.UpdateMeta(func(m *store.Meta) {
		m.LastAttempt, m.LastError = now, "refused: "+text
		m.Refused = store.Refusal{Hash: hash, Count: count, Previous: before, FirstSeen: now}
	})
	if err != nil {
		s.log().Error("sync: record refusal", slog.Any("error", err))
	}
	s.notify(ctx, "sessionbot refused a source update. "+text)
}

// fail records a fetch or parse failure and tells the admins when it is a
// new problem (not the one already recorded). The admins get a short
// category; the details, with query strings cut from any URL (they may hold
// a token), go to the log and the source metadata. It returns the error to
// give the caller, redacted the same way.
func (s *Syncer) fail(ctx context.Context, now time.Time, meta store.Meta, opts SyncOptions, err error) error {
	summary := failureSummary(err)
	err = redactedError{fmt.Errorf("sync: %w", err)}
	if opts.DryRun {
		return err
	}
	problem := err.Error() // the key: the whole redacted error, so distinct problems stay distinct
	s.log().Error("sync failed; the last good catalogue stays in use", slog.Any("error", err))
	uerr := s.Store.UpdateMeta(func(m *store.Meta) { m.LastAttempt, m.LastError = now, problem })
	if uerr != nil {
		s.log().Error("sync: record failure", slog.Any("error", uerr))
	}
	if problem != meta.LastError {
		s.notify(ctx, "sessionbot could not update the programme; the last good catalogue stays in use. "+
			"Problem: "+summary+". Details are in the bot's log.")
	}
	return err
}

// parsePrefix starts the errors Sync passes to fail for a source that was
// fetched but could not be parsed.
const parsePrefix = "parse source: "

// failureSummary is what the admins are told about err: whether the source
// could not be fetched or not be parsed, with the first line of a parse
// error (which names the line at fault), its URLs left out.
func failureSummary(err error) string {
	msg, ok := strings.CutPrefix(err.Error(), parsePrefix)
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

// redactURLs cuts the user info, query and fragment from every URL in text,
// keeping scheme://host/path.
func redactURLs(text string) string {
	return urlPattern.ReplaceAllStringFunc(text, func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil {
			raw, _, _ = strings.Cut(raw, "?")
			raw, _, _ = strings.Cut(raw, "#")
			return raw
		}
		return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}).String()
	})
}

// redactedError is an error whose text has its URLs redacted; errors.Is and
// errors.As still see the original.
type redactedError struct{ err error }

func (e redactedError) Error() string { return redactURLs(e.err.Error()) }
func (e redactedError) Unwrap() error { return e.err }

// notify tells the admins, logging (not returning) a failure: a broken Slack
// must not turn a guarded sync into a failed one.
func (s *Syncer) notify(ctx context.Context, text string) {
	if s.Notifier == nil {
		return
	}
	if err := s.Notifier.NotifyAdmins(ctx, text); err != nil {
		s.log().Error("sync: notify admins", slog.Any("error", err))
	}
}

func (s *Syncer) maxDrop() float64 {
	if s.Source.MaxDrop <= 0 {
		return DefaultMaxDrop
	}
	return s.Source.MaxDrop
}

// short abbreviates a content hash for logs.
func short(hash string) string { return hash[:min(len(hash), 12)] }
