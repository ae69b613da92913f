package examples

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/sessionbot/sessionbot/session"
)

// talk is how long each demo session lasts.
const talk = 45 * time.Minute

// rooms are the demo's rooms, taken in turn.
var rooms = []string{"Main Hall", "Room B", "Room C"}

// Demo returns the sample programme as a native YAML file with the nine
// sessions scheduled around now in loc, so that every part of the bot has
// something to show: one session under way (/session now), one starting in
// half an hour (/session next, and a reminder due soon), two later today,
// and five tomorrow morning and early afternoon (day:tomorrow). Times are on
// whole five minutes; sessions keep the IDs the text page gives them.
func Demo(now time.Time, loc *time.Location) ([]byte, error) {
	res, err := session.Parse(ConfirmedSessions, session.Options{Format: session.FormatText, Location: loc})
	if err != nil {
		return nil, fmt.Errorf("examples: the sample programme: %w", err)
	}
	starts := demoStarts(now, loc)
	if len(res.Sessions) != len(starts) {
		return nil, fmt.Errorf("examples: the sample programme has %d sessions, want %d", len(res.Sessions), len(starts))
	}
	demo := make([]demoSession, len(res.Sessions))
	for i, s := range res.Sessions {
		demo[i] = demoSession{ID: s.ID, Title: s.Title, Speakers: s.Speakers, Room: rooms[i%len(rooms)],
			Start: starts[i], End: starts[i].Add(talk), Abstract: s.Abstract}
	}
	out, err := yaml.Marshal(struct {
		Sessions []demoSession `yaml:"sessions"`
	}{demo})
	if err != nil {
		return nil, fmt.Errorf("examples: demo programme: %w", err)
	}
	return append([]byte(demoHeader), out...), nil
}

// demoSession is a session as the demo file writes it: in the native
// format, the short fields first, so the file is easy to edit by hand.
type demoSession struct {
	ID       string            `yaml:"id"`
	Title    string            `yaml:"title"`
	Speakers []session.Speaker `yaml:"speakers"`
	Room     string            `yaml:"room"`
	Start    time.Time         `yaml:"start"`
	End      time.Time         `yaml:"end"`
	Abstract string            `yaml:"abstract"`
}

// demoHeader opens the demo file, which people edit to see what a sync
// announces.
const demoHeader = `# sessionbot try -demo: the sample programme, scheduled around the time
# the playground started. Edit it (add a session, move one) and press
# "Sync now" to see what the bot would announce.
`

// demoStarts are the nine start times: today's relative to now, tomorrow's
// at fixed hours of the day in loc.
func demoStarts(now time.Time, loc *time.Location) []time.Time {
	base := now.In(loc).Truncate(5 * time.Minute)
	y, m, d := base.Date()
	tomorrow := func(h, min int) time.Time { return time.Date(y, m, d+1, h, min, 0, 0, loc) }
	return []time.Time{
		base.Add(-20 * time.Minute), // under way
		base.Add(30 * time.Minute),  // next
		base.Add(90 * time.Minute),
		base.Add(3 * time.Hour),
		tomorrow(9, 0), tomorrow(10, 0), tomorrow(11, 0), tomorrow(13, 30), tomorrow(14, 30),
	}
}
