package digest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

var brussels, _ = time.LoadLocation("Europe/Brussels")

const announce = "C0ANNOUNCE1"

func talk(id string, start time.Time) session.Session {
	return session.Session{ID: id, Title: "Talk " + id, Track: "Rust", Room: "Main Hall", Start: start, End: start.Add(30 * time.Minute)}
}

// TestDigestOncePerProgrammeDay: one "Today at …" per day that has
// sessions, whatever the number of runs and restarts; none on a day
// without sessions.
func TestDigestOncePerProgrammeDay(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	sat := time.Date(2026, 11, 28, 8, 0, 0, 0, brussels)
	sun := sat.Add(24 * time.Hour)
	clock := fakeslack.NewClock(sat)
	srv := fakeslack.New(t, fakeslack.WithClock(clock))
	api := slack.New(fakeslack.BotToken, slack.OptionAPIURL(srv.APIURL()))
	open := func() (*store.Store, *Job) {
		st, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return st, &Job{Store: st, Sender: &delivery.Sender{API: api, Channels: st, Now: clock.Now}, Channel: announce,
			Conference: "DevConf", Hour: 8, Location: brussels}
	}
	st, job := open()
	if _, err := st.Apply(store.Commit{Sessions: []session.Session{talk("a", sat.Add(time.Hour)), talk("b", sat.Add(2*time.Hour)),
		talk("c", sun.Add(time.Hour)), talk("tba", time.Time{})}, Now: sat}); err != nil {
		t.Fatal(err)
	}
	for _, now := range []time.Time{sat.Add(-time.Minute), sat, sat.Add(time.Minute)} {
		clock.Set(now)
		if err := job.Run(t.Context(), now); err != nil {
			t.Fatal(err)
		}
	}
	_ = st.Close()
	st, job = open()
	defer st.Close()
	for _, now := range []time.Time{sat.Add(time.Hour), sun.Add(2 * time.Hour), sun.Add(24 * time.Hour)} {
		clock.Set(now)
		if err := job.Run(t.Context(), now); err != nil {
			t.Fatal(err)
		}
	}
	h := srv.History(announce)
	if len(h) != 1 {
		t.Fatalf("%d digests, want one for Saturday (Sunday's last session had started when the bot ran): %v", len(h), h)
	}
	if !strings.Contains(h[0].Text, "Today at DevConf: 2 sessions") || h[0].TS[:10] != fmt.Sprint(sat.Unix()) {
		t.Errorf("digest %v, want Saturday's at 08:00", h[0])
	}
	clock.Set(sun.Add(30 * time.Minute)) // a bot started late catches up
	if err := job.Run(t.Context(), sun.Add(30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if h := srv.History(announce); len(h) != 2 || !strings.Contains(h[1].Text, "Today at DevConf: 1 session") {
		t.Errorf("after a late start on Sunday: %v", h)
	}
}

func TestSpec(t *testing.T) {
	if got := Spec(8, 30); got != "30 8 * * *" {
		t.Errorf("Spec = %q", got)
	}
}
