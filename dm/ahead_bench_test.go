package dm

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/delivery"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// BenchmarkScheduledKeynote5000 is the keynote through Slack's queue, on
// the wall clock: 5,000 people set a reminder for one session; Ahead hands
// all of them to the fake Slack (chat.scheduleMessage, unpaced here), the
// Postman runs, and at the due second Slack posts them. It fails unless
// every one arrives exactly once within a second of its due time and the
// bot posts none itself; it reports the latest arrival after the due time
// and how fast the reminders were scheduled. One run waits for the due
// time (about a minute): use -benchtime=1x.
func BenchmarkScheduledKeynote5000(b *testing.B) {
	const users = 5000
	for b.Loop() {
		lag, sched := scheduledKeynote(b, users)
		b.ReportMetric(lag.Seconds()*1000, "max-lag-ms")
		b.ReportMetric(float64(users)/sched.Seconds(), "scheduled/s")
	}
}

// scheduledKeynote runs one keynote of n reminders and returns the latest
// arrival after the due time and how long scheduling took.
func scheduledKeynote(tb testing.TB, n int) (time.Duration, time.Duration) {
	dir := tb.TempDir()
	if shm, err := os.MkdirTemp("/dev/shm", "sessionbot-keynote-"); err == nil {
		dir = shm
		tb.Cleanup(func() { _ = os.RemoveAll(shm) })
	}
	st, err := store.Open(filepath.Join(dir, "sessionbot.db"), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	srv := fakeslack.New(tb)
	api := slack.New(fakeslack.BotToken, slack.OptionAPIURL(srv.APIURL()))
	start := time.Now().Add(lead + 40*time.Second).Truncate(time.Second)
	due := start.Add(-lead)
	s := session.Session{ID: "keynote", Title: "Keynote", Room: "Janson", Start: start, End: start.Add(time.Hour)}
	if _, err := st.Apply(store.Commit{Sessions: []session.Session{s}, Now: time.Now()}); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		r := store.Reminder{UserID: fmt.Sprintf("U%08d", i), SessionID: s.ID, Created: time.Now(), Start: start, Room: s.Room, Due: due}
		if _, _, err := st.SetReminder(r); err != nil {
			tb.Fatal(err)
		}
	}
	sender := &delivery.Sender{API: api, Channels: st}
	pm := &Postman{Store: st, Sender: sender, Location: brussels}
	ahead := &Ahead{Store: st, Slack: &delivery.Scheduler{API: api, Sender: sender}, Lead: 10 * time.Second, Location: brussels, Postman: pm.Wake}
	began := time.Now()
	for more := true; more; {
		if more, err = ahead.Round(tb.Context(), time.Now()); err != nil {
			tb.Fatal(err)
		}
	}
	sched := time.Since(began)
	if time.Now().After(due) {
		tb.Fatalf("scheduling took %v, past the due time", sched)
	}
	ctx, cancel := context.WithCancel(tb.Context())
	done := make(chan error)
	go func() { done <- pm.Run(ctx) }()
	time.Sleep(time.Until(due.Add(2 * time.Second)))
	lags := make([]time.Duration, 0, n)
	for i := range n {
		h := srv.History(fmt.Sprintf("U%08d", i))
		if len(h) != 1 || h[0].ScheduledID == "" {
			tb.Fatalf("user %d got %d DMs, want one from Slack's queue", i, len(h))
		}
		lags = append(lags, h[0].Posted.Sub(due))
	}
	for pending := true; pending; time.Sleep(100 * time.Millisecond) { // the Postman records them sent
		rs, err := st.DueReminders(time.Now(), 1)
		pending = err == nil && len(rs) > 0
	}
	cancel()
	<-done
	if c := srv.Calls("chat.postMessage"); len(c) != 0 {
		tb.Fatalf("the bot posted %d reminders itself", len(c))
	}
	worst := slices.Max(lags)
	if worst > time.Second || slices.Min(lags) < 0 {
		tb.Fatalf("arrivals from %v to %v after the due time, want within a second", slices.Min(lags), worst)
	}
	return worst, sched
}
