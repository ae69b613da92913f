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
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// searcher is the part of index.Index the follow job uses: a search among
// the sessions a sync changed.
type searcher interface {
	Among(sessions []session.Session) (*index.Among, error)
}

// followStore is the part of store.Store the follow job uses.
type followStore interface {
	Rearm(lead time.Duration, now time.Time) ([]store.Notice, error)
	RearmSessions(ids []string, lead time.Duration, now time.Time) ([]store.Notice, error)
	PendingFollowups() ([]string, error)
	ClearFollowups(ids []string) error
	AllFollows() ([]store.Follow, error)
	Known(id string) (store.Entry, bool, error)
	NotifyFollowers(matches map[string]map[string][]string, now time.Time) ([]store.Notice, error)
}

// Followups is the work after a sync that concerns users. Its input is
// the store's work list, the sessions syncs changed since it last ran
// (store.PendingFollowups), so an unchanged programme costs it nothing; it
// clears the list only when done, so it may run again after a crash, to
// the same effect.
type Followups struct {
	Store    followStore
	Index    searcher
	Lead     time.Duration  // reminders.lead
	Location *time.Location // the conference's zone, for day: filters
	Logger   *slog.Logger

	rearmedAll bool // the first run re-arms every reminder (reminders.lead may have changed)
}

// Run re-arms the reminders of the changed sessions (all of them, the first
// time) and queues at most one follow alert per user for the changed
// sessions that are new to each follow; it returns how many notices it
// queued. A failing query is logged and skipped; the others still run, and
// the work list is kept for the next run.
func (f *Followups) Run(ctx context.Context, now time.Time) (int, error) {
	pending, err := f.Store.PendingFollowups()
	if err != nil {
		return 0, fmt.Errorf("followups: %w", err)
	}
	rearmed, err := f.rearm(pending, now)
	if err != nil {
		return 0, fmt.Errorf("followups: %w", err)
	}
	queued, ferr := f.follows(ctx, now, pending)
	if ferr == nil && len(pending) > 0 {
		ferr = f.Store.ClearFollowups(pending)
	}
	f.log().Info("followups", slog.Int("changed_sessions", len(pending)), slog.Int("schedule_notices", len(rearmed)), slog.Int("follow_notices", queued))
	return len(rearmed) + queued, ferr
}

// rearm re-arms the reminders of the changed sessions, or every reminder
// on the first run.
func (f *Followups) rearm(pending []string, now time.Time) ([]store.Notice, error) {
	if !f.rearmedAll {
		ns, err := f.Store.Rearm(f.Lead, now)
		f.rearmedAll = err == nil
		return ns, err
	}
	if len(pending) == 0 {
		return nil, nil
	}
	return f.Store.RearmSessions(pending, f.Lead, now)
}

// follows matches every follow against the changed sessions and queues one
// notice per user with matches; it returns how many it queued. Users who
// follow the same words share one search.
func (f *Followups) follows(ctx context.Context, now time.Time, pending []string) (int, error) {
	among, firstSeen, err := f.among(pending)
	if err != nil || among == nil {
		return 0, err
	}
	defer among.Close()
	all, err := f.Store.AllFollows()
	if err != nil {
		return 0, fmt.Errorf("followups: %w", err)
	}
	matches := map[string]map[string][]string{} // user -> query -> session IDs
	found := map[string][]string{}              // query -> the sessions it matches
	var errs []error
	for _, fl := range all {
		hits, ok := found[fl.Query]
		if !ok {
			hits, err = among.Match(ctx, index.ParseQuery(fl.Query, now, f.Location))
			if err != nil {
				f.log().Warn("followups: search failed", slog.String("user_id", fl.UserID), slog.String("query", fl.Query), slog.Any("error", err))
				errs = append(errs, fmt.Errorf("followups: search %q: %w", fl.Query, err))
				continue
			}
			found[fl.Query] = hits
		}
		ids := match(hits, fl, firstSeen)
		if len(ids) > 0 {
			if matches[fl.UserID] == nil {
				matches[fl.UserID] = map[string][]string{}
			}
			matches[fl.UserID][fl.Query] = ids
		}
	}
	queued, err := f.Store.NotifyFollowers(matches, now)
	if err != nil {
		errs = append(errs, fmt.Errorf("followups: %w", err))
	}
	return len(queued), errors.Join(errs...)
}

// among prepares the search among the changed sessions that are current,
// and says when each was first seen; nil when there are none.
func (f *Followups) among(pending []string) (*index.Among, map[string]time.Time, error) {
	var sessions []session.Session
	firstSeen := map[string]time.Time{}
	for _, id := range pending {
		e, ok, err := f.Store.Known(id)
		if err != nil {
			return nil, nil, fmt.Errorf("followups: %w", err)
		}
		if ok && e.Current() {
			sessions = append(sessions, e.Session)
			firstSeen[id] = e.FirstSeen
		}
	}
	if len(sessions) == 0 {
		return nil, nil, nil
	}
	a, err := f.Index.Among(sessions)
	if err != nil {
		return nil, nil, fmt.Errorf("followups: %w", err)
	}
	return a, firstSeen, nil
}

// match returns the sessions of hits (a follow's matches among the changed
// sessions) that were first seen after the follow was made and that it was
// not told about yet.
func match(hits []string, fl store.Follow, firstSeen map[string]time.Time) []string {
	var ids []string
	for _, id := range hits {
		if !slices.Contains(fl.Notified, id) && firstSeen[id].After(fl.Created) {
			ids = append(ids, id)
		}
	}
	return ids
}

func (f *Followups) log() *slog.Logger {
	if f.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return f.Logger
}
