package session

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The native file (the shape in docs/organiser.md, "The native shape") is read in two steps: the
// YAML or JSON document becomes a tree of nodes that remember their line, then
// one walker turns the tree into sessions, so both encodings give the same
// warnings with the same lines.

// parseNative reads the native YAML or JSON shape. A record that is malformed
// (wrong type, bad time, no title) is skipped with a Warning; only a document
// that is not the shape at all is an error.
func parseNative(data []byte, opts Options) ([]Session, []Warning, error) {
	var (
		top node
		err error
	)
	if useJSON(data, opts.Format) {
		top, err = jsonTree(data)
	} else {
		top, err = yamlTree(data)
	}
	if err != nil {
		return nil, nil, err
	}
	list, warnings, err := sessionsList(top)
	if err != nil {
		return nil, nil, err
	}
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	var out []Session
	for i, n := range list {
		r := recordReader{index: i, loc: loc}
		s, err := r.session(n)
		warnings = append(warnings, r.warnings...)
		if err != nil {
			warnings = append(warnings, Warning{Where: r.where(n.line), Msg: err.Error() + "; session skipped", Record: r.record(), Skipped: true})
			continue
		}
		out = append(out, s)
	}
	return out, warnings, nil
}

// useJSON picks encoding/json for JSON, so syntax errors are JSON errors; YAML
// is a superset, so an explicit yaml format keeps the YAML reader.
func useJSON(data []byte, format string) bool {
	if format == FormatJSON {
		return true
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	return format != FormatYAML && len(trimmed) > 0 && trimmed[0] == '{'
}

// sessionsList finds the top-level sessions list and warns about other keys.
func sessionsList(top node) ([]node, []Warning, error) {
	if top.kind != mapNode {
		return nil, nil, fmt.Errorf("line %d: want a mapping with a %q list at the top, found %s", top.line, "sessions", top.kind)
	}
	var (
		list     *node
		warnings []Warning
		keys     []string
	)
	for _, f := range top.fields {
		if f.key == "sessions" {
			list = &f.val
			continue
		}
		keys = append(keys, fmt.Sprintf("%q", f.key))
		warnings = append(warnings, Warning{Where: fmt.Sprintf("line %d", f.line), Msg: fmt.Sprintf("unknown top-level key %q ignored", f.key)})
	}
	switch {
	case list == nil && len(keys) == 0:
		return nil, nil, fmt.Errorf("line %d: no %q key at the top", top.line, "sessions")
	case list == nil:
		return nil, nil, fmt.Errorf("line %d: no %q key at the top (found %s)", top.line, "sessions", strings.Join(keys, ", "))
	case list.kind == nullNode:
		return nil, warnings, nil
	case list.kind != listNode:
		return nil, nil, fmt.Errorf("line %d: sessions: want a list, found %s", list.line, list.kind)
	}
	return list.items, warnings, nil
}

// recordReader turns one sessions[i] node into a Session, collecting warnings.
type recordReader struct {
	index    int
	loc      *time.Location
	warnings []Warning
}

func (r *recordReader) where(line int) string {
	return fmt.Sprintf("%s (line %d)", r.record(), line)
}

// record names the record for Warning.Record.
func (r *recordReader) record() string { return fmt.Sprintf("sessions[%d]", r.index) }

func (r *recordReader) unknown(f field, in string) {
	r.warnings = append(r.warnings, Warning{Where: r.where(f.line), Msg: fmt.Sprintf("unknown key %q%s ignored (a typo?)", f.key, in), Record: r.record()})
}

func (r *recordReader) session(n node) (Session, error) {
	var s Session
	if n.kind != mapNode {
		return s, fmt.Errorf("want a mapping, found %s", n.kind)
	}
	texts := map[string]*string{
		"id": &s.ID, "title": &s.Title, "subtitle": &s.Subtitle, "abstract": &s.Abstract,
		"description": &s.Description, "track": &s.Track, "room": &s.Room, "type": &s.Type,
		"language": &s.Language, "url": &s.URL, "stream_url": &s.StreamURL, "recording_url": &s.RecordingURL,
	}
	times := map[string]*time.Time{"start": &s.Start, "end": &s.End}
	for _, f := range n.fields {
		var err error
		key := strings.ToLower(f.key)
		switch {
		case texts[key] != nil:
			*texts[key], err = f.val.str()
		case times[key] != nil:
			*times[key], err = r.time(f.val)
		case key == "speakers":
			s.Speakers, err = r.speakers(f.val)
		case key == "tags":
			s.Tags, err = f.val.strs()
		default:
			r.unknown(f, "")
		}
		if err != nil {
			return s, fmt.Errorf("%s: %w", key, err)
		}
	}
	if strings.TrimSpace(s.Title) == "" {
		return s, errors.New("no title")
	}
	return s, nil
}

// Layouts accepted for start and end, tried in order; those without an offset
// are in the conference's time zone.
var (
	offsetLayouts   = []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04Z07:00", "2006-01-02 15:04Z07:00"}
	noOffsetLayouts = []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"}
)

func (r *recordReader) time(n node) (time.Time, error) {
	text, err := n.str()
	if err != nil || text == "" {
		return time.Time{}, err
	}
	text = strings.TrimSpace(text)
	for _, layout := range offsetLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return t, nil
		}
	}
	for _, layout := range noOffsetLayouts {
		if t, err := time.ParseInLocation(layout, text, r.loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse %q as a time (want RFC 3339, e.g. 2026-11-28T10:00:00+01:00)", text)
}

// speakers accepts a list of {name, company} mappings or "Name - Company"
// strings, or one of those alone.
func (r *recordReader) speakers(n node) ([]Speaker, error) {
	items := n.items
	if n.kind != listNode {
		items = []node{n}
	}
	out := make([]Speaker, 0, len(items))
	for i, item := range items {
		sp, err := r.speaker(item)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out = append(out, sp)
	}
	return out, nil
}

func (r *recordReader) speaker(n node) (Speaker, error) {
	switch n.kind {
	case nullNode:
		return Speaker{}, errors.New("empty speaker")
	case scalarNode:
		name, company, _ := strings.Cut(normalizeDashes(collapseSpace(n.text)), " - ")
		return Speaker{Name: name, Company: company}, nil
	case listNode:
		return Speaker{}, errors.New("want a mapping with name and company, found a list")
	}
	var sp Speaker
	for _, f := range n.fields {
		var err error
		switch strings.ToLower(f.key) {
		case "name":
			sp.Name, err = f.val.str()
		case "company":
			sp.Company, err = f.val.str()
		default:
			r.unknown(f, " in a speaker")
		}
		if err != nil {
			return sp, fmt.Errorf("%s: %w", f.key, err)
		}
	}
	if strings.TrimSpace(sp.Name) == "" {
		return sp, errors.New("speaker without a name")
	}
	return sp, nil
}
