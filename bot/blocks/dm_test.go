package blocks_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
)

func TestReminderDM(t *testing.T) {
	loc := brussels(t)
	full := fullSession(t)
	tests := []struct {
		name    string
		s       session.Session
		now     time.Time
		want    []string // in the first section
		buttons []string // action IDs
	}{
		{"before", full, full.Start.Add(-10 * time.Minute),
			[]string{"⏰ *Base64 is not encryption", "* starts <!date^1795856400^", "(in 10 minutes)", "📍 Main Hall", "Seth Vargo · Google"},
			[]string{blocks.ActionDetails, blocks.ActionCalendar}},
		{"long before", full, full.Start.Add(-65 * time.Minute), []string{"(in 1 hour 5 minutes)"}, nil},
		{"seconds before", full, full.Start.Add(-20 * time.Second), []string{"(in less than a minute)"}, nil},
		{"started", full, full.Start.Add(3 * time.Minute), []string{"* has started <!date^1795856400^"}, nil},
		{"at start", full, full.Start, []string{"has started"}, nil},
		{"bare", bareSession(), full.Start, []string{"*Lightning talks* starts soon"}, []string{}},
		{"hostile", withStart(hostileSession(), full.Start), full.Start.Add(-time.Hour), []string{"&lt;@U123&gt;", "(in 1 hour)"}, []string{blocks.ActionCalendar}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := blocks.ReminderDM(tt.s, tt.now, loc)
			checkMessage(t, m)
			text := m.Blocks[0].(*slack.SectionBlock).Text.Text
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text %q lacks %q", text, w)
				}
			}
			if tt.buttons != nil {
				if got := actionIDs(m); strings.Join(got, ",") != strings.Join(tt.buttons, ",") {
					t.Errorf("buttons %v, want %v", got, tt.buttons)
				}
			}
			if !strings.HasPrefix(m.Text, "Reminder: ") {
				t.Errorf("fallback %q", m.Text)
			}
		})
	}
}

func TestCalendarURL(t *testing.T) {
	full := fullSession(t)
	u, err := url.Parse(blocks.CalendarURL(full))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Host != "calendar.google.com" || u.Path != "/calendar/render" || q.Get("action") != "TEMPLATE" {
		t.Errorf("url %s", u)
	}
	for k, want := range map[string]string{
		"text":     full.Title,
		"dates":    "20261128T090000Z/20261128T094500Z",
		"location": "Main Hall",
	} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if d := q.Get("details"); !strings.HasPrefix(d, "Secrets are") || !strings.HasSuffix(d, full.URL) {
		t.Errorf("details %q", d)
	}
	noEnd := full
	noEnd.End = time.Time{}
	if got := blocks.CalendarURL(noEnd); !strings.Contains(got, "20261128T090000Z%2F20261128T100000Z") {
		t.Errorf("without an end: %s", got)
	}
	if got := blocks.CalendarURL(bareSession()); got != "" {
		t.Errorf("without a start: %q", got)
	}
	if got := blocks.CalendarURL(withStart(hostileSession(), full.Start)); len(got) > 3000 {
		t.Errorf("hostile URL is %d long", len(got))
	}
}

func TestScheduleNoticeDM(t *testing.T) {
	loc := brussels(t)
	full := fullSession(t)
	tests := []struct {
		kind    string
		s       session.Session
		want    string
		buttons int
	}{
		{blocks.NoticeScheduled, full, "* is now scheduled for <!date^1795856400^", 2},
		{blocks.NoticeMoved, full, "* moved to <!date^1795856400^", 2},
		{blocks.NoticeMoved, bareSession(), "* moved to a time to be announced.", 0},
		{blocks.NoticeCancelled, full, "* was removed from the programme. Your reminder is cancelled.", 0},
		{"odd", full, "* was updated: now <!date", 2},
		{blocks.NoticeMoved, withStart(hostileSession(), full.Start), "&lt;@U123&gt;", 1},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			m := blocks.ScheduleNoticeDM(tt.kind, tt.s, loc)
			checkMessage(t, m)
			text := m.Blocks[0].(*slack.SectionBlock).Text.Text
			if !strings.Contains(text, tt.want) {
				t.Errorf("text %q lacks %q", text, tt.want)
			}
			if got := len(actionIDs(m)); got != tt.buttons {
				t.Errorf("%d buttons, want %d", got, tt.buttons)
			}
		})
	}
	if text := blocks.ScheduleNoticeDM(blocks.NoticeMoved, full, loc).Blocks[0].(*slack.SectionBlock).Text.Text; !strings.Contains(text, ", Main Hall. Your reminder follows it.") {
		t.Errorf("moved: %q", text)
	}
}

func TestScheduleNoticesDM(t *testing.T) {
	loc := brussels(t)
	for _, tc := range []struct{ n, actions int }{{1, 1}, {3, 3}, {14, 10}} {
		m := blocks.ScheduleNoticesDM(blocks.NoticeMoved, manySessions(t, tc.n), loc)
		checkMessage(t, m)
		if got := countActions(m); got != tc.actions {
			t.Errorf("n=%d: %d action blocks, want %d", tc.n, got, tc.actions)
		}
		if c, ok := m.Blocks[len(m.Blocks)-1].(*slack.ContextBlock); (tc.n > 10) != ok {
			t.Errorf("n=%d: last block %T", tc.n, m.Blocks[len(m.Blocks)-1])
		} else if ok && c.ContextElements.Elements[0].(*slack.TextBlockObject).Text != "…and 4 more: `/session agenda`" {
			t.Errorf("n=%d: tail %+v", tc.n, c)
		}
	}
}

func TestFollowDM(t *testing.T) {
	loc := brussels(t)
	tests := []struct {
		name    string
		queries []string
		n       int
		intro   string
		cards   int
		tail    string
	}{
		{"one", []string{"rust"}, 1, "🔔 New sessions matching *rust*:", 1, ""},
		{"two queries", []string{"rust", "speaker:vargo"}, 3, "🔔 New sessions matching *rust*, *speaker:vargo*:", 3, ""},
		{"many", []string{"go"}, 17, "🔔 New sessions matching *go*:", 10, "…and 7 more: `/session new`"},
		{"hostile", []string{"<!channel> *x*", "a", "b", "c", "d", "e", ""}, 2, "🔔 New sessions matching &lt;!*channel&gt; ∗x*∗, *a*, *b*, *c*, *d* and 1 more:", 2, ""},
		{"no query", nil, 1, "🔔 New sessions you follow:", 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := blocks.FollowDM(tt.queries, manySessions(t, tt.n), loc)
			checkMessage(t, m)
			if intro := m.Blocks[0].(*slack.SectionBlock).Text.Text; intro != tt.intro {
				t.Errorf("intro %q, want %q", intro, tt.intro)
			}
			if got := countActions(m); got != tt.cards {
				t.Errorf("%d cards, want %d", got, tt.cards)
			}
			var tail string
			if c, ok := m.Blocks[len(m.Blocks)-1].(*slack.ContextBlock); ok {
				tail = c.ContextElements.Elements[0].(*slack.TextBlockObject).Text
			}
			if tail != tt.tail {
				t.Errorf("tail %q, want %q", tail, tt.tail)
			}
		})
	}
}

func TestDMGolden(t *testing.T) {
	loc := brussels(t)
	full := fullSession(t)
	tests := []struct {
		name string
		msg  blocks.Message
	}{
		{"dm_reminder", blocks.ReminderDM(full, full.Start.Add(-10*time.Minute), loc)},
		{"dm_reminder_started", blocks.ReminderDM(full, full.Start.Add(2*time.Minute), loc)},
		{"dm_moved", blocks.ScheduleNoticeDM(blocks.NoticeMoved, full, loc)},
		{"dm_follow", blocks.FollowDM([]string{"kubernetes"}, []session.Session{full}, loc)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkMessage(t, tt.msg)
			golden(t, tt.name, tt.msg)
		})
	}
}

func withStart(s session.Session, start time.Time) session.Session {
	s.Start, s.End = start, start.Add(45*time.Minute)
	return s
}

// actionIDs lists the action IDs of every element in m's actions blocks.
func actionIDs(m blocks.Message) []string {
	out := []string{}
	for _, b := range m.Blocks {
		if a, ok := b.(*slack.ActionBlock); ok {
			for _, el := range a.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok {
					out = append(out, btn.ActionID)
				}
			}
		}
	}
	return out
}

// TestLongLinks: a non-Latin abstract percent-encodes to several times its
// length and a session's URL may be longer than Slack takes; every link
// button still fits in Slack's 3000 characters, and the calendar link keeps
// as much of the abstract as fits.
func TestLongLinks(t *testing.T) {
	loc := brussels(t)
	tests := []struct {
		name, abstract, url string
		calendar, details   bool
	}{
		{"cyrillic", strings.Repeat("Привет мир ", 60), "https://example.com/s/1", true, true},
		{"cjk", strings.Repeat("会议日程安排", 120), "https://example.com/s/1", true, true},
		{"long url", "Short.", "https://example.com/" + strings.Repeat("a", 4000), true, false},
		{"near-limit url, cyrillic", strings.Repeat("Ж", 640), "https://example.com/" + strings.Repeat("б", 400), true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fullSession(t)
			s.Abstract, s.URL = tt.abstract, tt.url
			s.Title = strings.Repeat("Заголовок ", 20)
			s.Room = strings.Repeat("Зал ", 25)
			u := blocks.CalendarURL(s)
			if len(u) > 3000 {
				t.Errorf("calendar URL is %d long", len(u))
			}
			parsed, err := url.Parse(u)
			if err != nil {
				t.Fatal(err)
			}
			if d := parsed.Query().Get("details"); !strings.HasPrefix(d, tt.abstract[:6]) {
				t.Errorf("details %q lost the start of the abstract", d)
			}
			msgs := map[string]blocks.Message{
				"reminder": blocks.ReminderDM(s, s.Start.Add(-10*time.Minute), loc),
				"notice":   blocks.ScheduleNoticeDM(blocks.NoticeMoved, s, loc),
				"agenda":   blocks.Agenda([]blocks.AgendaItem{{Session: s}}, loc),
			}
			for name, m := range msgs {
				checkMessage(t, m)
				ids := strings.Join(actionIDs(m), ",")
				if strings.Contains(ids, blocks.ActionCalendar) != tt.calendar {
					t.Errorf("%s: buttons %s, calendar %v", name, ids, tt.calendar)
				}
				if name != "agenda" && strings.Contains(ids, blocks.ActionDetails) != tt.details {
					t.Errorf("%s: buttons %s, details %v", name, ids, tt.details)
				}
			}
		})
	}
}
