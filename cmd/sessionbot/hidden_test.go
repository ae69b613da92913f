package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// hostileProgramme is a native programme whose text hides terminal escape
// sequences, C1 controls and bidi overrides in every field the CLI prints.
const hostileProgramme = `{"sessions": [
  {"id": "evil\u001b[2J-1", "title": "Photo\u202egnp.exe \u001b]0;pwned\u0007Kubernetes",
   "speakers": [{"name": "Mal\u2066lory\u2069", "company": "Evil\u009b31m Corp\u200f"}],
   "room": "Hall\u001b[5m A", "track": "Sec\u202durity", "abstract": "Kubernetes\u200b secrets\u001b[0m.\nSecond line.",
   "start": "2026-11-28T10:00:00+01:00", "end": "2026-11-28T10:45:00+01:00"}]}`

// noHidden fails when out holds a control character other than a newline,
// or an invisible format character.
func noHidden(t *testing.T, what, out string) {
	t.Helper()
	for _, r := range out {
		if r != '\n' && (unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r)) {
			t.Errorf("%s prints hidden %U:\n%q", what, r, out)
			return
		}
	}
}

// TestCLIPrintsNoHiddenCharacters: search (text and JSON) and sync -dry-run
// show a hostile programme's text without its escapes and bidi controls.
func TestCLIPrintsNoHiddenCharacters(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "programme.json"), []byte(hostileProgramme), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "sessionbot.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: ./data\ntimezone: Europe/Brussels\nsource:\n  url: programme.json\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sync", "-config", cfg, "-dry-run"}, "+ evil[2J-1  Photognp.exe ]0;pwnedKubernetes"},
		{[]string{"search", "-config", cfg, "kubernetes"}, "Mallory (Evil31m Corp)"},
		{[]string{"search", "-config", cfg, "-json", "kubernetes"}, `"room": "Hall[5m A"`},
	} {
		t.Run(tc.args[0]+strings.Join(tc.args[3:], " "), func(t *testing.T) {
			out, err := runCmd(t, tc.args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			noHidden(t, strings.Join(tc.args, " "), out)
			if !strings.Contains(strings.ReplaceAll(out, "**", ""), tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
		})
	}
}
