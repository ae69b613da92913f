package session

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// What tells sessions that share an ID apart, from the most stable to the
// least: who gives it and what it is called (as DeriveID hashes them), then
// also when and where, then everything. A suffix is taken from the first
// level at which a session differs from all the others, so an abstract
// edited or a talk moved keeps its ID unless that is all that sets it apart.
const (
	byWho = iota
	byWhen
	byAll
	levels
)

// dupKey is one session of a group sharing an ID, with its content hashed
// at each level.
type dupKey struct {
	index int
	hash  [levels]string
}

// dupGroup renames the sessions that share id; taken holds every ID in use
// (each source ID, and each suffix given so far).
type dupGroup struct {
	sessions []Session
	id       string
	taken    map[string]bool
	dropped  []int // indexes of records identical to another
}

// rename keeps id for the member whose content sorts first and gives each
// other member a suffix, or drops it when it is a copy of another.
func (d *dupGroup) rename(members []int, warnings []Warning) []Warning {
	keys := make([]dupKey, len(members))
	for i, m := range members {
		keys[i] = dupKey{index: m, hash: contentHashes(d.sessions[m])}
	}
	slices.SortFunc(keys, func(a, b dupKey) int { return slices.Compare(a.hash[:], b.hash[:]) })
	for i := 1; i < len(keys); i++ {
		s := &d.sessions[keys[i].index]
		if keys[i].hash == keys[i-1].hash {
			d.dropped = append(d.dropped, keys[i].index)
			warnings = append(warnings, Warning{Where: fmt.Sprintf("session %q", s.Title), Record: d.id,
				Msg: fmt.Sprintf("listed twice with ID %s: the copy is dropped", d.id)})
			continue
		}
		level := distinctLevel(keys, i)
		s.ID = d.free(keys[i].hash[level])
		warnings = append(warnings, Warning{Where: fmt.Sprintf("session %q", s.Title), Record: s.ID,
			Msg: fmt.Sprintf("duplicate ID %s, renamed %s (told apart by %s)", d.id, s.ID, levelNames[level])})
	}
	return warnings
}

var levelNames = [levels]string{"speakers and title", "time and room", "content"}

// distinctLevel is the first level at which keys[i] differs from every
// other key of the group that is not a copy of it.
func distinctLevel(keys []dupKey, i int) int {
	for level := range levels - 1 {
		unique := true
		for j, k := range keys {
			if j != i && k.hash != keys[i].hash && k.hash[level] == keys[i].hash[level] {
				unique = false
				break
			}
		}
		if unique {
			return level
		}
	}
	return byAll
}

// free returns id with a suffix from hash that no session has: 8 hex digits,
// more when those are taken, and marks it taken.
func (d *dupGroup) free(hash string) string {
	for n := 8; n <= len(hash); n += 4 {
		if id := d.id + "-" + hash[:n]; !d.taken[id] {
			d.taken[id] = true
			return id
		}
	}
	for n := 2; ; n++ { // all 64 digits taken: only IDs written to collide can get here
		if id := fmt.Sprintf("%s-%s-%d", d.id, hash[:8], n); !d.taken[id] {
			d.taken[id] = true
			return id
		}
	}
}

// contentHashes hashes s at each level; each level includes the ones before.
func contentHashes(s Session) [levels]string {
	var out [levels]string
	out[byWho] = hashOf(whoKey(s))
	out[byWhen] = hashOf(out[byWho], s.Start.UTC().Format(time.RFC3339Nano), s.End.UTC().Format(time.RFC3339Nano), s.Room)
	s.ID = ""
	all, _ := json.Marshal(s) // a Session always encodes
	out[byAll] = hashOf(out[byWhen], string(all))
	return out
}

// whoKey is what DeriveID hashes: the speakers' names and the title, folded.
func whoKey(s Session) string {
	var b strings.Builder
	for _, name := range s.SpeakerNames() {
		b.WriteString(strings.ToLower(name))
		b.WriteByte(0)
	}
	b.WriteString(strings.ToLower(collapseSpace(s.Title)))
	return b.String()
}

func hashOf(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
