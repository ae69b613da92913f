package schedule

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/programme"
)

// TestSyncJob syncs and posts in one run, and still posts what is queued
// when the sync fails.
func TestSyncJob(t *testing.T) {
	d := newDMEnv(t)
	d.write(talks(1, 2)...)
	job := d.job().Job("@every 1m")
	if err := job.Run(t.Context(), t0); err != nil {
		t.Fatal(err)
	}
	d.write(talks(1, 4)...)
	d.slack.FailNext("chat.postMessage", 1, fakeslack.Fault{Status: http.StatusInternalServerError})
	if err := job.Run(t.Context(), t0.Add(time.Minute)); err == nil {
		t.Fatal("post failed: no error")
	}
	d.writeRaw([]byte("\x00junk"))
	d.clock.set(t0.Add(time.Hour))
	if err := job.Run(t.Context(), t0.Add(time.Hour)); err == nil {
		t.Fatal("broken source: no error")
	}
	if diff := cmp.Diff([][]string{{"talk-03", "talk-04"}}, d.announced()); diff != "" {
		t.Errorf("announced (-want +got):\n%s", diff)
	}
}

// TestOutageKeepsProgramme: the organiser's page is broken for 20 minutes
// (three polls at the default 10 minutes) and lists one session of six.
// The programme stays, nobody is told a session was cancelled, and the
// admin gets one DM with an Accept button, then one when the page is back.
func TestOutageKeepsProgramme(t *testing.T) {
	d := newDMEnv(t)
	d.syncAt(t0, talks(1, 6)...)
	d.remind(alice, talk(3).ID, t0)
	d.remind(bob, talk(5).ID, t0)
	for i := 1; i <= 3; i++ {
		d.syncAt(t0.Add(time.Duration(i)*10*time.Minute), talk(1))
		d.round(t0.Add(time.Duration(i) * 10 * time.Minute))
	}
	if got := catalogueIDs(t, d.env); len(got) != 6 {
		t.Errorf("catalogue after the outage = %v, want all six", got)
	}
	want(t, "alice", d.dmsTo(alice))
	want(t, "bob", d.dmsTo(bob))
	want(t, "admin", d.dmsTo(admin), "1 sessions instead of 6")
	if held := d.slack.History(admin)[0]; !strings.Contains(string(held.Blocks), blocks.ActionAccept) {
		t.Errorf("the admin's DM has no Accept button: %s", held.Blocks)
	}

	d.syncAt(t0.Add(40*time.Minute), talks(1, 6)...)
	d.round(t0.Add(40 * time.Minute))
	want(t, "admin", d.dmsTo(admin), "1 sessions instead of 6", "was dropped: the source recovered")
	want(t, "alice", d.dmsTo(alice))
	d.round(talk(3).Start.Add(-lead))
	want(t, "alice", d.dmsTo(alice), "starts")
}

// TestAcceptedDropTellsUsers: once an admin accepts a held snapshot, the
// sessions it lacks are gone, and the people reminded of them are told,
// once; so is every admin, who accepted it.
func TestAcceptedDropTellsUsers(t *testing.T) {
	d := newDMEnv(t)
	d.syncAt(t0, talks(1, 6)...)
	d.remind(alice, talk(3).ID, t0)
	d.syncAt(t0.Add(10*time.Minute), talk(1))
	meta, err := d.st.Meta()
	if err != nil || meta.Held.Hash == "" {
		t.Fatalf("meta %+v, %v; want a held snapshot", meta.Held, err)
	}
	now := t0.Add(20 * time.Minute)
	d.clock.set(now)
	res := d.job().Run(t.Context(), now, programme.SyncOptions{Accept: meta.Held.Hash, By: admin})
	if res.Err() != nil || !res.Report.Accepted {
		t.Fatalf("accept: %+v", res)
	}
	d.round(now)
	d.round(now.Add(time.Minute))
	want(t, "alice", d.dmsTo(alice), "was removed from the programme")
	want(t, "admin", d.dmsTo(admin), "1 sessions instead of 6", "was accepted by <@"+admin+">")
}
