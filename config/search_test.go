package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadSearch(t *testing.T) {
	tests := []struct {
		name string
		text string // the config file after source.url; "" for none
		env  map[string]string
		want func(dir string) Search
	}{
		{"defaults", "", nil, func(string) Search { return Search{} }},
		{"languages as a list", "search:\n  languages: [de, EN, de]\n", nil, func(string) Search {
			return Search{Languages: []string{"de", "en"}}
		}},
		{"languages comma-separated", "search:\n  languages: fr, nl\n", nil, func(string) Search {
			return Search{Languages: []string{"fr", "nl"}}
		}},
		{"synonyms file relative to the config", "search:\n  synonyms: lists/synonyms.txt\n", nil, func(dir string) Search {
			return Search{Synonyms: Synonyms{File: filepath.Join(dir, "lists", "synonyms.txt"), Where: "sessionbot.yaml:4"}}
		}},
		{"synonyms inline, both forms", `search:
  synonyms:
    - k8s, kubernetes ,kube
    - [ml, machine learning]
    - "solo"
`, nil, func(string) Search {
			return Search{Synonyms: Synonyms{Groups: []SynonymGroup{
				{Members: []string{"k8s", "kubernetes", "kube"}, Where: "sessionbot.yaml:5"},
				{Members: []string{"ml", "machine learning"}, Where: "sessionbot.yaml:6"},
				{Members: []string{"solo"}, Where: "sessionbot.yaml:7"}, // the index's check rejects it, in cmd
			}}}
		}},
		{"synonyms empty list", "search:\n  synonyms: []\n", nil, func(string) Search { return Search{} }},
		{"environment", "", map[string]string{
			"SESSIONBOT_SEARCH_LANGUAGES": "en, de",
			"SESSIONBOT_SEARCH_SYNONYMS":  "rel/synonyms.txt",
		}, func(string) Search {
			return Search{Languages: []string{"en", "de"},
				Synonyms: Synonyms{File: "rel/synonyms.txt", Where: "SESSIONBOT_SEARCH_SYNONYMS"}}
		}},
		{"environment over inline groups", "search:\n  synonyms: [\"a, b\"]\n", map[string]string{
			"SESSIONBOT_SEARCH_SYNONYMS": "/etc/synonyms.txt",
		}, func(string) Search {
			return Search{Synonyms: Synonyms{File: "/etc/synonyms.txt", Where: "SESSIONBOT_SEARCH_SYNONYMS"}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "source:\n  url: ./sessions.yaml\n"+tt.text)
			got, err := Load(path, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want(filepath.Dir(path)), got.Search); diff != "" {
				t.Errorf("Search (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadSearchProblems(t *testing.T) {
	tests := []struct {
		name string
		text string // the config file after source.url
		env  map[string]string
		want []string // the problems, one a line
	}{
		{"unknown languages", "search:\n  languages: [en, xx, Klingon]\n", nil, []string{
			`sessionbot.yaml:4: search.languages: want ISO 639-1 codes among en, de, fr, es, it, nl, pt, sv, da, no, fi, ru, got "xx", "klingon"`,
		}},
		{"unknown language in the environment", "", map[string]string{"SESSIONBOT_SEARCH_LANGUAGES": "en,english"}, []string{
			`SESSIONBOT_SEARCH_LANGUAGES: search.languages: want ISO 639-1 codes among en, de, fr, es, it, nl, pt, sv, da, no, fi, ru, got "english"`,
		}},
		{"languages as a mapping", "search:\n  languages: {en: yes}\n", nil, []string{
			`sessionbot.yaml:4: search.languages: want a single value`,
		}},
		{"synonyms as a mapping", "search:\n  synonyms: {k8s: kubernetes}\n", nil, []string{
			`sessionbot.yaml:4: search.synonyms: want the path of a synonyms file, or a list of groups like ["k8s, kubernetes"]`,
		}},
		{"groups of the wrong shape", `search:
  synonyms:
    - k8s, kubernetes
    - {ml: machine learning}
    - [ml, [machine, learning]]
`, nil, []string{
			`sessionbot.yaml:6: search.synonyms: want each group as "a, b, c" or as a list of words`,
			`sessionbot.yaml:7: search.synonyms: want each group as "a, b, c" or as a list of words`,
		}},
		{"unknown key in search", "search:\n  synonym: x.txt\n", nil, []string{
			`sessionbot.yaml:4: unknown key "search.synonym"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(writeFile(t, "source:\n  url: a.yaml\n"+tt.text), env(tt.env))
			if err == nil {
				t.Fatal("Load accepted a bad config")
			}
			if diff := cmp.Diff(tt.want, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
