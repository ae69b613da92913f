// Package blockkit checks Slack Block Kit payloads the way Slack would, for tests:
// like a fake, it stands in for Slack's own validation so that a renderer's output
// can be checked offline. It validates against a copy of the Block Kit JSON Schema
// (slack-block-kit.schema.json, see README.md) and adds the rules the schema does
// not state: the block count of a message, unique block_ids in a message and unique
// action_ids in a block.
package blockkit

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed slack-block-kit.schema.json
var schemaJSON []byte

// schemaURL is the $id of the embedded schema; it is never fetched.
const schemaURL = "https://tightknit.com/schemas/slack-block-kit.schema.json"

// schemas holds the compiled schema: the root (an array of blocks), the two
// view surfaces and one schema per block type, for precise error messages.
type schemas struct {
	root  *jsonschema.Schema
	views map[string]*jsonschema.Schema // by view type: "home", "modal"
	block map[string]*jsonschema.Schema // by block type: "section", "header", …
}

// compiled compiles the embedded schema once; it is read-only afterwards.
var compiled = sync.OnceValues(compile)

func compile() (*schemas, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("blockkit: read schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("blockkit: add schema: %w", err)
	}
	s := &schemas{views: map[string]*jsonschema.Schema{}, block: map[string]*jsonschema.Schema{}}
	if s.root, err = c.Compile(schemaURL); err != nil {
		return nil, fmt.Errorf("blockkit: compile schema: %w", err)
	}
	for _, v := range []string{"home", "modal"} {
		if s.views[v], err = c.Compile(schemaURL + "#/$defs/" + v + "_view"); err != nil {
			return nil, fmt.Errorf("blockkit: compile %s view: %w", v, err)
		}
	}
	for _, def := range blockDefs() {
		typ := strings.TrimSuffix(def, "_block")
		if s.block[typ], err = c.Compile(schemaURL + "#/$defs/" + def); err != nil {
			return nil, fmt.Errorf("blockkit: compile %s: %w", def, err)
		}
	}
	return s, nil
}

// blockDefs lists the $defs that describe one block type ("section_block"…).
func blockDefs() []string {
	var top struct {
		Defs map[string]json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(schemaJSON, &top); err != nil {
		return nil
	}
	var out []string
	for name := range top.Defs {
		if strings.HasSuffix(name, "_block") {
			out = append(out, name)
		}
	}
	return out
}
