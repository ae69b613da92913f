package blocks_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/blockkit"
	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
)

// agendaItems is n items, the first overlapping the second, every third
// without a time, with hostile titles after the first few.
func agendaItems(t *testing.T, n int) []blocks.AgendaItem {
	hostile := hostileSession()
	var out []blocks.AgendaItem
	for i := range n {
		s := fullSession(t)
		s.ID = fmt.Sprintf("s%d", i)
		if i > 3 {
			s.Title, s.Room, s.URL = hostile.Title, hostile.Room, hostile.URL
		}
		if i%3 == 2 {
			s.Start, s.End = time.Time{}, time.Time{}
		}
		out = append(out, blocks.AgendaItem{Session: s, Overlaps: []string{"<!channel> *bold*", hostile.Title, "x", "y"}})
	}
	return out
}

func TestAgendaMessage(t *testing.T) {
	loc := brussels(t)
	for _, n := range []int{0, 1, 5, 40} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			m := blocks.Agenda(agendaItems(t, n), loc)
			checkMessage(t, m)
			raw := string(mustMarshal(t, m))
			switch {
			case n == 0 && !strings.Contains(raw, "no reminders yet"):
				t.Errorf("empty agenda: %s", raw)
			case n == 40 && !strings.Contains(raw, "…and 20 more"):
				t.Errorf("long agenda does not say how many more: %s", raw)
			case n > 0 && (!strings.Contains(raw, "overlaps with") || !strings.Contains(raw, blocks.ActionUnremind)):
				t.Errorf("no overlap warning or Cancel: %s", raw)
			}
		})
	}
}

func TestHomeWithinLimits(t *testing.T) {
	loc := brussels(t)
	var follows []string
	for i := range 25 {
		follows = append(follows, fmt.Sprintf("%s `%d` <@U1>", strings.Repeat("long ", 200), i))
	}
	newest := manySessions(t, 12)
	newest = append(newest, hostileSession(), bareSession())
	v := blocks.HomeView{Agenda: agendaItems(t, 40), Follows: follows, Newest: newest,
		Reminded: func(id string) bool { return id == newest[0].ID }}
	view := blocks.Home(v, loc)
	if err := blockkit.ValidateView(view); err != nil {
		t.Fatal(err)
	}
	if n := len(view.Blocks.BlockSet); n > blockkit.MaxViewBlocks {
		t.Errorf("home has %d blocks", n)
	}
	checkMarkup(t, view.Blocks.BlockSet)
	if err := blockkit.ValidateView(blocks.Home(blocks.HomeView{}, loc)); err != nil {
		t.Errorf("empty home: %v", err)
	}
}

func TestPersonalCard(t *testing.T) {
	loc := brussels(t)
	s := fullSession(t)
	plain := blocks.Card(s, blocks.Highlight{}, loc)
	for _, tt := range []struct {
		name      string
		s         session.Session
		opts      blocks.CardOptions
		want      []string
		blockID   string
		notWanted string
	}{
		{"plain", s, blocks.CardOptions{}, []string{blocks.ActionRemind}, "s:k8s-secrets", blocks.ActionUnremind},
		{"page key", s, blocks.CardOptions{PageKey: "abc"}, []string{blocks.ActionRemind}, "p:abc|s:k8s-secrets", "Reminder set"},
		{"reminded", s, blocks.CardOptions{Reminded: true, PageKey: "k"}, []string{"Reminder set", blocks.ActionUnremind, "Undo"}, "p:k|s:k8s-secrets", blocks.ActionRemind},
		{"reminded without a time", bareSession(), blocks.CardOptions{Reminded: true}, []string{"once it has one"}, "s:bare", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			card := blocks.PersonalCard(tt.s, blocks.Highlight{}, loc, tt.opts)
			checkMessage(t, blocks.Message{Text: "x", Blocks: card})
			raw := string(mustMarshal(t, card))
			for _, w := range tt.want {
				if !strings.Contains(raw, w) {
					t.Errorf("card lacks %q: %s", w, raw)
				}
			}
			if tt.notWanted != "" && strings.Contains(raw, tt.notWanted) {
				t.Errorf("card has %q: %s", tt.notWanted, raw)
			}
			if !strings.Contains(raw, `"block_id":"`+tt.blockID+`"`) {
				t.Errorf("card lacks block_id %s: %s", tt.blockID, raw)
			}
			if key := blocks.PageKey(tt.blockID); key != tt.opts.PageKey {
				t.Errorf("PageKey(%q) = %q, want %q", tt.blockID, key, tt.opts.PageKey)
			}
		})
	}
	if string(mustMarshal(t, plain)) != string(mustMarshal(t, blocks.PersonalCard(s, blocks.Highlight{}, loc, blocks.CardOptions{}))) {
		t.Error("Card and PersonalCard without options differ")
	}
}

func TestReminderAnswers(t *testing.T) {
	s := fullSession(t)
	hostile := hostileSession()
	hostile.Start = s.Start
	for _, tt := range []struct {
		name string
		msg  blocks.Message
		want string
	}{
		{"set", blocks.ReminderSet(s, "10 minutes", false), "I'll DM you 10 minutes before it starts"},
		{"existed", blocks.ReminderSet(s, "10 minutes", true), "already have a reminder"},
		{"no time", blocks.ReminderSet(bareSession(), "10 minutes", false), "once it has a time"},
		{"hostile", blocks.ReminderSet(hostile, "", false), "when it starts"},
		{"cancelled", blocks.ReminderCancelled(s, true), "Reminder cancelled"},
		{"none", blocks.ReminderCancelled(s, false), "no reminder"},
		{"follows", blocks.FollowList([]string{"rust", "<!here> `x`"}), blocks.ActionUnfollow},
		{"no follows", blocks.FollowList(nil), "follow nothing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkMessage(t, tt.msg)
			if raw := string(mustMarshal(t, tt.msg)); !strings.Contains(raw, tt.want) {
				t.Errorf("want %q in %s", tt.want, raw)
			}
		})
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
