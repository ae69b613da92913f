package session

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Formats a source can be in. FormatAuto sniffs the content.
const (
	FormatAuto       = "auto"
	FormatYAML       = "yaml"
	FormatJSON       = "json"
	FormatText       = "text"
	FormatSessionize = "sessionize"
	FormatFrabXML    = "frab-xml"
	FormatFrabJSON   = "frab-json"
)

// Formats lists every format name accepted by Parse, auto first.
func Formats() []string {
	return []string{FormatAuto, FormatYAML, FormatJSON, FormatText, FormatSessionize, FormatFrabXML, FormatFrabJSON}
}

// ParserVersion names what Parse makes of a source. Raise it whenever a
// change to parsing gives other sessions from the same bytes (IDs, field
// cleaning, limits): the sync then parses an unchanged source again instead
// of skipping it by its hash.
const ParserVersion = "2"

// ErrNoSessions is returned when a source parses but holds nothing usable.
var ErrNoSessions = errors.New("no usable sessions in source")

// ErrTooManySessions is returned when a source holds more sessions than
// Options.MaxSessions.
var ErrTooManySessions = errors.New("too many sessions")

// Options tell Parse how to read a source.
type Options struct {
	// Format is one of Formats; empty means auto.
	Format string
	// Location is the conference's time zone, used for times without an offset.
	// Nil means UTC.
	Location *time.Location
	// ContentType is the HTTP Content-Type of the source, when fetched; it helps
	// sniffing (text/html pages are reduced to text).
	ContentType string
	// MaxSessions refuses a programme with more sessions; 0 means no limit.
	MaxSessions int
}

// Warning is a problem with one record that was skipped or repaired, or
// with the source as a whole. Where names the place: "line 12", "event 4711",
// "sessions[3] (line 40)".
type Warning struct {
	Where string
	Msg   string
	// Record names the record the warning is about, the same for all of its
	// warnings ("sessions[3]", "event 4711"); empty when the warning is
	// about the source as a whole.
	Record string
	// Skipped is set when the record was left out rather than repaired.
	Skipped bool
}

// String is "where: message", as check and the logs print it.
func (w Warning) String() string { return w.Where + ": " + w.Msg }

// Result is what a source parsed to.
type Result struct {
	Format   string // the format actually used (never auto)
	Sessions []Session
	Warnings []Warning
}

// Damage counts the source's records (the sessions kept and the records
// skipped) and how many of them were skipped or repaired. A source read in
// the wrong format shows up here: most of its records are damaged.
func (r Result) Damage() (damaged, records int) {
	hit, skipped := map[string]bool{}, map[string]bool{}
	for _, w := range r.Warnings {
		if w.Record == "" {
			continue
		}
		hit[w.Record] = true
		if w.Skipped {
			skipped[w.Record] = true
		}
	}
	records = len(r.Sessions) + len(skipped)
	return min(len(hit), records), records
}

// parser reads one format. It returns sessions with the source's own ID (not yet
// namespaced) when it has one; Parse does normalisation and IDs.
type parser func(data []byte, opts Options) ([]Session, []Warning, error)

var parsers = map[string]parser{
	FormatYAML:       parseNative,
	FormatJSON:       parseNative,
	FormatText:       parseText,
	FormatSessionize: parseSessionize,
	FormatFrabXML:    parseFrabXML,
	FormatFrabJSON:   parseFrabJSON,
}

// idPrefix namespaces the source's own IDs per format, so two sources never
// collide. Native files carry the organiser's own IDs and keep them as written.
var idPrefix = map[string]string{
	FormatSessionize: "sz-",
	FormatFrabXML:    "frab-",
	FormatFrabJSON:   "frab-",
}

// Parse reads a programme in the given format (or sniffs it) and returns its
// sessions with stable IDs. A malformed record is skipped with a Warning; a
// source with nothing usable is an error wrapping ErrNoSessions.
func Parse(data []byte, opts Options) (Result, error) {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	data, err := checkEncoding(data)
	if err != nil {
		return Result{}, err
	}
	format := opts.Format
	if format == "" || format == FormatAuto {
		if format, err = Sniff(data, opts.ContentType); err != nil {
			return Result{}, err
		}
	}
	p, ok := parsers[format]
	if !ok {
		return Result{}, fmt.Errorf("unknown source format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	sessions, warnings, err := p(data, opts)
	if err != nil {
		return Result{Format: format}, fmt.Errorf("%s: %w", format, err)
	}
	if opts.MaxSessions > 0 && len(sessions) > opts.MaxSessions {
		return Result{Format: format}, fmt.Errorf("%s: %w: the source has %d sessions, more than the limit of %d (source.max_sessions)",
			format, ErrTooManySessions, len(sessions), opts.MaxSessions)
	}
	sessions, warnings = finish(format, sessions, warnings)
	cleanWarnings(warnings)
	res := Result{Format: format, Sessions: sessions, Warnings: warnings}
	if len(sessions) == 0 {
		return res, fmt.Errorf("%s: %w", format, ErrNoSessions)
	}
	return res, nil
}

// finish normalises sessions, drops those without a title, and assigns IDs.
func finish(format string, in []Session, warnings []Warning) ([]Session, []Warning) {
	out := make([]Session, 0, len(in))
	for i, s := range in {
		s.normalize()
		where := recordName(format, i, s.ID)
		for _, msg := range s.limit() {
			warnings = append(warnings, Warning{Where: where, Msg: msg, Record: where})
		}
		if s.Title == "" {
			warnings = append(warnings, Warning{Where: where, Msg: "skipped: no title", Record: where, Skipped: true})
			continue
		}
		if !s.Start.IsZero() && !s.End.IsZero() && s.End.Before(s.Start) {
			warnings = append(warnings, Warning{Where: where, Msg: "end before start: end dropped", Record: where})
			s.End = time.Time{}
		}
		out = append(out, s)
	}
	return assignIDs(out, idPrefix[format], warnings)
}

func recordName(format string, i int, id string) string {
	if id != "" {
		return fmt.Sprintf("%s session %s", format, id)
	}
	return fmt.Sprintf("%s session #%d", format, i+1)
}

// checkEncoding strips a UTF-8 BOM and rejects content that is not UTF-8 text.
func checkEncoding(data []byte) ([]byte, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("source is empty: %w", ErrNoSessions)
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, errors.New("source is UTF-16 encoded; save or export it as UTF-8")
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, errors.New("source contains NUL bytes: it looks binary, not a text schedule")
	}
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		return nil, fmt.Errorf("source is not valid UTF-8 (first bad byte at line %d); convert it to UTF-8", lineAt(data, off))
	}
	return data, nil
}

func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// lineAt returns the 1-based line number of byte offset off.
func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}
