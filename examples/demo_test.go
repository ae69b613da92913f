package examples

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/session"
)

// TestEmbeddedIsTheFile: the binary's sample is the repository's file.
func TestEmbeddedIsTheFile(t *testing.T) {
	file, err := os.ReadFile("confirmed-sessions.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, ConfirmedSessions) {
		t.Fatal("ConfirmedSessions differs from confirmed-sessions.txt")
	}
}

// TestDemo reads the demo programme back as the bot will and checks that
// it has something for now, next, today, tomorrow and reminders, at every
// time of day.
func TestDemo(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	sample, err := session.Parse(ConfirmedSessions, session.Options{Format: session.FormatText})
	if err != nil {
		t.Fatal(err)
	}
	for _, clock := range []string{"09:07", "13:59", "23:50", "00:10"} {
		t.Run(clock, func(t *testing.T) {
			at, _ := time.ParseInLocation("2006-01-02 15:04", "2026-03-28 "+clock, loc) // the night the clocks go forward
			data, err := Demo(at, loc)
			if err != nil {
				t.Fatal(err)
			}
			res, err := session.Parse(data, session.Options{Format: session.FormatAuto, Location: loc})
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != session.FormatYAML || len(res.Sessions) != 9 || len(res.Warnings) != 0 {
				t.Fatalf("parsed as %s: %d sessions, warnings %v", res.Format, len(res.Sessions), res.Warnings)
			}
			var running, soon, tomorrow int
			y, m, d := at.Date()
			for i, s := range res.Sessions {
				if s.ID != sample.Sessions[i].ID || s.Title != sample.Sessions[i].Title {
					t.Errorf("session %d is %s %q, want the sample's %s", i, s.ID, s.Title, sample.Sessions[i].ID)
				}
				if s.Room == "" || s.End.Sub(s.Start) != talk {
					t.Errorf("%s: room %q, %v to %v", s.ID, s.Room, s.Start, s.End)
				}
				switch {
				case !s.Start.After(at) && s.End.After(at):
					running++
				case s.Start.After(at) && s.Start.Sub(at) <= time.Hour:
					soon++
				}
				if sy, sm, sd := s.Start.In(loc).Date(); sy == y && sm == m && sd == d+1 {
					tomorrow++
				}
			}
			if running != 1 || soon != 1 || tomorrow < 5 {
				t.Errorf("%d running, %d within the hour, %d tomorrow; want 1, 1, at least 5", running, soon, tomorrow)
			}
		})
	}
}
