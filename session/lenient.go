package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Lenient decoding shared by the Sessionize and frab parsers: real exports
// disagree on types, leave offsets out and get cut short.

// parseLocalTime reads an ISO 8601 date-time in loc: one without an offset is
// a wall clock time there, one with an offset is converted to it. An empty
// string is the zero time.
func parseLocalTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.In(loc), nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date-time %q (want ISO 8601, e.g. 2026-10-03T09:00:00)", s)
}

// flexString decodes a JSON string, number or boolean as text and null as "".
// Real exports disagree on whether ids are numbers or strings.
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*f = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	case b[0] == '{':
		return errors.New("want a string or number, got an object")
	case b[0] == '[':
		return errors.New("want a string or number, got an array")
	default:
		*f = flexString(b)
	}
	return nil
}

// String returns the text, trimmed.
func (f flexString) String() string { return strings.TrimSpace(string(f)) }

// firstNonEmpty returns the first value that is not blank.
func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// rawID digs the id (or guid) out of a record that did not decode, so that
// the warning can name it.
func rawID(raw json.RawMessage) string {
	var ref struct {
		ID   flexString `json:"id"`
		GUID flexString `json:"guid"`
	}
	if json.Unmarshal(raw, &ref) != nil {
		return ""
	}
	return firstNonEmpty(ref.ID.String(), ref.GUID.String())
}
