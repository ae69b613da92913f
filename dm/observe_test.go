package dm

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sessionbot/sessionbot/store"
)

// lateness records what the Postman and Ahead report.
type lateness struct {
	mu        sync.Mutex
	late      []time.Duration
	scheduled int
}

func (l *lateness) ReminderScheduled() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.scheduled++
}

func (l *lateness) ReminderSent(late time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.late = append(l.late, late)
}

// TestObserverLateness: a reminder posted on time is reported about 0 s
// late; one overdue when the postman starts, by how much it was overdue.
func TestObserverLateness(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st, err := store.Open(filepath.Join(t.TempDir(), "sessionbot.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		_, set := armKeynote(t, st)
		set("U1", time.Now().Add(-90*time.Second)) // overdue: the bot was down
		set("U2", time.Now().Add(time.Minute))
		obs := &lateness{}
		api := &memSlack{}
		pm := &Postman{Store: st, Sender: sender(st, api), Now: time.Now, Logger: testLogger(t), Observer: obs}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- pm.Run(ctx) }()
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		cancel()
		<-done
		obs.mu.Lock()
		defer obs.mu.Unlock()
		if len(obs.late) != 2 || obs.late[0] != 90*time.Second || obs.late[1] < 0 || obs.late[1] > time.Second {
			t.Errorf("lateness %v, want [1m30s ~0s]", obs.late)
		}
	})
}
