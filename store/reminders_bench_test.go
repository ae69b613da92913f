package store

import (
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// fillReminders writes n reminders in one transaction, each armed for a
// session in a 50-minute window, so that due/n of them fall in the first
// slot of five minutes; the rest are spread over later slots.
// It writes 5,000 per transaction: bbolt splits nodes only at commit, so
// one huge transaction of scattered inserts is quadratic.
func fillReminders(b *testing.B, s *Store, n, due int) {
	b.Helper()
	const batch = 5_000
	for lo := 0; lo < n; lo += batch {
		err := s.update(func(tx *bolt.Tx) error {
			for i := lo; i < min(lo+batch, n); i++ {
				start := t0.Add(time.Duration(i%(n/due)) * 5 * time.Minute)
				r := rem(fmt.Sprintf("U%06d", i), fmt.Sprintf("sz-%05d", i%2000), start)
				if err := putReminder(tx, Reminder{}, false, r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDueReminders lists the 5,000 reminders due at once among 100,000.
func BenchmarkDueReminders(b *testing.B) {
	s := newStore(b)
	fillReminders(b, s, 100_000, 5_000)
	for b.Loop() {
		due, err := s.DueReminders(t0.Add(-lead), 0)
		if err != nil || len(due) != 5_000 {
			b.Fatalf("DueReminders: %d, %v", len(due), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkNextDue finds the earliest due time among 100,000 reminders.
func BenchmarkNextDue(b *testing.B) {
	s := newStore(b)
	fillReminders(b, s, 100_000, 5_000)
	for b.Loop() {
		if _, ok, err := s.NextDue(); err != nil || !ok {
			b.Fatalf("NextDue: %v, %v", ok, err)
		}
	}
}

// BenchmarkSetReminder sets a new reminder, one transaction (and one fsync)
// each, in a store already holding 100,000.
func BenchmarkSetReminder(b *testing.B) {
	s := newStore(b)
	fillReminders(b, s, 100_000, 5_000)
	i := 0
	for b.Loop() {
		if _, _, err := s.SetReminder(rem(fmt.Sprintf("V%06d", i), "sz-00001", t0)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRearm100k rearms 100,000 reminders against a 2,000-session
// catalogue in which nothing changed, as after every quiet sync.
func BenchmarkRearm100k(b *testing.B) {
	s := newStore(b)
	cat := catalogue10k(2000)
	for i := range cat {
		cat[i].Start, cat[i].End, cat[i].Room = time.Time{}, time.Time{}, "Main Hall"
	}
	mustApply(b, s, Commit{Sessions: cat, Now: t0})
	fillReminders(b, s, 100_000, 5_000)
	if _, err := s.Rearm(lead, t0.Add(-24*time.Hour)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if n, err := s.Rearm(lead, t0.Add(-24*time.Hour)); err != nil || len(n) != 0 {
			b.Fatalf("Rearm: %d notices, %v", len(n), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}
