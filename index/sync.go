package index

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"

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
	if err := ix.acquire(); err != nil {
		return SyncStats{}, err
	}
	defer ix.release()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.syncLocked(sessions)
}

// syncLocked is Sync for a caller that holds the index and its write lock.
func (ix *Index) syncLocked(sessions []session.Session) (SyncStats, error) {
	langs := ix.sessionLanguages(sessions)
	want, byID, err := hashAll(sessions, langs)
	if err != nil {
		return SyncStats{}, err
	}
	sum := want.sum()
	if old, err := ix.bi.GetInternal(keyCatalogue); err == nil && bytes.Equal(old, sum) {
		return SyncStats{Unchanged: true}, nil
	}
	have, err := ix.loadHashes()
	if err != nil {
		return SyncStats{}, err
	}
	batch := ix.bi.NewBatch()
	var stats SyncStats
	for _, id := range want.ids() {
		if have[id] != want[id] {
			if err := indexInto(batch, byID[id], langs[id]); err != nil {
				return SyncStats{}, err
			}
			stats.Upserted++
		}
	}
	for id := range have {
		if _, ok := want[id]; !ok {
			batch.Delete(id)
			stats.Deleted++
		}
	}
	if err := ix.commit(batch, want); err != nil {
		return SyncStats{}, err
	}
	return stats, nil
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
