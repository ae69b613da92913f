package bot_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
)

// BenchmarkSimultaneous500 sends 500 /session commands at the same moment
// to a bot with a 20,000-session programme (FOSDEM's sessions recombined),
// as a keynote's audience might, and reports the slowest ack (Slack shows
// an error after 3 s) and how many were answered late ("working on it").
//
//	go test -run '^$' -bench Simultaneous500 -benchtime 3x ./bot/
func BenchmarkSimultaneous500(b *testing.B) {
	ix := bigIndex(b, 20_000)
	h := startBot(b, ix, duringFOSDEM(b))
	for b.Loop() {
		var wg sync.WaitGroup
		lat := make([]time.Duration, 500)
		late := make([]bool, 500)
		for i := range lat {
			wg.Go(func() {
				ack, err := h.srv.SlashCommand(testCtx(b), fakeslack.SlashCommand{Text: benchQueries[i%len(benchQueries)], UserID: fmt.Sprintf("U%08d", i)})
				if err != nil {
					b.Error(err)
					return
				}
				lat[i], late[i] = ack.Latency, strings.Contains(string(ack.Payload), "Working on it")
			})
		}
		wg.Wait()
		slices.Sort(lat)
		b.ReportMetric(lat[len(lat)-1].Seconds(), "slowest_ack_s")
		b.ReportMetric(lat[len(lat)/2].Seconds()*1000, "median_ack_ms")
		n := 0
		for _, l := range late {
			if l {
				n++
			}
		}
		b.ReportMetric(float64(n), "answered_late")
	}
}

// bigIndex builds an index of n sessions recombined from FOSDEM's.
func bigIndex(b *testing.B, n int) *index.Index {
	data, err := os.ReadFile(filepath.Join("..", "session", "testdata", fosdem))
	if err != nil {
		b.Fatal(err)
	}
	res, err := session.Parse(data, session.Options{Location: brussels(b)})
	if err != nil {
		b.Fatal(err)
	}
	base := res.Sessions
	r := rand.New(rand.NewPCG(20, 0))
	ss := make([]session.Session, n)
	for i := range ss {
		a, c := base[r.IntN(len(base))], base[r.IntN(len(base))]
		ss[i] = a
		ss[i].ID, ss[i].Title, ss[i].Abstract = fmt.Sprintf("big-%06d", i), a.Title+" "+c.Title, a.Abstract+"\n\n"+c.Abstract
	}
	ix, err := index.Open(b.TempDir(), index.Options{Location: brussels(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(ss); err != nil {
		b.Fatal(err)
	}
	return ix
}
