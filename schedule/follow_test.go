package schedule

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

func TestFollowAlerts(t *testing.T) {
	d := newDMEnv(t)
	d.syncAt(t0, talks(0, 3)...) // talk 0 is about the aardvark
	followed := t0.Add(time.Hour)
	for _, f := range []struct{ user, query string }{
		{alice, "penguin"}, {alice, "narwhal"}, {alice, "aardvark"}, {bob, "penguin"}, {bob, "koala"},
	} {
		if _, _, err := d.st.AddFollow(f.user, f.query, followed); err != nil {
			t.Fatal(err)
		}
	}

	// talk 15 and 31: penguin; 13: narwhal; 16: aardvark again; 4: elephant.
	next := t0.Add(2 * time.Hour)
	d.syncAt(next, append(talks(0, 4), talk(13), talk(15), talk(16), talk(31))...)
	d.round(next)
	a := d.dmsTo(alice)
	want(t, "alice", a, "🔔 New sessions matching *aardvark*, *narwhal*, *penguin*:")
	for _, id := range []string{"talk-13", "talk-15", "talk-16", "talk-31"} {
		if n := countRemind(t, d, alice, id); n != 1 {
			t.Errorf("alice's alert shows %s %d times, want once", id, n)
		}
	}
	if n := countRemind(t, d, alice, "talk-00"); n != 0 {
		t.Errorf("alice's alert shows talk-00, which was there before the follow")
	}
	want(t, "bob", d.dmsTo(bob), "🔔 New sessions matching *penguin*:")

	later := next.Add(10 * time.Minute)
	d.syncAt(later)                                                                                            // unchanged source
	d.syncAt(later.Add(time.Minute), append(talks(0, 4), talk(13), talk(15), talk(16), talk(31), talk(12))...) // koala is talk 10 and 26; 12 is meerkat
	d.round(later.Add(time.Minute))
	if n := len(d.dmsTo(alice)); n != 1 {
		t.Errorf("alice got %d DMs, want still 1", n)
	}
	if n := len(d.dmsTo(bob)); n != 1 {
		t.Errorf("bob got %d DMs, want still 1", n)
	}

	d.syncAt(later.Add(2*time.Minute), append(talks(0, 4), talk(10), talk(47))...) // koala; penguin again
	d.round(later.Add(2 * time.Minute))
	want(t, "bob", d.dmsTo(bob), "penguin", "🔔 New sessions matching *koala*, *penguin*:")
	want(t, "alice", d.dmsTo(alice), "", "🔔 New sessions matching *penguin*:")
}

// TestFollowNeedsCloseMatch: a follow alerts only about sessions that match
// it closely, not about the closest few of a search nothing matches well.
func TestFollowNeedsCloseMatch(t *testing.T) {
	d := newDMEnv(t)
	d.syncAt(t0, talks(0, 3)...)
	const loose = "penguin walrus" // no walrus in the programme
	for _, f := range []struct{ user, query string }{{alice, loose}, {bob, "penguin"}} {
		if _, _, err := d.st.AddFollow(f.user, f.query, t0); err != nil {
			t.Fatal(err)
		}
	}
	next := t0.Add(time.Hour)
	d.syncAt(next, append(talks(0, 3), talk(15))...) // talk 15: penguin
	res, err := d.ix.Search(t.Context(), index.ParseQuery(loose, next, brussels))
	if err != nil || !res.NoCloseMatch || len(res.Hits) == 0 {
		t.Fatalf("search %q = %d hits, no close match %v, %v; the test needs the closest few and no close match", loose, len(res.Hits), res.NoCloseMatch, err)
	}
	d.round(next)
	want(t, "bob", d.dmsTo(bob), "🔔 New sessions matching *penguin*:")
	want(t, "alice", d.dmsTo(alice)) // none
}

// countRemind counts the Remind me buttons for id in the DMs user got.
func countRemind(t *testing.T, d *dmEnv, user, id string) int {
	t.Helper()
	n := 0
	for _, c := range d.slack.Calls("chat.postMessage") {
		if toUser(c, user) {
			n += strings.Count(string(c.Blocks()), `"value":"`+id+`"`)
		}
	}
	return n
}

// crashAfterRetry is the store of a process that dies right after a
// RetryNotice: every later ClaimNotice fails.
type crashAfterRetry struct {
	*store.Store
	retried bool
}

func (c *crashAfterRetry) RetryNotice(id uint64, next time.Time, errText string, keepClaim bool) error {
	c.retried = true
	return c.Store.RetryNotice(id, next, errText, keepClaim)
}

func (c *crashAfterRetry) ClaimNotice(id uint64, now time.Time) error {
	if c.retried {
		return errors.New("process died")
	}
	return c.Store.ClaimNotice(id, now)
}

// TestNoticeClaimSurvivesCrash: a notice post that may have reached Slack
// stays claimed through its retry record, even if the process dies right
// after it, so the next try finds it in the history and never posts twice.
func TestNoticeClaimSurvivesCrash(t *testing.T) {
	d := newDMEnv(t)
	d.syncAt(t0, talks(0, 3)...)
	if _, _, err := d.st.AddFollow(alice, "penguin", t0); err != nil {
		t.Fatal(err)
	}
	next := t0.Add(time.Hour)
	d.syncAt(next, append(talks(0, 3), talk(15))...)
	d.wrap = func(api slackAPI) slackAPI { return postThenFail{api} }
	d.build()
	d.pm.Store = &crashAfterRetry{Store: d.st}
	d.clock.set(next)
	if _, err := d.pm.Round(t.Context(), next); err != nil {
		t.Fatalf("Round: %v", err)
	}
	ns, err := d.st.PendingNotices(0)
	if err != nil || len(ns) != 1 || ns[0].Claimed.IsZero() {
		t.Fatalf("after a lost answer and a crash: %+v, %v; want the notice claimed", ns, err)
	}
	d.wrap = nil
	d.restartDM()
	d.round(next.Add(time.Hour))
	want(t, "alice", d.dmsTo(alice), "🔔 New sessions matching *penguin*:")
}

// TestFollowBeyondFirstPage: a broad follow (filters only, sorted by time)
// with over a hundred matches still alerts about a new session that ranks
// last.
func TestFollowBeyondFirstPage(t *testing.T) {
	d := newDMEnv(t)
	var programme []session.Session
	for n := range 150 {
		s := talk(n)
		s.ID, s.Track = fmt.Sprintf("talk-%03d", n), "Cloud"
		programme = append(programme, s)
	}
	d.syncAt(t0, programme...)
	if _, _, err := d.st.AddFollow(alice, "track:cloud", t0); err != nil {
		t.Fatal(err)
	}
	last := talk(150)
	last.ID, last.Track = "talk-150", "Cloud"
	next := t0.Add(time.Hour)
	d.syncAt(next, append(programme, last)...)
	d.round(next)
	want(t, "alice", d.dmsTo(alice), "🔔 New sessions matching *track:cloud*:")
	if n := countRemind(t, d, alice, last.ID); n != 1 {
		t.Errorf("alert shows %s %d times, want once", last.ID, n)
	}
}
