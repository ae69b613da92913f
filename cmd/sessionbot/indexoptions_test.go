package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/index"
)

// TestConfigLanguagesAreIndexLanguages keeps config's list of language
// codes (it imports no index code) in step with the analyzers.
func TestConfigLanguagesAreIndexLanguages(t *testing.T) {
	if diff := cmp.Diff(index.Languages(), config.Languages()); diff != "" {
		t.Errorf("config.Languages() differs from index.Languages() (-index +config):\n%s", diff)
	}
}

// appendConfig adds text to the config file at path and writes files
// (name → content) beside it.
func appendConfig(t *testing.T, path, text string, files map[string]string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(filepath.Dir(path), name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// searchJSON runs sessionbot search -json with getenv and decodes the answer.
func searchJSON(t *testing.T, getenv func(string) string, args ...string) jsonResult {
	t.Helper()
	var out strings.Builder
	if err := run(t.Context(), append([]string{"search", "-json"}, args...), getenv, &out); err != nil {
		t.Fatalf("search: %v\n%s", err, out.String())
	}
	var res jsonResult
	if err := json.Unmarshal([]byte(out.String()), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	return res
}

// TestSynonymsFromConfig: an organiser's synonym group, from a file or
// written inline, makes a made-up word find the session it stands for.
func TestSynonymsFromConfig(t *testing.T) {
	const kubernetes = k8sTitle
	tests := []struct {
		name   string
		config string
		files  map[string]string
		env    map[string]string
		want   []string // titles of the results
		groups int      // of the organiser's, as check counts them
	}{
		{"none", "", nil, nil, nil, 0},
		{"file", "search:\n  synonyms: lists/synonyms.txt\n",
			map[string]string{"lists/synonyms.txt": "# ours\n\nzorbl, kubernetes\n"}, nil, []string{kubernetes}, 1},
		{"inline string", "search:\n  synonyms:\n    - zorbl, kubernetes\n    - ml, machine learning\n", nil, nil, []string{kubernetes}, 2},
		{"inline list", "search:\n  synonyms:\n    - [zorbl, kubernetes]\n  languages: [en]\n", nil, nil, []string{kubernetes}, 1},
		{"environment", "", map[string]string{"syn.txt": "zorbl,kubernetes\n"},
			map[string]string{"SESSIONBOT_SEARCH_SYNONYMS": "syn.txt", "SESSIONBOT_SEARCH_LANGUAGES": "en,de"}, []string{kubernetes}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, "confirmed-sessions.txt", "auto")
			if err := os.MkdirAll(filepath.Join(filepath.Dir(cfg), "lists"), 0o700); err != nil {
				t.Fatal(err)
			}
			appendConfig(t, cfg, tt.config, tt.files)
			if v, ok := tt.env["SESSIONBOT_SEARCH_SYNONYMS"]; ok {
				tt.env["SESSIONBOT_SEARCH_SYNONYMS"] = filepath.Join(filepath.Dir(cfg), v) // the environment's paths are the working directory's
			}
			res := searchJSON(t, func(k string) string { return tt.env[k] }, "-config", cfg, "zorbl")
			var got []string
			for _, r := range res.Results {
				got = append(got, r.Title)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("search zorbl (-want +got):\n%s", diff)
			}
			if res.NoCloseMatch != (tt.want == nil) {
				t.Errorf("no_close_match = %v, want %v", res.NoCloseMatch, tt.want == nil)
			}
			var out strings.Builder
			if err := run(t.Context(), []string{"check", "-config", cfg}, func(k string) string { return tt.env[k] }, &out); err != nil {
				t.Fatalf("check: %v\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), fmt.Sprintf(" · %d synonym group", tt.groups)) {
				t.Errorf("check does not count %d synonym groups:\n%s", tt.groups, out.String())
			}
		})
	}
}

// TestSynonymProblems: a bad synonym group is a configuration problem that
// names where it is, down to the line of the synonyms file, in check and in
// every command that opens the index.
func TestSynonymProblems(t *testing.T) {
	tests := []struct {
		name   string
		config string
		files  map[string]string
		want   []string
	}{
		{"bad lines in the file", "search:\n  synonyms: synonyms.txt\n",
			map[string]string{"synonyms.txt": "# ours\nzorbl, kubernetes\nlonely\nk8s,,kubernetes\n"}, []string{
				"sessionbot.yaml:7: search.synonyms: ",
				"synonyms.txt: line 3: a synonym group needs at least two members",
				`line 4: empty synonym in "k8s,,kubernetes"`,
			}},
		{"missing file", "search:\n  synonyms: nope.txt\n", nil, []string{
			"sessionbot.yaml:7: search.synonyms: open ", "nope.txt: no such file or directory",
		}},
		{"inline group in a string that is a path", "search:\n  synonyms: \"zorbl, kubernetes\"\n", nil, []string{
			`sessionbot.yaml:7: search.synonyms: open `, `synonyms: ["k8s, kubernetes"]`,
		}},
		{"bad inline groups", "search:\n  synonyms:\n    - zorbl, kubernetes\n    - [lonely]\n    - a, b c d e f g h\n", nil, []string{
			`sessionbot.yaml:9: search.synonyms: a synonym group needs at least two members, got "lonely"`,
			`sessionbot.yaml:10: search.synonyms: synonym "b c d e f g h" is longer than 6 words`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, "confirmed-sessions.txt", "auto")
			appendConfig(t, cfg, tt.config, tt.files)
			checked, err := runCmd(t, "check", "-config", cfg)
			if !errors.Is(err, errReported) {
				t.Fatalf("check error = %v, want errReported\n%s", err, checked)
			}
			if !strings.Contains(checked, "ok: ") {
				t.Errorf("check did not go on to the source:\n%s", checked)
			}
			out, err := runCmd(t, "search", "-config", cfg, "kubernetes")
			if err == nil {
				t.Fatalf("search with bad synonyms succeeded:\n%s", out)
			}
			for _, w := range append(tt.want, "invalid configuration:\n") {
				if !strings.Contains(checked, w) {
					t.Errorf("check does not say %q:\n%s", w, checked)
				}
				if !strings.Contains(err.Error(), w) {
					t.Errorf("search does not say %q:\n%v", w, err)
				}
			}
		})
	}
}
