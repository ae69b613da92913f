package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
)

// rebuildQuiet is how long after a rebuild another one waits: an index that
// is damaged again at once (a failing disk) is not rebuilt in a loop.
const rebuildQuiet = 10 * time.Minute

// rebuildable is the part of *index.Index that searches and heals.
type rebuildable interface {
	Search(ctx context.Context, q index.Query) (index.Result, error)
	Sessions() ([]session.Session, error)
	Rebuild(load func() ([]session.Session, error)) (index.SyncStats, error)
	Among(sessions []session.Session) (*index.Among, error)
}

// healingIndex is the index as the bot, the follow-ups and the search
// command use it. A search that fails because the index files are damaged
// (index.IsCorrupt) rebuilds the index from the store's catalogue, once,
// and is run again; the store is the truth, the index a cache of it.
type healingIndex struct {
	index     rebuildable
	catalogue func() ([]session.Session, error)
	log       *slog.Logger
	now       func() time.Time

	mu       sync.Mutex
	rebuilds int       // rebuilds begun, so a search knows whether one ran since it began
	last     time.Time // when the last rebuild ended
	held     bool      // a search was refused a rebuild since the last one (logged once)
}

// Search runs q, and when the index turns out damaged, rebuilds it and
// runs q again.
func (h *healingIndex) Search(ctx context.Context, q index.Query) (index.Result, error) {
	h.mu.Lock()
	seen := h.rebuilds
	h.mu.Unlock()
	res, err := h.index.Search(ctx, q)
	if !index.IsCorrupt(err) || !h.heal(seen, err) {
		return res, err
	}
	res, err = h.index.Search(ctx, q)
	if index.IsCorrupt(err) {
		h.log.Error("index: still damaged after the rebuild", slog.Any("error", err))
	}
	return res, err
}

// Sessions lists the indexed sessions.
func (h *healingIndex) Sessions() ([]session.Session, error) { return h.index.Sessions() }

// heal rebuilds the index unless one began since the failed search did (it
// is then run again as it is) or ended less than rebuildQuiet ago; it
// reports whether searching again may help.
func (h *healingIndex) heal(seen int, cause error) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rebuilds != seen {
		return true
	}
	if !h.last.IsZero() && h.now().Sub(h.last) < rebuildQuiet {
		if !h.held {
			h.held = true
			h.log.Error("index: damaged again soon after a rebuild; not rebuilding before the quiet time is over",
				slog.Any("error", cause), slog.Time("last_rebuild", h.last), slog.Duration("quiet", rebuildQuiet))
		}
		return false
	}
	h.log.Error("index: damaged; rebuilding it from the store", slog.Any("error", cause))
	h.rebuilds++
	st, err := h.index.Rebuild(h.catalogue)
	h.last, h.held = h.now(), false
	if err != nil {
		h.log.Error("index: rebuild failed", slog.Any("error", err))
		return false
	}
	h.log.Warn("index: rebuilt from the store", slog.Int("sessions", st.Upserted))
	return true
}

// Among is the index's search among a few sessions (for follows): it is not
// healed here; a damaged index fails it, the follow-ups keep their work for
// the next run, and the next search heals the index.
func (h *healingIndex) Among(sessions []session.Session) (*index.Among, error) {
	return h.index.Among(sessions)
}
