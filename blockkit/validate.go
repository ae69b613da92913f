package blockkit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Limits Slack applies that the schema does not (or not per surface).
const (
	MaxMessageBlocks = 50    // blocks in one message
	MaxViewBlocks    = 100   // blocks in a Home tab or modal view
	MaxMessageText   = 40000 // characters of a message's top-level text
)

// Validate checks blocks, anything that marshals to a JSON array of blocks
// (such as []slack.Block), as the blocks of one message: the schema, at most
// MaxMessageBlocks blocks, no block_id twice and no action_id twice in a block.
func Validate(blocks any) error {
	doc, err := toDoc(blocks)
	if err != nil {
		return err
	}
	return validateBlocks(doc, MaxMessageBlocks)
}

// ValidateView checks a view surface, anything that marshals to a JSON object
// such as slack.HomeTabViewRequest: the schema of its type ("home" or
// "modal"), which allows MaxViewBlocks blocks, and the same ID rules as
// Validate.
func ValidateView(view any) error {
	doc, err := toDoc(view)
	if err != nil {
		return err
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return errors.New("blockkit: a view must be a JSON object")
	}
	s, err := compiled()
	if err != nil {
		return err
	}
	typ, _ := obj["type"].(string)
	sch, ok := s.views[typ]
	if !ok {
		return fmt.Errorf("blockkit: unknown view type %q", typ)
	}
	if err := sch.Validate(obj); err != nil {
		return fmt.Errorf("blockkit: %s view: %w", typ, err)
	}
	blocks, _ := obj["blocks"].([]any)
	return checkIDs(blocks)
}

// ValidateMessage checks a raw JSON message as sent to chat.postMessage, a
// response_url or an ack payload: a JSON object with text, blocks or both; the
// blocks as Validate checks them; a non-empty text (the notification fallback)
// whenever there are blocks; and a known response_type when one is set.
func ValidateMessage(payload []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(payload))
	if err != nil {
		return fmt.Errorf("blockkit: message is not JSON: %w", err)
	}
	msg, ok := doc.(map[string]any)
	if !ok {
		return errors.New("blockkit: a message must be a JSON object")
	}
	if err := checkEnvelope(msg); err != nil {
		return err
	}
	if blocks, ok := msg["blocks"]; ok {
		return validateBlocks(blocks, MaxMessageBlocks)
	}
	return nil
}

// checkEnvelope checks a message's fields other than its blocks.
func checkEnvelope(msg map[string]any) error {
	text, hasText := msg["text"]
	s, isString := text.(string)
	_, hasBlocks := msg["blocks"]
	switch {
	case hasText && !isString:
		return errors.New("blockkit: message text must be a string")
	case !hasBlocks && s == "":
		return errors.New("blockkit: message has neither text nor blocks")
	case hasBlocks && s == "":
		return errors.New("blockkit: message has blocks but no fallback text")
	case utf8.RuneCountInString(s) > MaxMessageText:
		return fmt.Errorf("blockkit: message text is over %d characters", MaxMessageText)
	}
	if rt, ok := msg["response_type"]; ok && rt != "ephemeral" && rt != "in_channel" {
		return fmt.Errorf("blockkit: unknown response_type %v", rt)
	}
	return nil
}

// toDoc marshals v and reads it back as the generic JSON the validator takes.
func toDoc(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("blockkit: marshal: %w", err)
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(data))
}

// validateBlocks checks doc as a message's or view's array of blocks.
func validateBlocks(doc any, limit int) error {
	blocks, ok := doc.([]any)
	if !ok {
		return errors.New("blockkit: blocks must be a JSON array")
	}
	if len(blocks) > limit {
		return fmt.Errorf("blockkit: %d blocks, at most %d allowed", len(blocks), limit)
	}
	s, err := compiled()
	if err != nil {
		return err
	}
	if err := s.root.Validate(blocks); err != nil {
		return explain(s, blocks, err)
	}
	return checkIDs(blocks)
}

// explain turns a failure of the root schema, whose errors list every block
// type a block failed to be, into the error of the block's own type.
func explain(s *schemas, blocks []any, rootErr error) error {
	for i, b := range blocks {
		obj, _ := b.(map[string]any)
		typ, _ := obj["type"].(string)
		sch, ok := s.block[typ]
		if !ok {
			return fmt.Errorf("blockkit: block %d: unknown block type %q", i, typ)
		}
		if err := sch.Validate(b); err != nil {
			return fmt.Errorf("blockkit: block %d (%s): %w", i, typ, err)
		}
	}
	return fmt.Errorf("blockkit: %w", rootErr)
}

// checkIDs reports a block_id used by two blocks, or an action_id used twice
// within one block.
func checkIDs(blocks []any) error {
	seen := map[string]int{}
	for i, b := range blocks {
		obj, _ := b.(map[string]any)
		if id, _ := obj["block_id"].(string); id != "" {
			if j, dup := seen[id]; dup {
				return fmt.Errorf("blockkit: blocks %d and %d share block_id %q", j, i, id)
			}
			seen[id] = i
		}
		if id, dup := duplicateActionID(obj); dup {
			return fmt.Errorf("blockkit: block %d uses action_id %q twice", i, id)
		}
	}
	return nil
}

// duplicateActionID finds an action_id that occurs twice anywhere in block.
func duplicateActionID(block map[string]any) (string, bool) {
	seen := map[string]bool{}
	var dup string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v["action_id"].(string); ok && dup == "" {
				if seen[id] {
					dup = id
				}
				seen[id] = true
			}
			for _, child := range v {
				walk(child)
			}
		case []any:
			for _, child := range v {
				walk(child)
			}
		}
	}
	walk(block)
	return dup, dup != ""
}
