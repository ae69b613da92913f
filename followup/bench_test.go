package followup

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// BenchmarkFollowupsAfterSync: FOSDEM 2025 in the store and the index,
// 1,000 users with 20 follows each (words of the programme's titles), a
// sync that adds ten sessions; one op is the follow-ups' Run after it.
//
//	go test -run '^$' -bench FollowupsAfterSync -benchtime 5x ./followup/
func BenchmarkFollowupsAfterSync(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "session", "testdata", "fosdem-2025_schedule.xml"))
	if err != nil {
		b.Fatal(err)
	}
	res, err := session.Parse(data, session.Options{})
	if err != nil {
		b.Fatal(err)
	}
	all := res.Sessions
	dir := b.TempDir()
	st, err := store.Open(filepath.Join(dir, "sessionbot.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ix, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	base := all[:len(all)-10*b.N]
	sync := func(ss []session.Session, now time.Time) {
		if _, err := st.Apply(store.Commit{Sessions: ss, Now: now}); err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Sync(ss); err != nil {
			b.Fatal(err)
		}
	}
	sync(base, t0)
	for u := range 1000 {
		for k := range 20 {
			ws := strings.Fields(all[(u*20+k)*7919%len(all)].Title)
			q := strings.Join(ws[:min(len(ws), 1+k%3)], " ")
			if _, _, err := st.AddFollow(fmt.Sprintf("U%05d", u), q, t0); err != nil {
				b.Fatal(err)
			}
		}
	}
	f := &Followups{Store: st, Index: ix, Lead: 10 * time.Minute, Location: utc}
	if _, err := f.Run(b.Context(), t0); err != nil { // the first run: everything pending, all re-armed
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		now := t0.Add(time.Duration(i+1) * time.Hour)
		sync(all[:len(base)+10*(i+1)], now)
		b.StartTimer()
		if _, err := f.Run(b.Context(), now); err != nil {
			b.Fatal(err)
		}
	}
}
