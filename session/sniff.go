package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

var (
	yamlStart = regexp.MustCompile(`(?m)^(---\s*$|sessions:\s*$|sessions:\s*\[)`)
	htmlStart = regexp.MustCompile(`(?i)^\s*(<!doctype\s+html|<html|<head|<body|<!--)`)
)

// Sniff guesses a source's format from its content and HTTP Content-Type.
func Sniff(data []byte, contentType string) (string, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}))
	if len(trimmed) == 0 {
		return "", errors.New("cannot tell the format of an empty source")
	}
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "text/html"), htmlStart.Match(trimmed) && !isFrabXML(trimmed):
		return FormatText, nil
	case trimmed[0] == '<':
		if isFrabXML(trimmed) {
			return FormatFrabXML, nil
		}
		return "", errors.New("XML source without a <schedule> element: not a frab schedule.xml (set source.format if it is)")
	case trimmed[0] == '{' || trimmed[0] == '[':
		return sniffJSON(trimmed)
	case yamlStart.Match(firstLines(trimmed, 20)):
		return FormatYAML, nil
	}
	return FormatText, nil
}

func isFrabXML(data []byte) bool {
	head := firstBytes(data, 4096)
	return bytes.Contains(head, []byte("<schedule")) && !bytes.Contains(bytes.ToLower(head), []byte("<html"))
}

// sniffJSON tells native, Sessionize (All or GridSmart) and c3voc JSON apart by
// their top-level keys.
func sniffJSON(data []byte) (string, error) {
	if data[0] == '[' {
		var days []map[string]json.RawMessage
		if err := json.Unmarshal(data, &days); err != nil {
			return "", jsonError("JSON source", data, err)
		}
		for _, d := range days {
			if _, ok := d["rooms"]; ok {
				return FormatSessionize, nil
			}
			if _, ok := d["sessions"]; ok {
				return FormatSessionize, nil
			}
		}
		return "", errors.New("JSON array is neither a Sessionize GridSmart nor a Sessions export (set source.format if it is)")
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return "", jsonError("JSON source", data, err)
	}
	if _, ok := top["schedule"]; ok {
		return FormatFrabJSON, nil
	}
	_, speakers := top["speakers"]
	_, rooms := top["rooms"]
	if _, ok := top["sessions"]; ok {
		if speakers || rooms {
			return FormatSessionize, nil
		}
		return FormatJSON, nil
	}
	return "", errors.New(`JSON source has no "sessions" or "schedule" key: not a format sessionbot reads`)
}

// jsonError turns a json syntax error into one that names the line.
func jsonError(what string, data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) && syn.Offset >= int64(len(data)) || strings.Contains(err.Error(), "unexpected end of JSON input") {
		return fmt.Errorf("%s: truncated: the JSON ends at line %d before it is complete", what, lineAt(data, len(data)))
	}
	if errors.As(err, &syn) {
		return fmt.Errorf("%s: line %d: %v", what, lineAt(data, int(syn.Offset)), err)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Errorf("%s: line %d: %s has the wrong type (%s, want %s)", what, lineAt(data, int(typ.Offset)), typ.Field, typ.Value, typ.Type)
	}
	return fmt.Errorf("%s: %v", what, err)
}

func firstBytes(data []byte, n int) []byte {
	if len(data) > n {
		return data[:n]
	}
	return data
}

func firstLines(data []byte, n int) []byte {
	end := 0
	for i := 0; i < n && end < len(data); i++ {
		j := bytes.IndexByte(data[end:], '\n')
		if j < 0 {
			return firstBytes(data, 64<<10)
		}
		end += j + 1
	}
	return firstBytes(data[:end], 64<<10)
}
