package store

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Follow is a user's standing query; (UserID, Query) is unique, with Query
// normalised by NormaliseQuery.
type Follow struct {
	UserID   string    `json:"user_id"`
	Query    string    `json:"query"`
	Created  time.Time `json:"created"`
	Notified []string  `json:"notified,omitempty"` // session IDs already told about, sorted
}

// MaxFollows is how many follows one user may have.
const MaxFollows = 20

// ErrTooManyFollows is returned, wrapped, by AddFollow for a user who
// already has MaxFollows follows.
var ErrTooManyFollows = errors.New("store: at most 20 follows per user")

// ErrEmptyQuery is returned, wrapped, by AddFollow for a query that is
// blank once normalised.
var ErrEmptyQuery = errors.New("store: empty follow query")

// NormaliseQuery trims q, collapses runs of white space into one space and
// lower-cases it: "Rust  Linux" and "rust linux" are the same follow.
func NormaliseQuery(q string) string {
	return strings.ToLower(strings.Join(strings.Fields(q), " "))
}

// AddFollow adds a follow of query for userID, created at now. An existing
// follow is returned with created=false; a user's MaxFollows+1th follow gives
// ErrTooManyFollows.
func (s *Store) AddFollow(userID, query string, now time.Time) (Follow, bool, error) {
	q := NormaliseQuery(query)
	f, created := Follow{UserID: userID, Query: q, Created: now}, true
	err := s.update(func(tx *bolt.Tx) error {
		if err := checkFollow(userID, q); err != nil {
			return err
		}
		b := tx.Bucket(bucketFollows)
		ok, err := getJSON(b, pairKey(userID, q), &f)
		if err != nil || ok {
			created = false
			return err
		}
		if countPrefix(b, pairKey(userID, "")) >= MaxFollows {
			return ErrTooManyFollows
		}
		return putJSON(b, pairKey(userID, q), f)
	})
	if err != nil {
		return Follow{}, false, fmt.Errorf("store: add follow %s %q: %w", userID, q, err)
	}
	return f, created, nil
}

// checkFollow rejects IDs and queries that cannot be part of a key.
func checkFollow(userID, q string) error {
	if q == "" {
		return ErrEmptyQuery
	}
	return checkPair(userID, q)
}

// RemoveFollow deletes the follow of query (normalised) for userID and
// reports whether there was one.
func (s *Store) RemoveFollow(userID, query string) (bool, error) {
	key := pairKey(userID, NormaliseQuery(query))
	var ok bool
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFollows)
		ok = b.Get(key) != nil
		return b.Delete(key)
	})
	if err != nil {
		return false, fmt.Errorf("store: remove follow %s %q: %w", userID, query, err)
	}
	return ok, nil
}

// RemoveAllFollows deletes every follow of userID and returns how many
// there were.
func (s *Store) RemoveAllFollows(userID string) (int, error) {
	var n int
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFollows)
		var keys [][]byte
		prefix := pairKey(userID, "")
		c := b.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			keys = append(keys, slices.Clone(k))
		}
		// Deleted after the walk: bbolt cursors are not safe across deletes.
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(keys)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: remove all follows %s: %w", userID, err)
	}
	return n, nil
}

// UserFollows returns the follows of userID by Created, then Query.
func (s *Store) UserFollows(userID string) ([]Follow, error) {
	out, err := s.follows(pairKey(userID, ""))
	if err != nil {
		return nil, fmt.Errorf("store: user follows %s: %w", userID, err)
	}
	return out, nil
}

// AllFollows returns every follow by user, then Created, then Query, for the
// follow-alert job.
func (s *Store) AllFollows() ([]Follow, error) {
	out, err := s.follows(nil)
	if err != nil {
		return nil, fmt.Errorf("store: all follows: %w", err)
	}
	return out, nil
}

// follows returns the follows whose keys start with prefix, sorted.
func (s *Store) follows(prefix []byte) ([]Follow, error) {
	var out []Follow
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketFollows).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var f Follow
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("decode follow %q: %w", k, err)
			}
			out = append(out, f)
		}
		return nil
	})
	slices.SortFunc(out, func(a, b Follow) int {
		return cmp.Or(cmp.Compare(a.UserID, b.UserID), a.Created.Compare(b.Created), cmp.Compare(a.Query, b.Query))
	})
	return out, err
}

// countPrefix counts the keys of b that start with prefix.
func countPrefix(b *bolt.Bucket, prefix []byte) int {
	n := 0
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	return n
}

// NotifyFollows records, in one transaction, that userID is being told about
// sessions matching their follows (matches maps a query to session IDs) and
// queues one follow notice with the union of the IDs and the queries that
// contributed. IDs a follow was already told about are left out, as are
// queries the user no longer follows; when nothing is left, nothing is
// queued and ok is false.
func (s *Store) NotifyFollows(userID string, matches map[string][]string, now time.Time) (Notice, bool, error) {
	ns, err := s.NotifyFollowers(map[string]map[string][]string{userID: matches}, now)
	if err != nil || len(ns) == 0 {
		return Notice{}, false, err
	}
	return ns[0], true, nil
}

// NotifyFollowers is NotifyFollows for many users (user → query → session
// IDs) in one transaction: a sync that matches a thousand users' follows
// costs one write, not a thousand. It returns the notices queued, in user
// order.
func (s *Store) NotifyFollowers(matches map[string]map[string][]string, now time.Time) ([]Notice, error) {
	var out []Notice
	err := s.update(func(tx *bolt.Tx) error {
		out = nil
		for _, userID := range slices.Sorted(maps.Keys(matches)) {
			ids, queries, err := markNotified(tx.Bucket(bucketFollows), userID, matches[userID])
			if err != nil {
				return err
			}
			if len(ids) == 0 {
				continue
			}
			n, err := queueNotice(tx, Notice{UserID: userID, Kind: NoticeFollow, SessionIDs: ids, Queries: queries, Created: now})
			if err != nil {
				return err
			}
			out = append(out, n)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: notify followers: %w", err)
	}
	return out, nil
}

// markNotified adds the new IDs of each match to its follow's Notified and
// returns the union of the new IDs and the queries that had some, sorted.
func markNotified(b *bolt.Bucket, userID string, matches map[string][]string) ([]string, []string, error) {
	var ids, queries []string
	for _, query := range slices.Sorted(maps.Keys(matches)) {
		key := pairKey(userID, NormaliseQuery(query))
		var f Follow
		ok, err := getJSON(b, key, &f)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			continue // unfollowed since the job matched
		}
		fresh := newIDs(f.Notified, matches[query])
		if len(fresh) == 0 {
			continue
		}
		f.Notified = slices.Sorted(slices.Values(append(f.Notified, fresh...)))
		if err := putJSON(b, key, f); err != nil {
			return nil, nil, err
		}
		ids = append(ids, fresh...)
		queries = append(queries, f.Query)
	}
	slices.Sort(ids)
	slices.Sort(queries)
	return slices.Compact(ids), slices.Compact(queries), nil
}

// newIDs returns the distinct IDs of ids not in the sorted list seen.
func newIDs(seen, ids []string) []string {
	var out []string
	for _, id := range ids {
		if _, found := slices.BinarySearch(seen, id); !found && id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
