package session

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// permutations calls f with every ordering of n items (as indexes).
func permutations(n int, f func([]int)) {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	var rec func(k int)
	rec = func(k int) {
		if k == n {
			f(append([]int(nil), p...))
			return
		}
		for i := k; i < n; i++ {
			p[k], p[i] = p[i], p[k]
			rec(k + 1)
			p[k], p[i] = p[i], p[k]
		}
	}
	rec(0)
}

// dupRecords is a programme whose IDs collide every way: four records share
// "a" (two by the same speaker and title at different times, and one an
// exact copy of another), one is already called "a-2", and two without an
// ID derive the same one.
var dupRecords = []Session{
	{ID: "a", Title: "Alpha", Speakers: []Speaker{{Name: "Ada"}}, Start: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)},
	{ID: "a", Title: "Beta", Speakers: []Speaker{{Name: "Bob"}}, Start: time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC)},
	{ID: "a", Title: "Beta", Speakers: []Speaker{{Name: "Bob"}}, Start: time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC)},
	{ID: "a-2", Title: "Gamma", Speakers: []Speaker{{Name: "Cy"}}},
	{Title: "Epsilon", Speakers: []Speaker{{Name: "Eve"}}, Room: "R1"},
	{Title: "Epsilon", Speakers: []Speaker{{Name: "Eve"}}, Room: "R2"},
	{ID: "a", Title: "Alpha", Speakers: []Speaker{{Name: "Ada"}}, Start: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)},
}

// idsInOrder runs the records, in the given order, through what Parse does
// after a parser (normalising, IDs) and maps each distinct record to its ID.
func idsInOrder(t *testing.T, order []int) map[string]string {
	t.Helper()
	in := make([]Session, len(order))
	for i, k := range order {
		in[i] = dupRecords[k]
		in[i].Speakers = slices.Clone(in[i].Speakers)
	}
	out, _ := finish(FormatYAML, in, nil)
	got := map[string]string{}
	for _, s := range out {
		key := fmt.Sprintf("%s|%s|%s", s.Title, s.Start.Format("15:04"), s.Room)
		if _, dup := got[key]; dup {
			t.Fatalf("order %v: %s kept twice", order, key)
		}
		got[key] = s.ID
	}
	return got
}

// TestDuplicateIDsInSource: the defect as a source shows it: [a, a, a-2]
// must not rename the owner of a-2, and swapping the two a entries must not
// swap their IDs.
func TestDuplicateIDsInSource(t *testing.T) {
	parse := func(records ...string) map[string]string {
		res, err := Parse([]byte("sessions:\n  - "+strings.Join(records, "\n  - ")+"\n"), Options{Format: FormatYAML})
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]string{}
		for _, s := range res.Sessions {
			ids[s.Title] = s.ID
		}
		return ids
	}
	one, two, owner := "{id: a, title: One}", "{id: a, title: Two}", "{id: a-2, title: Owner}"
	got := parse(one, two, owner)
	if got["Owner"] != "a-2" || got["One"] == got["Two"] || got["One"] == "a-2" || got["Two"] == "a-2" {
		t.Errorf("IDs %v: want Owner to keep a-2 and One and Two distinct others", got)
	}
	if swapped := parse(two, one, owner); !cmp.Equal(got, swapped) {
		t.Errorf("swapping the two a entries changed IDs: %v, then %v", got, swapped)
	}
}

// TestDuplicateIDsIgnoreOrder: whatever the order of the records, every
// session gets the same ID; IDs are unique; an ID unique in the source is
// kept; an exact copy is dropped.
func TestDuplicateIDsIgnoreOrder(t *testing.T) {
	identity := make([]int, len(dupRecords))
	for i := range identity {
		identity[i] = i
	}
	want := idsInOrder(t, identity)
	if len(want) != 6 {
		t.Fatalf("got %d sessions, want 6 (the copy of Alpha dropped): %v", len(want), want)
	}
	ids := map[string]bool{}
	for _, id := range want {
		if ids[id] {
			t.Fatalf("ID %s given twice: %v", id, want)
		}
		ids[id] = true
	}
	if want["Gamma|00:00|"] != "a-2" {
		t.Errorf("Gamma has ID %q, want a-2 (unique in the source, so kept)", want["Gamma|00:00|"])
	}
	n := 0
	permutations(len(dupRecords), func(order []int) {
		n++
		if diff := cmp.Diff(want, idsInOrder(t, order)); diff != "" {
			t.Fatalf("order %v gives other IDs (-first +this):\n%s", order, diff)
		}
	})
	if n != 5040 {
		t.Errorf("tried %d orders, want 7! = 5040", n)
	}
}

// TestDuplicateIDsSurviveEdits: renaming by content uses speakers and title
// first, so editing a duplicate's abstract or moving it keeps every ID.
func TestDuplicateIDsSurviveEdits(t *testing.T) {
	parse := func(records ...string) []string {
		res, err := Parse([]byte("sessions:\n  - "+strings.Join(records, "\n  - ")+"\n"), Options{Format: FormatYAML})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, s := range res.Sessions {
			ids = append(ids, s.ID)
		}
		return ids
	}
	before := parse(`{id: a, title: Alpha, speakers: [Ada]}`, `{id: a, title: Beta, speakers: [Bob], abstract: old, room: R1}`)
	after := parse(`{id: a, title: Alpha, speakers: [Ada]}`, `{id: a, title: Beta, speakers: [Bob], abstract: new, room: R2}`)
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("IDs changed with an abstract and a room (-before +after):\n%s", diff)
	}
	if before[0] == before[1] || !strings.HasPrefix(before[0], "a") || !strings.HasPrefix(before[1], "a") {
		t.Errorf("IDs %v: want two distinct IDs starting with a", before)
	}
}

// TestDuplicateIDsNeverCollide: a suffix never takes an ID the source uses.
func TestDuplicateIDsNeverCollide(t *testing.T) {
	first, err := Parse([]byte("sessions:\n  - {id: a, title: Alpha}\n  - {id: a, title: Beta}\n"), Options{Format: FormatYAML})
	if err != nil {
		t.Fatal(err)
	}
	var suffixed string
	for _, s := range first.Sessions {
		if s.ID != "a" {
			suffixed = s.ID
		}
	}
	// The source now also uses that ID for a third session.
	data := fmt.Sprintf("sessions:\n  - {id: a, title: Alpha}\n  - {id: a, title: Beta}\n  - {id: %s, title: Gamma}\n", suffixed)
	res, err := Parse([]byte(data), Options{Format: FormatYAML})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, s := range res.Sessions {
		if other, ok := ids[s.ID]; ok {
			t.Fatalf("%s and %s share ID %s", other, s.Title, s.ID)
		}
		ids[s.ID] = s.Title
	}
	if ids[suffixed] != "Gamma" {
		t.Errorf("ID %s belongs to %q, want Gamma, which the source gave it", suffixed, ids[suffixed])
	}
}
