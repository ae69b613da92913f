package session

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestYAMLPaddedAliasBomb checks that padding an alias bomb with a comment
// does not buy it a larger expansion budget: it fails with the alias-bomb
// error having allocated little, not hundreds of megabytes.
func TestYAMLPaddedAliasBomb(t *testing.T) {
	doc := []byte("# " + strings.Repeat("x", 1<<20) + "\n" + aliasBomb())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Parse(doc, Options{Format: FormatYAML})
	runtime.ReadMemStats(&after)
	if want := "yaml: " + errAliasBomb.Error(); err == nil || err.Error() != want {
		t.Errorf("Parse: error %v, want %q", err, want)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100<<20 {
		t.Errorf("Parse allocated %d MiB for a 1 MiB document, want under 100 MiB", alloc>>20)
	}
}

// TestYAMLAnchorsAtScale checks that a large legitimate programme sharing
// its defaults and speakers through anchors and merge keys still parses.
func TestYAMLAnchorsAtScale(t *testing.T) {
	const n = 10_000
	var b strings.Builder
	b.WriteString("defaults: &defaults\n  track: Cloud\n  room: Main Hall\n  type: talk\n  tags: [go, cloud, ops]\n" +
		"  speakers: [{name: Jane Doe, company: Acme}]\n")
	b.WriteString("jane: &jane {name: Jane Doe, company: Acme}\n")
	b.WriteString("sessions:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - <<: *defaults\n    id: s%d\n    title: Talk %d\n", i, i)
		if i%2 == 1 {
			b.WriteString("    speakers: [*jane, *jane]\n")
		}
	}
	res, err := Parse([]byte(b.String()), Options{Format: FormatYAML})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != n {
		t.Fatalf("%d sessions, want %d", len(res.Sessions), n)
	}
	last := res.Sessions[n-1]
	if last.Room != "Main Hall" || last.Track != "Cloud" || len(last.Tags) != 3 || len(last.Speakers) != 2 {
		t.Errorf("last session lost its merged defaults: %+v", last)
	}
}
