package bot

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

// Bounds of the page cache: a response_url works for 30 minutes, so a page
// older than that cannot be replaced anyway.
const (
	pageCapacity = 10_000
	pageTTL      = 30 * time.Minute
)

// pageCache remembers which search page a short key stands for. An ephemeral
// message's block_actions payload carries no blocks, so a press on a search
// result finds its page by the key in the card's block_id and renders it
// again. Keys are random: after a restart an old key is unknown, never
// another page.
type pageCache struct {
	mu      sync.Mutex
	now     func() time.Time
	ttl     time.Duration
	cap     int
	entries map[string]pageEntry
	order   []string // keys by insertion, oldest first
}

type pageEntry struct {
	page blocks.PageToken
	at   time.Time
}

func newPageCache(capacity int, ttl time.Duration, now func() time.Time) *pageCache {
	return &pageCache{now: now, ttl: ttl, cap: capacity, entries: map[string]pageEntry{}}
}

// put stores page under a fresh key and returns the key.
func (c *pageCache) put(page blocks.PageToken) string {
	key := newPageKey()
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	c.evictLocked(now)
	c.entries[key] = pageEntry{page: page, at: now}
	c.order = append(c.order, key)
	return key
}

// get returns the page stored under key, unless it expired.
func (c *pageCache) get(key string) (blocks.PageToken, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || c.now().Sub(e.at) >= c.ttl {
		return blocks.PageToken{}, false
	}
	return e.page, true
}

// evictLocked drops expired entries, and the oldest while the cache is full.
func (c *pageCache) evictLocked(now time.Time) {
	for len(c.order) > 0 {
		oldest := c.order[0]
		if len(c.entries) < c.cap && now.Sub(c.entries[oldest].at) < c.ttl {
			return
		}
		delete(c.entries, oldest)
		c.order = c.order[1:]
	}
}

// newPageKey returns 11 random URL-safe characters: no "|", so it can sit
// in a block_id next to a session ID.
func newPageKey() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b[:])
}
