package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// value is one setting as written, with where it came from for messages.
type value struct {
	raw    string
	list   []string
	isList bool
	groups []SynonymGroup // search.synonyms written inline
	rooms  []Room         // live.rooms written as a mapping
	where  string         // "sessionbot.yaml:7", "SESSIONBOT_SOURCE_URL" or "default"
	inFile bool
}

// Load reads the config file at path (empty: no file, defaults and environment
// only), applies SESSIONBOT_* overrides from getenv and validates the result.
// The error joins every problem found, each naming its key and origin. Even
// then the Config is returned, holding every key that was valid (the others
// zero), so that check can look at the source too; nothing else may use it.
func Load(path string, getenv func(string) string) (*Config, error) {
	values, dir, errs := readFile(path)
	for _, f := range fields {
		env := EnvName(f.key)
		if raw, ok := lookupEnv(getenv, env); ok {
			values[f.key] = envValue(raw, env)
		}
	}
	c := &Config{}
	for _, f := range fields {
		v, ok := values[f.key]
		if !ok {
			v = value{raw: f.def, where: "default"}
		}
		if err := f.set(c, v, dir); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", v.where, f.key, err))
		}
	}
	errs = append(errs, crossChecks(c, values)...)
	return c, errors.Join(errs...)
}

// EnvName is the environment variable that overrides key: source.url →
// SESSIONBOT_SOURCE_URL.
func EnvName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

func lookupEnv(getenv func(string) string, name string) (string, bool) {
	raw := getenv(name)
	return raw, raw != ""
}

func envValue(raw, name string) value {
	return value{raw: strings.TrimSpace(raw), where: name}
}

// splitList reads a comma-separated list, as lists are written in the environment.
func splitList(raw string) []string {
	var out []string
	for _, item := range strings.Split(raw, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// listKeys are the keys whose value is a list.
var listKeys = []string{"admins", "search.languages"}

// readFile parses the YAML file into flat dotted keys. Unknown keys and values
// of the wrong shape are errors; reading goes on so all are reported.
func readFile(path string) (map[string]value, string, []error) {
	values := map[string]value{}
	if path == "" {
		return values, "", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return values, "", []error{fmt.Errorf("config: %w", err)}
	}
	name := filepath.Base(path)
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return values, "", []error{fmt.Errorf("%s: %w", name, err)}
	}
	dir := filepath.Dir(path)
	if len(doc.Content) == 0 {
		return values, dir, nil
	}
	var errs []error
	walk(doc.Content[0], "", name, values, &errs)
	return values, dir, errs
}

func walk(n *yaml.Node, prefix, file string, values map[string]value, errs *[]error) {
	at := func(n *yaml.Node) string { return fmt.Sprintf("%s:%d", file, n.Line) }
	if n.Kind != yaml.MappingNode {
		*errs = append(*errs, fmt.Errorf("%s: %s: want a mapping of keys", at(n), strings.TrimSuffix(prefix, ".")))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := prefix + k.Value
		switch {
		case isSection(key):
			walk(v, key+".", file, values, errs)
		case !isKey(key):
			*errs = append(*errs, fmt.Errorf("%s: unknown key %q%s", at(k), key, suggest(key)))
		case key == synonymsKey:
			values[key] = synonymsValue(v, file, errs)
		case key == roomsKey:
			values[key] = roomsValue(v, file, errs)
		case v.Kind == yaml.ScalarNode:
			values[key] = value{raw: strings.TrimSpace(v.Value), where: at(v), inFile: true}
		case v.Kind == yaml.SequenceNode && slices.Contains(listKeys, key):
			values[key] = sequence(v, at(v), errs, key)
		default:
			*errs = append(*errs, fmt.Errorf("%s: %s: want a single value", at(v), key))
		}
	}
}

func sequence(n *yaml.Node, where string, errs *[]error, key string) value {
	v := value{isList: true, where: where, inFile: true}
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode {
			*errs = append(*errs, fmt.Errorf("%s: %s: list items must be plain values", where, key))
			continue
		}
		v.list = append(v.list, strings.TrimSpace(item.Value))
	}
	return v
}

func isKey(key string) bool {
	return slices.ContainsFunc(fields, func(f field) bool { return f.key == key })
}

func isSection(key string) bool {
	return slices.ContainsFunc(fields, func(f field) bool { return strings.HasPrefix(f.key, key+".") })
}

// suggest names the known key that ends like an unknown one: "poll" → source.poll.
func suggest(key string) string {
	last := key[strings.LastIndexByte(key, '.')+1:]
	for _, f := range fields {
		if strings.HasSuffix(f.key, "."+last) || f.key == last {
			return fmt.Sprintf(" (did you mean %q?)", f.key)
		}
	}
	return ""
}
