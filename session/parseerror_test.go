package session

import (
	"errors"
	"strings"
	"testing"
)

// checkParseError parses input as format and wants an error: one containing
// wantErr, or, when wantErr is empty, one wrapping ErrNoSessions.
func checkParseError(t *testing.T, format, input, wantErr string) {
	t.Helper()
	_, err := Parse([]byte(input), Options{Format: format})
	switch {
	case err == nil:
		t.Fatal("no error")
	case wantErr == "" && !errors.Is(err, ErrNoSessions):
		t.Errorf("error %q, want ErrNoSessions", err)
	case wantErr != "" && !strings.Contains(err.Error(), wantErr):
		t.Errorf("error %q, want it to contain %q", err, wantErr)
	}
}
