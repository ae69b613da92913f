package session

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// assignIDs gives every session a stable ID: the source's own (namespaced by
// prefix) when it has one, else one derived from speakers and title. Duplicates
// get "-2", "-3"… in source order, so the result is deterministic.
func assignIDs(sessions []Session, prefix string, warnings []Warning) []Warning {
	seen := make(map[string]int, len(sessions))
	for i := range sessions {
		s := &sessions[i]
		if s.ID != "" {
			s.ID = prefix + s.ID
		} else {
			s.ID = DeriveID(*s)
		}
		if n := seen[s.ID]; n > 0 {
			dup := s.ID
			for {
				n++
				s.ID = fmt.Sprintf("%s-%d", dup, n)
				if seen[s.ID] == 0 {
					break
				}
			}
			seen[dup] = n
			warnings = append(warnings, Warning{Where: fmt.Sprintf("session %q", s.Title), Record: s.ID, Msg: fmt.Sprintf("duplicate ID %s, renamed %s", dup, s.ID)})
		}
		seen[s.ID]++
	}
	return warnings
}

// DeriveID makes an ID from a session's title and speakers: a readable slug of
// the title and a short hash of speakers and title, so two sessions with the
// same title by different people differ, and a typo fixed in an abstract does not
// change the ID.
func DeriveID(s Session) string {
	h := sha256.New()
	for _, name := range s.SpeakerNames() {
		h.Write([]byte(strings.ToLower(name)))
		h.Write([]byte{0})
	}
	h.Write([]byte(strings.ToLower(collapseSpace(s.Title))))
	sum := hex.EncodeToString(h.Sum(nil))[:8]
	if slug := Slug(s.Title, 40); slug != "" {
		return slug + "-" + sum
	}
	return "s-" + sum
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
