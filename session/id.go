package session

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// assignIDs gives every session a stable ID: the source's own (namespaced by
// prefix) when it has one, else one derived from speakers and title. An ID
// that is unique in the source is kept as it is. Sessions that share one are
// told apart by their content, never by their order, so reordering the
// source moves no reminder to another talk: the one whose content sorts
// first keeps the ID, each other gets a suffix hashed from what sets it
// apart (duplicates.go). A record identical to another is the same session
// listed twice and is dropped.
func assignIDs(sessions []Session, prefix string, warnings []Warning) ([]Session, []Warning) {
	groups := make(map[string][]int, len(sessions))
	for i := range sessions {
		s := &sessions[i]
		if s.ID != "" {
			s.ID = prefix + s.ID
		} else {
			s.ID = DeriveID(*s)
		}
		groups[s.ID] = append(groups[s.ID], i)
	}
	taken := make(map[string]bool, len(groups))
	for id := range groups {
		taken[id] = true
	}
	var dropped []int
	for _, id := range slices.Sorted(maps.Keys(groups)) {
		if len(groups[id]) > 1 {
			d := dupGroup{sessions: sessions, id: id, taken: taken}
			warnings = d.rename(groups[id], warnings)
			dropped = append(dropped, d.dropped...)
		}
	}
	return without(sessions, dropped), warnings
}

// without returns sessions less those at the given indexes, in order.
func without(sessions []Session, drop []int) []Session {
	if len(drop) == 0 {
		return sessions
	}
	out := sessions[:0]
	for i, s := range sessions {
		if !slices.Contains(drop, i) {
			out = append(out, s)
		}
	}
	return out
}

// DeriveID makes an ID from a session's title and speakers: a readable slug of
// the title and a short hash of speakers and title, so two sessions with the
// same title by different people differ, and a typo fixed in an abstract does not
// change the ID.
func DeriveID(s Session) string {
	sum := sha256.Sum256([]byte(whoKey(s)))
	hash := hex.EncodeToString(sum[:])[:8]
	if slug := Slug(s.Title, 40); slug != "" {
		return slug + "-" + hash
	}
	return "s-" + hash
}

// Slug lower-cases s, folds accents, and joins its letters and digits with
// dashes, at most max bytes long, cut at a word boundary.
func Slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i > max/2 {
			out = out[:i]
		}
	}
	return strings.Trim(out, "-")
}
