package index

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the tests need Europe/Brussels wherever they run

	"github.com/sessionbot/sessionbot/session"
)

// Test data: the seed is a conference's "confirmed sessions" page (9 talks,
// no times); FOSDEM 2025 is the frab XML export of fosdem.org (1,105 events).
const (
	seedFile   = "../session/testdata/confirmed-sessions.txt"
	fosdemFile = "../session/testdata/fosdem-2025_schedule.xml"
)

// programme is a real schedule the tests search.
type programme struct {
	file, format, zone string
}

func (p programme) location(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(p.zone)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// programmes are the fixtures by name: the seed, FOSDEM 2025, 36C3 (1,351
// events, 40 % German), two Sessionize exports and a pretalx one.
var programmes = map[string]programme{
	"seed":     {seedFile, session.FormatText, "UTC"},
	"fosdem":   {fosdemFile, session.FormatFrabXML, "Europe/Brussels"},
	"36c3":     {"../session/testdata/36c3_everything.schedule.xml", session.FormatFrabXML, "Europe/Berlin"},
	"scottish": {"../session/testdata/sessionize-all_scottish-summit-2026.json", session.FormatSessionize, "Europe/London"},
	"ndc":      {"../session/testdata/sessionize-gridsmart_ndc-oslo-2019.json", session.FormatSessionize, "Europe/Oslo"},
	"rc3":      {"../session/testdata/pretalx_rc3-channels-2020_schedule.json", session.FormatFrabJSON, "Europe/Berlin"},
}

// fixtureDir holds the indexes built once per test binary.
var fixtureDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "index-fixtures-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixtureDir = dir
	code := m.Run()
	fixtures.close()
	os.RemoveAll(dir)
	os.Exit(code)
}

func brussels(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

func loadSessions(tb testing.TB, path, format string) []session.Session {
	tb.Helper()
	return parseProgramme(tb, path, format, brussels(tb))
}

func parseProgramme(tb testing.TB, path, format string, loc *time.Location) []session.Session {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := session.Parse(data, session.Options{Format: format, Location: loc})
	if err != nil {
		tb.Fatalf("parse %s: %v", path, err)
	}
	return res.Sessions
}

// fixtureSet lazily builds the shared, read-only seed and FOSDEM indexes.
type fixtureSet struct {
	mu      sync.Mutex
	indexes map[string]*Index
}

var fixtures = &fixtureSet{indexes: map[string]*Index{}}

// get returns the index of the named data set, building it on first use.
// Tests must not write to it.
func (fs *fixtureSet) get(tb testing.TB, name string) *Index {
	tb.Helper()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if ix, ok := fs.indexes[name]; ok {
		return ix
	}
	p, ok := programmes[name]
	if !ok {
		tb.Fatalf("no fixture %q", name)
	}
	loc := p.location(tb)
	ss := parseProgramme(tb, p.file, p.format, loc)
	ix, err := Open(filepath.Join(fixtureDir, name), Options{Location: loc})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := ix.Sync(ss); err != nil {
		tb.Fatal(err)
	}
	fs.indexes[name] = ix
	return ix
}

func (fs *fixtureSet) close() {
	for _, ix := range fs.indexes {
		ix.Close()
	}
}
