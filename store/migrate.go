package store

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// schemaVersion is the store format this code reads and writes: the
// buckets, their keys and the shape of their values. Bump it with every
// change an older sessionbot would misread, and add the migration that
// upgrades the previous format to migrations.
const schemaVersion = 2

// ErrNewer is returned by Open and Inspect, wrapped with the path and both
// format versions, for a store written by a newer sessionbot: this one
// would misread it, so it leaves it alone.
var ErrNewer = errors.New("written by a newer sessionbot")

// ErrNotStore is returned by Inspect, wrapped with the path, for a whole
// bbolt file that is not a sessionbot store.
var ErrNotStore = errors.New("not a sessionbot store")

// migration upgrades a store from format to-1 to format to, inside the
// write transaction that opens it: a crash leaves the old format whole.
type migration struct {
	to   int
	name string // what it changes, for the log
	run  func(tx *bolt.Tx) error
}

// migrations is the ladder of format upgrades: migrations[i] turns format
// i+1 into i+2. A store of any older format climbs every rung up to
// schemaVersion in one transaction. testdata/ keeps a store written in each
// format (TestFormatFiles), which every later version must still open.
var migrations = []migration{
	{to: 2, name: "reminders to hand to Slack ahead of time: the to-schedule index", run: func(tx *bolt.Tx) error {
		// Format 2 added the to-schedule index, the unschedule queue and
		// the once-per-key posts; only the index has anything to fill: the
		// reminders already set, so that they too are handed to Slack.
		if _, err := tx.CreateBucketIfNotExists(bucketToSchedule); err != nil {
			return err
		}
		return fillToSchedule(tx)
	}},
}

// format is a store format: its version and the ladder up to it.
type format struct {
	version    int
	migrations []migration
}

// current is the format this code writes.
var current = format{version: schemaVersion, migrations: migrations}

// Upgrade is what Open did to a store of an older format: the format it
// found and the copy of it taken before migrating.
type Upgrade struct {
	From, To int
	Snapshot string // the file holding the store as it was; "" when no upgrade ran
}

// Upgraded reports the format upgrade Open ran, if any (From is zero when
// none did), so that the caller can log it.
func (s *Store) Upgraded() Upgrade { return s.upgraded }

// init brings the store to format f: a new store gets f's buckets and
// version; an older one is copied aside (snapshotBefore), then migrated and
// given any bucket it lacks, in one transaction; a newer one is refused.
func (s *Store) init(f format) error {
	var found int
	err := s.view(func(tx *bolt.Tx) (err error) {
		if found, err = readSchema(tx); err != nil {
			return fmt.Errorf("%s is %w", s.path, err)
		}
		return nil
	})
	switch {
	case err != nil:
		return err
	case found > f.version:
		return fmt.Errorf("%s is format %d, %w; this one reads formats up to %d", s.path, found, ErrNewer, f.version)
	case found > 0 && found < f.version:
		snap, err := s.snapshotBefore(found, f.version)
		if err != nil {
			return err
		}
		s.upgraded = Upgrade{From: found, To: f.version, Snapshot: snap}
	}
	return s.update(func(tx *bolt.Tx) error { return upgrade(tx, found, f) })
}

// readSchema returns the store's format version, 0 for a new file.
func readSchema(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	v := meta.Get(keySchema)
	if v == nil {
		return 0, nil
	}
	n, err := strconv.Atoi(string(v))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%w: format version %q unreadable", ErrDamaged, v)
	}
	return n, nil
}

// upgrade runs f's migrations above version from (none for a new store),
// then creates the buckets f's code expects and records f's version.
func upgrade(tx *bolt.Tx, from int, f format) error {
	if from > 0 {
		for _, m := range f.migrations {
			if m.to <= from || m.to > f.version {
				continue
			}
			if err := m.run(tx); err != nil {
				return fmt.Errorf("upgrade to format %d (%s): %w", m.to, m.name, err)
			}
		}
	}
	for _, name := range buckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(f.version)))
}

// buckets are the buckets of the current format.
var buckets = [][]byte{bucketSessions, bucketMeta, bucketOutbox,
	bucketReminders, bucketRemindersDue, bucketRemindersBySession,
	bucketFollows, bucketNotices, bucketDMChannels, bucketPending,
	bucketToSchedule, bucketUnschedule, bucketPosts}

// snapshotBefore copies the store, still in format from, to the file
// SnapshotName names, before it is upgraded to format to.
func (s *Store) snapshotBefore(from, to int) (string, error) {
	name := SnapshotName(s.path, from)
	err := s.view(func(tx *bolt.Tx) error {
		return writeAtomic(name, func(f *os.File) error {
			_, err := tx.WriteTo(f)
			return err
		})
	})
	if err != nil {
		return "", fmt.Errorf("copy %s aside before upgrading it from format %d to %d: %w", s.path, from, to, err)
	}
	return name, nil
}

// SnapshotName is where Open keeps a copy of the store at path, in format
// from, before upgrading it: sessionbot.db.format1.bak.
func SnapshotName(path string, from int) string {
	return fmt.Sprintf("%s.format%d.bak", path, from)
}
