package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// jsonTree checks the whole document first, so a syntax error names its line,
// then builds the tree from the token stream.
func jsonTree(data []byte) (node, error) {
	if !json.Valid(data) {
		return node{}, jsonError("source", data, json.Unmarshal(data, new(struct{})))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	r := jsonReader{dec: dec, data: data, line: 1}
	return r.value()
}

// node is a YAML or JSON value with the line it starts on.
type node struct {
	line   int
	kind   nodeKind
	text   string  // scalars
	items  []node  // lists
	fields []field // mappings, in source order
}

type field struct {
	key  string
	line int
	val  node
}

type nodeKind int

const (
	nullNode nodeKind = iota
	scalarNode
	listNode
	mapNode
)

func (k nodeKind) String() string {
	return [...]string{"nothing", "text", "a list", "a mapping"}[k]
}

func (n node) str() (string, error) {
	switch n.kind {
	case nullNode:
		return "", nil
	case scalarNode:
		return n.text, nil
	}
	return "", fmt.Errorf("want text, found %s", n.kind)
}

// strs accepts a list of scalars or one comma-separated scalar.
func (n node) strs() ([]string, error) {
	if n.kind != listNode {
		text, err := n.str()
		return strings.Split(text, ","), err
	}
	out := make([]string, 0, len(n.items))
	for i, item := range n.items {
		text, err := item.str()
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out = append(out, text)
	}
	return out, nil
}

// jsonReader builds nodes from a json.Decoder's tokens. Offsets only grow, so
// lines are counted incrementally and the whole read stays linear.
type jsonReader struct {
	dec  *json.Decoder
	data []byte
	off  int
	line int
}

// lineNow returns the line of the next token.
func (r *jsonReader) lineNow() int {
	next := int(r.dec.InputOffset())
	for next < len(r.data) && strings.IndexByte(" \t\r\n,:", r.data[next]) >= 0 {
		next++
	}
	if next > r.off {
		r.line += bytes.Count(r.data[r.off:next], []byte{'\n'})
		r.off = next
	}
	return r.line
}

func (r *jsonReader) value() (node, error) {
	n := node{line: r.lineNow()}
	tok, err := r.dec.Token()
	if err != nil {
		return n, fmt.Errorf("line %d: %w", n.line, err)
	}
	switch t := tok.(type) {
	case json.Delim:
		return r.container(n, t)
	case string:
		n.kind, n.text = scalarNode, t
	case json.Number:
		n.kind, n.text = scalarNode, t.String()
	case bool:
		n.kind, n.text = scalarNode, fmt.Sprint(t)
	}
	return n, nil
}

func (r *jsonReader) container(n node, open json.Delim) (node, error) {
	n.kind = listNode
	if open == '{' {
		n.kind = mapNode
	}
	for r.dec.More() {
		var f field
		if n.kind == mapNode {
			f.line = r.lineNow()
			key, err := r.dec.Token()
			if err != nil {
				return n, fmt.Errorf("line %d: %w", f.line, err)
			}
			f.key, _ = key.(string)
		}
		val, err := r.value()
		if err != nil {
			return n, err
		}
		if n.kind == mapNode {
			f.val = val
			n.fields = append(n.fields, f)
		} else {
			n.items = append(n.items, val)
		}
	}
	_, err := r.dec.Token()
	return n, err
}

// Alias expansion limits: following aliases may add at most
// yamlExpansion times the nodes the document itself holds, and never more
// than yamlMaxExpanded nodes, however large the document.
const (
	yamlExpansion   = 4
	yamlMaxExpanded = 1_000_000
)

// errAliasBomb is the error for a document whose aliases expand too far.
var errAliasBomb = errors.New("aliases expand the document far beyond its size (an alias bomb?)")

// yamlTree parses YAML into nodes. Aliases are followed within a budget
// proportional to the nodes actually parsed (not the input's size, which a
// comment pads for free), so an alias bomb or a recursive alias fails
// quickly instead of expanding forever.
func yamlTree(data []byte) (node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return node{}, errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return node{line: 1}, nil
	}
	parsed := countYAML(doc.Content[0])
	c := yamlConverter{budget: parsed + min(yamlExpansion*parsed, yamlMaxExpanded), expanding: map[*yaml.Node]bool{}}
	return c.convert(doc.Content[0])
}

// countYAML counts the nodes of the document as written: an alias counts
// once, not followed.
func countYAML(y *yaml.Node) int {
	n := 1
	if y.Kind != yaml.AliasNode {
		for _, c := range y.Content {
			n += countYAML(c)
		}
	}
	return n
}

type yamlConverter struct {
	budget    int
	expanding map[*yaml.Node]bool // alias targets being converted: a repeat is a cycle
}

func (c *yamlConverter) convert(y *yaml.Node) (node, error) {
	if c.budget--; c.budget < 0 {
		return node{}, errAliasBomb
	}
	if y.Kind == yaml.AliasNode {
		if c.expanding[y.Alias] {
			return node{}, errAliasBomb
		}
		c.expanding[y.Alias] = true
		defer delete(c.expanding, y.Alias)
		return c.convert(y.Alias)
	}
	n := node{line: y.Line}
	switch y.Kind {
	case yaml.ScalarNode:
		if y.ShortTag() != "!!null" {
			n.kind, n.text = scalarNode, y.Value
		}
	case yaml.SequenceNode:
		n.kind = listNode
		for _, item := range y.Content {
			v, err := c.convert(item)
			if err != nil {
				return n, err
			}
			n.items = append(n.items, v)
		}
	case yaml.MappingNode:
		return c.mapping(y)
	}
	return n, nil
}

// mapping converts a YAML mapping; merged keys (<<: *defaults) come first so
// the mapping's own keys override them.
func (c *yamlConverter) mapping(y *yaml.Node) (node, error) {
	n := node{line: y.Line, kind: mapNode}
	var merged []field
	for i := 0; i+1 < len(y.Content); i += 2 {
		k := y.Content[i]
		v, err := c.convert(y.Content[i+1])
		if err != nil {
			return n, err
		}
		if k.ShortTag() == "!!merge" && v.kind == mapNode {
			merged = append(merged, v.fields...)
			continue
		}
		n.fields = append(n.fields, field{key: k.Value, line: k.Line, val: v})
	}
	n.fields = append(merged, n.fields...)
	return n, nil
}
