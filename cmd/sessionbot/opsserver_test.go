package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/store"
)

// TestReadySync: /readyz's sync check holds after a successful sync, and
// after a failed one until three polls have passed since the last success;
// never before the first sync.
func TestReadySync(t *testing.T) {
	brussels, _ := time.LoadLocation("Europe/Brussels")
	success := time.Date(2026, 12, 1, 10, 0, 0, 0, brussels)
	tests := []struct {
		name string
		meta store.Meta
		now  time.Time
		want string // "" ready, else part of the error
	}{
		{"never synced", store.Meta{}, success, "the first sync has not finished"},
		{"first sync failed", store.Meta{LastError: "the source answered 503"}, success, "the first sync failed: the source answered 503"},
		{"last sync good", store.Meta{Synced: true, LastSuccess: success}, success.Add(48 * time.Hour), ""},
		{"failing, within three polls", store.Meta{Synced: true, LastSuccess: success, LastError: "503"},
			success.Add(44 * time.Minute), ""},
		{"failing for three polls", store.Meta{Synced: true, LastSuccess: success, LastAttempt: success.Add(45 * time.Minute), LastError: "503"},
			success.Add(45 * time.Minute), "no successful sync for three polls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := store.Open(filepath.Join(t.TempDir(), "sessionbot.db"), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.UpdateMeta(func(m *store.Meta) { *m = tt.meta }); err != nil {
				t.Fatal(err)
			}
			r := readiness{store: st, connected: func() bool { return true }, poll: "*/15 * * * *", loc: brussels,
				now: func() time.Time { return tt.now }}
			err = r.synced()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("synced() = %v, want ready", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("synced() = %v, want %q", err, tt.want)
			}
		})
	}
}
