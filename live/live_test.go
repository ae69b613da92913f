package live

import (
	"encoding/json"
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

const (
	mainHall  = "C0MAINHALL1"
	everyRoom = "C0EVERYROOM"
	lead      = 5 * time.Minute
)

var t0 = time.Date(2026, 11, 28, 8, 0, 0, 0, brussels)

func talk(id, room string, start time.Time) session.Session {
	return session.Session{ID: id, Title: "Talk " + id, Room: room, Start: start, End: start.Add(30 * time.Minute),
		Speakers: []session.Speaker{{Name: "Ada"}}}
}

// env is a store, a fake Slack on a settable clock and a Poster with Main
// Hall's own channel and one for every other room.
type env struct {
	t     *testing.T
	path  string
	st    *store.Store
	clock *fakeslack.Clock
	srv   *fakeslack.Server
	api   *slack.Client
	p     *Poster
}

func newEnv(t *testing.T) *env {
	e := &env{t: t, path: filepath.Join(t.TempDir(), "sessionbot.db"), clock: fakeslack.NewClock(t0)}
	e.srv = fakeslack.New(t, fakeslack.WithClock(e.clock))
	e.api = slack.New(fakeslack.BotToken, slack.OptionAPIURL(e.srv.APIURL()))
	e.open()
	return e
}

func (e *env) open() {
	st, err := store.Open(e.path, store.Options{})
	if err != nil {
		e.t.Fatal(err)
	}
	e.st = st
	e.t.Cleanup(func() { _ = st.Close() })
	rooms := func(room string) string {
		if room == "Main Hall" {
			return mainHall
		}
		return everyRoom
	}
	e.p = &Poster{Store: st, Sender: &delivery.Sender{API: e.api, Channels: st, Now: e.clock.Now}, Channel: rooms,
		Lead: lead, StreamURL: "https://stream.example.org/{room}", Location: brussels, Now: e.clock.Now}
}

func (e *env) restart() {
	if err := e.st.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.open()
}

func (e *env) programme(sessions ...session.Session) {
	if _, err := e.st.Apply(store.Commit{Sessions: sessions, Now: e.clock.Now()}); err != nil {
		e.t.Fatal(err)
	}
}

// at runs a round at now and returns when the next is due.
func (e *env) at(now time.Time) time.Time {
	e.t.Helper()
	e.clock.Set(now)
	next, err := e.p.Round(e.t.Context(), now)
	if err != nil {
		e.t.Fatal(err)
	}
	return next
}

// posts returns "channel: first line" of every room post.
func (e *env) posts() []string {
	var out []string
	for _, ch := range []string{mainHall, everyRoom} {
		for _, m := range e.srv.History(ch) {
			var blocks []struct {
				Text struct{ Text string } `json:"text"`
			}
			_ = json.Unmarshal(m.Blocks, &blocks)
			first, _, _ := strings.Cut(blocks[0].Text.Text, "\n")
			out = append(out, ch+": "+first)
		}
	}
	return out
}

func (e *env) wantPosts(want ...string) {
	e.t.Helper()
	if got := e.posts(); strings.Join(got, "|") != strings.Join(want, "|") {
		e.t.Errorf("posts %q, want %q", got, want)
	}
}

func TestRoomPostOnceAtStartMinusLead(t *testing.T) {
	e := newEnv(t)
	k := talk("k", "Main Hall", t0.Add(time.Hour))
	s := talk("s", "Room 2", t0.Add(2*time.Hour))
	e.programme(k, s)
	if next := e.at(t0); !next.Equal(k.Start.Add(-lead)) {
		t.Errorf("next round at %v, want %v", next, k.Start.Add(-lead))
	}
	e.at(k.Start.Add(-lead - time.Second))
	e.wantPosts()
	e.at(k.Start.Add(-lead))
	e.at(k.Start.Add(-lead + time.Minute))
	e.restart()
	e.at(k.Start.Add(-lead + 2*time.Minute))
	e.wantPosts(mainHall + ": Starting in 5 min · *Talk k*")
	e.at(s.Start.Add(-lead))
	e.wantPosts(mainHall+": Starting in 5 min · *Talk k*", everyRoom+": Starting in 5 min · *Talk s*")
	if c := e.srv.Calls("chat.postMessage"); len(c) != 2 || !strings.Contains(c[0].Param("metadata"), EventRoomPost) {
		t.Errorf("posts %d, metadata %s: want 2 with the room post's metadata", len(c), c[0].Param("metadata"))
	}
}

// TestRoomPostMovedAndCancelled: a moved session is posted for its new
// time, once; a cancelled one not at all.
func TestRoomPostMovedAndCancelled(t *testing.T) {
	e := newEnv(t)
	k := talk("k", "Main Hall", t0.Add(time.Hour))
	gone := talk("gone", "Main Hall", t0.Add(time.Hour))
	e.programme(k, gone)
	e.at(k.Start.Add(-lead))
	moved := k
	moved.Start, moved.End = k.Start.Add(time.Hour), k.End.Add(time.Hour)
	e.programme(moved)
	e.at(k.Start)
	e.at(moved.Start.Add(-lead))
	e.at(moved.Start.Add(-lead + time.Minute))
	e.wantPosts(mainHall+": Starting in 5 min · *Talk gone*", mainHall+": Starting in 5 min · *Talk k*", mainHall+": Starting in 5 min · *Talk k*")
	if n := len(e.srv.Calls("chat.postMessage")); n != 3 {
		t.Errorf("%d posts", n)
	}
	e2 := newEnv(t)
	e2.programme(gone)
	e2.programme(k) // gone cancelled before its time
	e2.at(gone.Start.Add(-lead))
	e2.wantPosts(mainHall + ": Starting in 5 min · *Talk k*")
}

// TestRoomPostFoundAfterCrash: a post that reached Slack but was never
// recorded sent (claimed, then the process died) is found in the channel
// and not posted again.
func TestRoomPostFoundAfterCrash(t *testing.T) {
	e := newEnv(t)
	k := talk("k", "Main Hall", t0.Add(time.Hour))
	e.programme(k)
	due := k.Start.Add(-lead)
	e.clock.Set(due)
	key := Key(k)
	if err := e.st.ClaimPost(key, due); err != nil {
		t.Fatal(err)
	}
	md, _ := json.Marshal(map[string]any{"event_type": EventRoomPost, "event_payload": map[string]any{"key": key}})
	e.srv.AddMessage(mainHall, "Starting in 5 min: Talk k", md)
	e.at(due.Add(time.Second))
	if n := len(e.srv.Calls("chat.postMessage")); n != 0 {
		t.Errorf("%d posts after the crash, want none", n)
	}
	if p, _, _ := e.st.Post(key); !p.Done() {
		t.Errorf("post %+v not recorded sent", p)
	}
}

// TestRoomPostMissed: a session whose start passed while the bot was down
// is not announced late.
func TestRoomPostMissed(t *testing.T) {
	e := newEnv(t)
	k := talk("k", "Main Hall", t0.Add(time.Hour))
	e.programme(k)
	e.at(k.Start.Add(time.Minute))
	e.wantPosts()
}
