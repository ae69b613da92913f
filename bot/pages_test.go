package bot

import (
	"fmt"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

func TestPageCache(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	c := newPageCache(3, pageTTL, func() time.Time { return now })
	first := c.put(blocks.PageToken{Query: "rust", From: 5})
	if got, ok := c.get(first); !ok || got.Query != "rust" || got.From != 5 {
		t.Fatalf("get = %+v, %v", got, ok)
	}
	if len(first) > 20 || c.put(blocks.PageToken{Query: "rust", From: 5}) == first {
		t.Errorf("keys must be short and fresh per page: %q", first)
	}
	for i := range 2 {
		c.put(blocks.PageToken{Query: fmt.Sprint(i)})
	}
	if _, ok := c.get(first); ok {
		t.Error("the oldest page survived a full cache")
	}
	if len(c.entries) > 3 || len(c.order) > 3 {
		t.Errorf("cache holds %d entries, %d keys; capacity 3", len(c.entries), len(c.order))
	}
	last := c.put(blocks.PageToken{Query: "last"})
	now = now.Add(pageTTL)
	if _, ok := c.get(last); ok {
		t.Error("a page outlived the response_url")
	}
	c.put(blocks.PageToken{Query: "after"})
	if len(c.entries) != 1 {
		t.Errorf("%d entries after expiry, want 1", len(c.entries))
	}
}
