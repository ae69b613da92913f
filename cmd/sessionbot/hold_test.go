package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionbot/sessionbot/store"
)

// TestSyncForceAcceptsHeld: from the terminal, a shrunk source is held
// however often `sync` sees it, and `sync -force` accepts it; the admins'
// notices (held, then accepted from the command line) wait in the store
// for `sessionbot run`.
func TestSyncForceAcceptsHeld(t *testing.T) {
	dir := t.TempDir()
	source := filepath.Join(dir, "sessions.yaml")
	writeProgramme(t, source, "Alpha talk", "Beta talk", "Gamma talk", "Delta talk")
	cfg := filepath.Join(dir, "sessionbot.yaml")
	os.WriteFile(cfg, []byte("data_dir: ./data\nsource:\n  url: sessions.yaml\nadmins: [U0ADMIN001]\n"), 0o600)
	sync := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(t.Context(), append([]string{"sync", "-config", cfg}, args...), noEnv, &out); err != nil {
			t.Fatalf("sync %v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	sync()
	writeProgramme(t, source, "Alpha talk")
	for range 3 {
		if out := sync(); !strings.Contains(out, "held: the new snapshot would remove 3 of the sessions") ||
			!strings.Contains(out, "the catalogue now holds 4 sessions") {
			t.Fatalf("sync of a shrunk source:\n%s", out)
		}
	}
	if out := sync("-force"); !strings.Contains(out, "0 new, 0 changed, 3 removed (a large drop, accepted)") ||
		!strings.Contains(out, "the catalogue now holds 1 sessions") {
		t.Fatalf("sync -force:\n%s", out)
	}
	st, err := store.Open(filepath.Join(dir, "data", "sessionbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ns, err := st.PendingNotices(0)
	if err != nil || len(ns) != 2 {
		t.Fatalf("notices = %+v, %v; want the hold and the acceptance", ns, err)
	}
	if !strings.Contains(ns[0].Text, "1 sessions instead of 4") || ns[0].Hold == "" ||
		!strings.Contains(ns[1].Text, "accepted by `sessionbot sync -force` on the command line") {
		t.Errorf("notices: %q (hold %q), %q", ns[0].Text, ns[0].Hold, ns[1].Text)
	}
}
