package dm

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// memSlack is an in-memory Slack for tests under testing/synctest, where
// the fake Slack's real sockets cannot be used: it records each post with
// the (bubble's) time it was made.
type memSlack struct {
	mu    sync.Mutex
	posts []memPost
	fail  string // posts to this user, or their DM, fail unrecorded
}

type memPost struct {
	channel string
	at      time.Time
}

func (m *memSlack) OpenConversationContext(_ context.Context, p *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error) {
	ch := &slack.Channel{}
	ch.ID = "D" + p.Users[0]
	return ch, false, false, nil
}

func (m *memSlack) PostMessageContext(_ context.Context, channel string, _ ...slack.MsgOption) (string, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != "" && (channel == m.fail || channel == "D"+m.fail) {
		return "", "", slack.SlackErrorResponse{Err: "internal_error"}
	}
	m.posts = append(m.posts, memPost{channel, time.Now()})
	return channel, "1.0", nil
}

func (m *memSlack) GetConversationHistoryContext(context.Context, *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error) {
	return &slack.GetConversationHistoryResponse{}, nil
}

// sender is an unpaced Sender over api, caching DM channels in st.
func sender(st *store.Store, api *memSlack) *delivery.Sender {
	return &delivery.Sender{API: api, Channels: st, Now: time.Now}
}

func (m *memSlack) sent() []memPost {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]memPost(nil), m.posts...)
}

// TestRunWakesAtDue runs the Postman's loop on a fake clock: a reminder
// goes out at its due time to the second, not at the next minute, and a
// reminder set while the loop sleeps goes out on time thanks to Wake.
func TestRunWakesAtDue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st, err := store.Open(filepath.Join(t.TempDir(), "sessionbot.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		start := time.Now().Add(time.Hour + 17*time.Second) // not on a minute boundary
		s := session.Session{ID: "keynote", Title: "Keynote", Start: start, End: start.Add(time.Hour)}
		if _, err := st.Apply(store.Commit{Sessions: []session.Session{s}, Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
		set := func(user string, due time.Time) {
			r := store.Reminder{UserID: user, SessionID: s.ID, Created: time.Now(), Start: start, Due: due}
			if _, _, err := st.SetReminder(r); err != nil {
				t.Fatal(err)
			}
		}
		set("U1", start.Add(-lead))
		api := &memSlack{}
		pm := &Postman{Store: st, Sender: sender(st, api), Now: time.Now, Logger: testLogger(t)}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- pm.Run(ctx) }()

		time.Sleep(time.Until(start.Add(-lead)) - time.Second)
		synctest.Wait()
		if got := api.sent(); len(got) != 0 {
			t.Fatalf("sent %v a second before due", got)
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if got := api.sent(); len(got) != 1 || !onTime(got[0].at, start.Add(-lead)) {
			t.Fatalf("sent %v, want one post at %v", got, start.Add(-lead))
		}

		soon := time.Now().Add(20 * time.Second)
		set("U2", soon)
		pm.Wake()
		time.Sleep(21 * time.Second)
		synctest.Wait()
		if got := api.sent(); len(got) != 2 || !onTime(got[1].at, soon) {
			t.Fatalf("sent %v, want the second at %v", got, soon)
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
}

// armKeynote stores a session starting in an hour and returns it and a
// function that sets a reminder for it due at a given time.
func armKeynote(t *testing.T, st *store.Store) (session.Session, func(user string, due time.Time)) {
	start := time.Now().Add(time.Hour + 17*time.Second)
	s := session.Session{ID: "keynote", Title: "Keynote", Start: start, End: start.Add(time.Hour)}
	if _, err := st.Apply(store.Commit{Sessions: []session.Session{s}, Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return s, func(user string, due time.Time) {
		r := store.Reminder{UserID: user, SessionID: s.ID, Created: time.Now(), Start: start, Due: due}
		if _, _, err := st.SetReminder(r); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRunNotHeldByRetry: a reminder overdue and failing (waiting out its
// backoff) does not make the loop sleep past the next one's due time.
func TestRunNotHeldByRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st, err := store.Open(filepath.Join(t.TempDir(), "sessionbot.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		_, set := armKeynote(t, st)
		set("U1", time.Now().Add(-time.Minute))
		due := time.Now().Add(40 * time.Second)
		set("U2", due)
		api := &memSlack{fail: "U1"}
		pm := &Postman{Store: st, Sender: sender(st, api), Now: time.Now, Logger: testLogger(t)}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- pm.Run(ctx) }()

		time.Sleep(2 * time.Minute)
		synctest.Wait()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		if got := api.sent(); len(got) != 1 || got[0].channel != "U2" || !onTime(got[0].at, due) {
			t.Fatalf("sent %v, want U2's reminder at %v", got, due)
		}
	})
}

// TestBackoffPruned: a failed reminder that is re-armed (or cancelled)
// leaves no retry entry behind.
func TestBackoffPruned(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st, err := store.Open(filepath.Join(t.TempDir(), "sessionbot.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		s, set := armKeynote(t, st)
		set("U1", time.Now())
		pm := &Postman{Store: st, Sender: sender(st, &memSlack{fail: "U1"}), Now: time.Now, Logger: testLogger(t)}
		if _, err := pm.Round(t.Context(), time.Now()); err != nil {
			t.Fatal(err)
		}
		if len(pm.backoff) != 1 {
			t.Fatalf("backoff after a failure = %v, want one entry", pm.backoff)
		}
		err = st.UpdateReminder("U1", s.ID, func(r *store.Reminder) error { // re-armed: a new delivery
			r.Due, r.Claimed = s.Start.Add(-lead), time.Time{}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Hour)
		if _, err := pm.Round(t.Context(), time.Now()); err != nil {
			t.Fatal(err)
		}
		if len(pm.backoff) != 1 {
			t.Fatalf("backoff after the re-armed one failed = %v, want only its entry", pm.backoff)
		}
	})
}

// onTime reports whether at is due or within the pace's first slots after
// it (conversations.open, then the post).
func onTime(at, due time.Time) bool {
	return !at.Before(due) && at.Sub(due) < time.Second
}
