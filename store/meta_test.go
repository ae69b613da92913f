package store

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestMetaRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	s := openT(t, path)
	if m, err := s.Meta(); err != nil || !cmp.Equal(Meta{}, m) {
		t.Fatalf("Meta of a new store = %+v, %v; want zero", m, err)
	}
	full := Meta{
		ETag: `W/"abc"`, LastModified: "Sat, 28 Nov 2026 09:00:00 GMT", Hash: "sha256:1234",
		LastAttempt: t0.Add(time.Minute), LastSuccess: t0, LastError: "fetch: 503 Service Unavailable",
		Synced: true,
		Held:   Hold{Hash: "sha256:dead", Count: 3, Previous: 120, FirstSeen: t0.Add(time.Minute)},
	}
	if err := s.UpdateMeta(func(m *Meta) { *m = full }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openT(t, path)
	if err := s.UpdateMeta(func(m *Meta) { m.LastError, m.Held = "", Hold{} }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Meta()
	if err != nil {
		t.Fatal(err)
	}
	want := full
	want.LastError, want.Held = "", Hold{}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Meta after reopen and a partial update (-want +got):\n%s", diff)
	}
}
