package index

import (
	_ "embed"
	"fmt"
	"strings"
)

// builtinSynonyms is the list every index starts with (synonyms.txt).
//
//go:embed synonyms.txt
var builtinSynonyms string

// maxSynonymWords is the longest phrase a synonym may be, in words.
const maxSynonymWords = 6

// ParseSynonyms reads synonym groups in the format of the built-in list: one
// group per line, its members separated by commas; blank lines and lines
// starting with # are ignored. A group needs two members. Errors name the
// line.
func ParseSynonyms(text string) ([][]string, error) {
	var groups [][]string
	var errs []string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		group, err := SynonymGroup(strings.Split(line, ","))
		if err != nil {
			errs = append(errs, fmt.Sprintf("line %d: %v", i+1, err))
			continue
		}
		groups = append(groups, group)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return groups, nil
}

// SynonymGroup checks one group: trimmed, non-empty members, at least two
// of them, none longer than six words.
func SynonymGroup(members []string) ([]string, error) {
	var out []string
	for _, m := range members {
		m = strings.Join(strings.Fields(m), " ")
		switch {
		case m == "":
			return nil, fmt.Errorf("empty synonym in %q", strings.Join(members, ","))
		case len(strings.Fields(m)) > maxSynonymWords:
			return nil, fmt.Errorf("synonym %q is longer than %d words", m, maxSynonymWords)
		}
		out = append(out, m)
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("a synonym group needs at least two members, got %q", strings.Join(members, ","))
	}
	return out, nil
}

// synonymTable finds the groups a run of query words belongs to. Members
// are kept as the words the plain analyzer makes of them.
type synonymTable struct {
	groups  [][][]string        // group → member → words
	byKey   map[string][]member // synonymKey of a member's words → where it is
	longest int                 // most words in a member
}

type member struct{ group, index int }

// newSynonymTable analyses every member with analyze.
func newSynonymTable(groups [][]string, analyze func(string) []string) *synonymTable {
	t := &synonymTable{byKey: map[string][]member{}}
	for _, g := range groups {
		gi := len(t.groups)
		var words [][]string
		for _, m := range g {
			ws := analyze(m)
			if len(ws) == 0 {
				continue
			}
			key := synonymKey(ws)
			t.byKey[key] = append(t.byKey[key], member{group: gi, index: len(words)})
			words = append(words, ws)
			t.longest = max(t.longest, len(ws))
		}
		t.groups = append(t.groups, words)
	}
	return t
}

// match returns the longest run of words at the start of ws that is a
// member of some groups, and the other members of those groups.
func (t *synonymTable) match(ws []string) (n int, others [][]string) {
	for n = min(len(ws), t.longest); n > 0; n-- {
		ms := t.byKey[synonymKey(ws[:n])]
		if len(ms) == 0 {
			continue
		}
		for _, m := range ms {
			for i, words := range t.groups[m.group] {
				if i != m.index && synonymKey(words) != synonymKey(ws[:n]) {
					others = append(others, words)
				}
			}
		}
		return n, others
	}
	return 0, nil
}

// synonymKey joins words, the last without a plural -s, so that "models"
// matches the member "model".
func synonymKey(ws []string) string {
	last := ws[len(ws)-1]
	if n := len(last); n > 3 && last[n-1] == 's' && last[n-2] != 's' {
		last = last[:n-1]
	}
	return strings.Join(append(ws[:len(ws)-1:len(ws)-1], last), " ")
}
