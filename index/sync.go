package index

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/sessionbot/sessionbot/session"
)

// SyncStats says what a Sync did.
type SyncStats struct {
	// Unchanged is true when the catalogue was exactly the indexed one and
	// nothing was written.
	Unchanged bool
	// Upserted counts new and changed sessions that were (re)indexed.
	Upserted int
	// Deleted counts sessions removed because they were absent.
	Deleted int
}

// hashes maps a session ID to the hash of its content.
type hashes map[string]string

// Sync makes the index hold exactly sessions: new and changed ones are
// indexed, absent ones deleted, unchanged ones left alone. When the whole
// catalogue hashes as the last one synced, Sync returns at once. A later
// session with the same ID as an earlier one wins.
func (ix *Index) Sync(sessions []session.Session) (SyncStats, error) {
	return ix.SyncVersion(sessions, "")
}

// SyncVersion is Sync that also records version, the caller's name for
// this catalogue (the store's catalogue version): Version returns it until
// the index changes again, so a restart with the same catalogue can skip
// the sync without reading the catalogue at all.
func (ix *Index) SyncVersion(sessions []session.Session, version string) (SyncStats, error) {
	if err := ix.acquire(); err != nil {
		return SyncStats{}, err
	}
	defer ix.release()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.syncLocked(sessions, version)
}

// syncLocked is Sync for a caller that holds the index and its write lock.
func (ix *Index) syncLocked(sessions []session.Session, version string) (SyncStats, error) {
	langs := ix.sessionLanguages(sessions)
	want, byID, err := hashAll(sessions, langs)
	if err != nil {
		return SyncStats{}, err
	}
	sum := want.sum()
	if old, err := ix.bi.GetInternal(keyCatalogue); err == nil && bytes.Equal(old, sum) {
		if err := ix.bi.SetInternal(keyVersion, []byte(version)); err != nil {
			return SyncStats{}, fmt.Errorf("index: record version: %w", err)
		}
		return SyncStats{Unchanged: true}, nil
	}
	have, err := ix.loadHashes()
	if err != nil {
		return SyncStats{}, err
	}
	var stats SyncStats
	var upsert, remove []string
	for _, id := range want.ids() {
		if have[id] != want[id] {
			upsert = append(upsert, id)
		}
	}
	for id := range have {
		if _, ok := want[id]; !ok {
			remove = append(remove, id)
		}
	}
	stats.Upserted, stats.Deleted = len(upsert), len(remove)
	if err := ix.writeChunked(upsert, remove, byID, langs, have, want, version); err != nil {
		return SyncStats{}, err
	}
	return stats, nil
}

// batchSize is how many sessions one bleve batch holds: a batch is built in
// memory whole, so a programme of thousands is written a few at a time.
const batchSize = 300

// writeChunked indexes upsert and deletes remove in batches of batchSize.
// The first batch marks every session it will touch as unknown in the hash
// table and clears the catalogue hash; the last one records the new table
// and hash. A crash in between leaves an index that the next Sync repairs:
// nothing it wrote is taken for current.
func (ix *Index) writeChunked(upsert, remove []string, byID map[string]session.Session, langs map[string]string, have, want hashes, version string) error {
	pending := maps.Clone(have)
	for _, id := range upsert {
		pending[id] = ""
	}
	table, err := json.Marshal(pending)
	if err != nil {
		return fmt.Errorf("index: encode hashes: %w", err)
	}
	batch := ix.bi.NewBatch()
	batch.SetInternal(keyHashes, table)
	batch.DeleteInternal(keyCatalogue)
	batch.DeleteInternal(keyVersion)
	batches := 1
	for i, id := range upsert {
		if err := indexInto(batch, byID[id], langs[id]); err != nil {
			return err
		}
		if (i+1)%batchSize == 0 && i+1 < len(upsert)+len(remove) {
			if err := ix.bi.Batch(batch); err != nil {
				return fmt.Errorf("index: write %s: %w", ix.dir, err)
			}
			batch = ix.bi.NewBatch()
			batches++
		}
	}
	for _, id := range remove {
		batch.Delete(id)
	}
	batch.SetInternal(keyVersion, []byte(version))
	if err := ix.commit(batch, want); err != nil {
		return err
	}
	if batches > 1 {
		return ix.merge()
	}
	return nil
}

// merge makes the index one segment again after a sync of many batches:
// every term lookup of a search visits each segment, and a search of a
// freshly built 10,000-session index was twice as slow before it.
func (ix *Index) merge() error {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return fmt.Errorf("index: merge: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := s.ForceMerge(context.Background(), nil); err != nil {
		return fmt.Errorf("index: merge %s: %w", ix.dir, err)
	}
	return nil
}

// Upsert indexes sessions, replacing any indexed under the same IDs.
func (ix *Index) Upsert(sessions ...session.Session) error {
	langs := ix.sessionLanguages(sessions)
	return ix.edit(func(batch *bleve.Batch, have hashes) error {
		for _, s := range sessions {
			h, err := hashOf(s, langs[s.ID])
			if err != nil {
				return err
			}
			if err := indexInto(batch, s, langs[s.ID]); err != nil {
				return err
			}
			have[s.ID] = h
		}
		return nil
	})
}

// Delete removes the sessions with these IDs; unknown IDs are ignored.
func (ix *Index) Delete(ids ...string) error {
	return ix.edit(func(batch *bleve.Batch, have hashes) error {
		for _, id := range ids {
			batch.Delete(id)
			delete(have, id)
		}
		return nil
	})
}

// edit runs fill on a new batch and the per-session hashes under the write
// lock, then commits both.
func (ix *Index) edit(fill func(batch *bleve.Batch, have hashes) error) error {
	if err := ix.acquire(); err != nil {
		return err
	}
	defer ix.release()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	have, err := ix.loadHashes()
	if err != nil {
		return err
	}
	batch := ix.bi.NewBatch()
	if err := fill(batch, have); err != nil {
		return err
	}
	batch.DeleteInternal(keyVersion) // no longer the catalogue of any version
	return ix.commit(batch, have)
}

// commit writes batch together with the hash table and catalogue hash that
// describe the index after it, then builds the search snapshot of the new
// state, so that searches do not wait for it.
func (ix *Index) commit(batch *bleve.Batch, h hashes) error {
	table, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("index: encode hashes: %w", err)
	}
	batch.SetInternal(keyHashes, table)
	batch.SetInternal(keyCatalogue, h.sum())
	if err := ix.bi.Batch(batch); err != nil {
		return fmt.Errorf("index: write %s: %w", ix.dir, err)
	}
	return ix.refreshSnapshot()
}

// Version returns the version SyncVersion recorded, "" when the index has
// changed since (or never had one).
func (ix *Index) Version() (string, error) {
	if err := ix.acquire(); err != nil {
		return "", err
	}
	defer ix.release()
	v, err := ix.bi.GetInternal(keyVersion)
	if err != nil {
		return "", fmt.Errorf("index: read version: %w", err)
	}
	return string(v), nil
}

func (ix *Index) loadHashes() (hashes, error) {
	data, err := ix.bi.GetInternal(keyHashes)
	if err != nil {
		return nil, fmt.Errorf("index: read hashes: %w", err)
	}
	h := hashes{}
	if len(data) == 0 {
		return h, nil
	}
	if err := json.Unmarshal(data, &h); err != nil {
		return nil, fmt.Errorf("index: decode hashes: %w", err)
	}
	return h, nil
}

func indexInto(batch *bleve.Batch, s session.Session, lang string) error {
	if s.ID == "" {
		return fmt.Errorf("index: session %q has no ID", s.Title)
	}
	if err := batch.Index(s.ID, document(s, lang)); err != nil {
		return fmt.Errorf("index: session %s: %w", s.ID, err)
	}
	return nil
}

// hashAll hashes every session with its analysis language and keys them by ID.
func hashAll(sessions []session.Session, langs map[string]string) (hashes, map[string]session.Session, error) {
	h := make(hashes, len(sessions))
	byID := make(map[string]session.Session, len(sessions))
	for _, s := range sessions {
		if s.ID == "" {
			return nil, nil, fmt.Errorf("index: session %q has no ID", s.Title)
		}
		sum, err := hashOf(s, langs[s.ID])
		if err != nil {
			return nil, nil, err
		}
		h[s.ID], byID[s.ID] = sum, s
	}
	return h, byID, nil
}

// hashOf hashes the session's JSON form, which is what the index stores,
// and the language it is analysed in: a change of languages reindexes.
func hashOf(s session.Session, lang string) (string, error) {
	data, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("index: encode session %s: %w", s.ID, err)
	}
	sum := sha256.Sum256(append(append(data, 0), lang...))
	return hex.EncodeToString(sum[:16]), nil
}

func (h hashes) ids() []string {
	ids := make([]string, 0, len(h))
	for id := range h {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// sum hashes the whole table, in ID order.
func (h hashes) sum() []byte {
	d := sha256.New()
	for _, id := range h.ids() {
		fmt.Fprintf(d, "%s\x00%s\n", id, h[id])
	}
	return d.Sum(nil)
}
