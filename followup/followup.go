// Package followup works out what a sync means for people: reminders
// brought in step with the new catalogue (a notice for each moved, newly
// scheduled or cancelled session someone is reminded of) and follow alerts
// for new sessions matching a user's followed queries. It only queues
// notices in the store; the dm package sends them.
package followup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/store"
)

// Paging of a followed query: pages as large as the index gives, and at
// most followHits hits looked at per sync (a follow that broad is a
// programme subscription; what ranks lower is not worth a search each sync).
const (
	followPage = 100
	followHits = 2000
)

// searcher is the part of index.Index the follow job uses.
type searcher interface {
	Search(ctx context.Context, q index.Query) (index.Result, error)
}

// followStore is the part of store.Store the follow job uses.
type followStore interface {
	Rearm(lead time.Duration, now time.Time) ([]store.Notice, error)
	AllFollows() ([]store.Follow, error)
	Known(id string) (store.Entry, bool, error)
	NotifyFollows(userID string, matches map[string][]string, now time.Time) (store.Notice, bool, error)
}

// Followups is the work after a sync that concerns users. Its one input
// is the store as the sync left it (and now), so it may run after any sync,
// or again after a crash, to the same effect.
type Followups struct {
	Store    followStore
	Index    searcher
	Lead     time.Duration  // reminders.lead
	Location *time.Location // the conference's zone, for day: filters
	Logger   *slog.Logger
}

// Run re-arms the reminders and queues at most one follow alert per user
// for the sessions that are new to each follow; it returns how many
// notices it queued. A failing query is logged and skipped; the others
// still run.
func (f *Followups) Run(ctx context.Context, now time.Time) (int, error) {
	rearmed, err := f.Store.Rearm(f.Lead, now)
	if err != nil {
		return 0, fmt.Errorf("followups: %w", err)
	}
	queued, ferr := f.follows(ctx, now)
	f.log().Info("followups", slog.Int("schedule_notices", len(rearmed)), slog.Int("follow_notices", queued))
	return len(rearmed) + queued, ferr
}

// follows matches every follow against the index and queues one notice per
// user with matches; it returns how many it queued.
func (f *Followups) follows(ctx context.Context, now time.Time) (int, error) {
	all, err := f.Store.AllFollows()
	if err != nil {
		return 0, fmt.Errorf("followups: %w", err)
	}
	matches := map[string]map[string][]string{} // user -> query -> session IDs
	var errs []error
	for _, fl := range all {
		ids, err := f.match(ctx, now, fl)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(ids) > 0 {
			if matches[fl.UserID] == nil {
				matches[fl.UserID] = map[string][]string{}
			}
			matches[fl.UserID][fl.Query] = ids
		}
	}
	queued := 0
	for _, user := range sortedKeys(matches) {
		_, ok, err := f.Store.NotifyFollows(user, matches[user], now)
		if err != nil {
			errs = append(errs, fmt.Errorf("followups: %w", err))
		} else if ok {
			queued++
		}
	}
	return queued, errors.Join(errs...)
}

// match returns the IDs of current sessions matching fl that were first
// seen after the follow was made and that it was not told about yet.
func (f *Followups) match(ctx context.Context, now time.Time, fl store.Follow) ([]string, error) {
	hits, err := f.search(ctx, now, fl)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, id := range hits {
		if slices.Contains(fl.Notified, id) {
			continue
		}
		e, ok, err := f.Store.Known(id)
		if err != nil {
			return nil, fmt.Errorf("followups: %w", err)
		}
		if ok && e.Current() && e.FirstSeen.After(fl.Created) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// search returns the IDs of the sessions matching fl, best first, paging
// through the index's results up to followHits. Only close matches count:
// when the index finds none, it offers the closest few, and they match
// nothing.
func (f *Followups) search(ctx context.Context, now time.Time, fl store.Follow) ([]string, error) {
	q := index.ParseQuery(fl.Query, now, f.Location)
	q.Size = followPage
	var ids []string
	var total uint64
	seen := map[string]bool{}
	for q.From = 0; q.From < followHits; q.From += followPage {
		res, err := f.Index.Search(ctx, q)
		if err != nil {
			f.log().Warn("followups: search failed", slog.String("user_id", fl.UserID), slog.String("query", fl.Query), slog.Any("error", err))
			return nil, fmt.Errorf("followups: search %q: %w", fl.Query, err)
		}
		if res.NoCloseMatch {
			return nil, nil // the closest few are no match: nothing to alert about
		}
		fresh := 0
		for _, h := range res.Hits {
			if id := h.Session.ID; !seen[id] {
				seen[id] = true
				ids = append(ids, id)
				fresh++
			}
		}
		// A short page is the last; a page of nothing new means the index
		// stopped paging (it caps how deep a search goes).
		total = res.Total
		if len(res.Hits) < followPage || fresh == 0 || uint64(len(ids)) >= total {
			break
		}
	}
	if uint64(len(ids)) < total {
		f.log().Warn("followups: follow matches too many sessions; looked at the first only", slog.String("user_id", fl.UserID),
			slog.String("query", fl.Query), slog.Int("looked_at", len(ids)), slog.Uint64("matches", total))
	}
	return ids, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (f *Followups) log() *slog.Logger {
	if f.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return f.Logger
}
