package config

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Search configures how the programme is searched.
type Search struct {
	// Languages are ISO 639-1 codes (see Languages), without repeats; empty
	// means the languages the programme states, else English.
	Languages []string
	Synonyms  Synonyms
}

// Synonyms are the organiser's synonym groups: a file in the synonym format
// (one group a line, members separated by commas, # comments) or groups
// written inline in the config file. Config checks their shape only;
// cmd/sessionbot reads the file and checks every group by the index's rules.
type Synonyms struct {
	File   string         // path of a synonyms file; empty: none
	Where  string         // where File was set: "sessionbot.yaml:12" or a variable
	Groups []SynonymGroup // written inline
}

// SynonymGroup is one group written inline and where it was written.
type SynonymGroup struct {
	Members []string // as written, trimmed; empty members are left for the index's check
	Where   string   // "sessionbot.yaml:13"
}

// languages mirrors index.Languages(); config imports no index code (it
// would pull in bleve), so cmd/sessionbot tests that the two agree.
var languages = []string{"en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "no", "fi", "ru"}

// synonymsKey is the key whose list items are themselves groups.
const synonymsKey = "search.synonyms"

// Languages returns the language codes search.languages accepts.
func Languages() []string { return slices.Clone(languages) }

func setLanguages(c *Config, v value, _ string) error {
	codes := v.list
	if !v.isList {
		codes = splitList(v.raw)
	}
	var unknown []string
	for _, code := range codes {
		code = strings.ToLower(code)
		switch {
		case !slices.Contains(languages, code):
			unknown = append(unknown, fmt.Sprintf("%q", code))
		case !slices.Contains(c.Search.Languages, code):
			c.Search.Languages = append(c.Search.Languages, code)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("want ISO 639-1 codes among %s, got %s", strings.Join(languages, ", "), strings.Join(unknown, ", "))
	}
	return nil
}

func setSynonyms(c *Config, v value, dir string) error {
	c.Search.Synonyms.Groups = v.groups
	if v.isList || v.raw == "" {
		return nil
	}
	file, err := path(v, dir)
	c.Search.Synonyms.File, c.Search.Synonyms.Where = file, v.where
	return err
}

// synonymsValue reads search.synonyms from the file: a scalar is a path, a
// list holds groups, each "a, b, c" or a list of words.
func synonymsValue(n *yaml.Node, file string, errs *[]error) value {
	where := fmt.Sprintf("%s:%d", file, n.Line)
	switch n.Kind {
	case yaml.ScalarNode:
		return value{raw: strings.TrimSpace(n.Value), where: where, inFile: true}
	case yaml.SequenceNode:
		v := value{isList: true, where: where, inFile: true}
		for _, item := range n.Content {
			if g, ok := synonymGroup(item, file); ok {
				v.groups = append(v.groups, g)
				continue
			}
			*errs = append(*errs, fmt.Errorf(`%s:%d: %s: want each group as "a, b, c" or as a list of words`, file, item.Line, synonymsKey))
		}
		return v
	}
	*errs = append(*errs, fmt.Errorf(`%s: %s: want the path of a synonyms file, or a list of groups like ["k8s, kubernetes"]`, where, synonymsKey))
	return value{where: where, inFile: true}
}

// synonymGroup reads one inline group, or reports that item is no group.
func synonymGroup(item *yaml.Node, file string) (SynonymGroup, bool) {
	g := SynonymGroup{Where: fmt.Sprintf("%s:%d", file, item.Line)}
	switch item.Kind {
	case yaml.ScalarNode:
		for _, m := range strings.Split(item.Value, ",") {
			g.Members = append(g.Members, strings.TrimSpace(m))
		}
		return g, true
	case yaml.SequenceNode:
		for _, m := range item.Content {
			if m.Kind != yaml.ScalarNode {
				return g, false
			}
			g.Members = append(g.Members, strings.TrimSpace(m.Value))
		}
		return g, true
	}
	return g, false
}
