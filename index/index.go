// Package index owns the full-text index of the sessions: the bleve mapping
// and analyzers, opening (and rebuilding) the on-disk index, keeping it in step
// with the catalogue, the grammar of the search box and the search itself,
// down to ranked hits with highlights.
package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrLocked is returned by Open when another process has the index open.
var ErrLocked = errors.New("index is in use by another process")

// ErrClosed is returned when the index is used after Close.
var ErrClosed = errors.New("index: closed")

// Internal keys: values stored beside the documents, in the same batches.
var (
	keyMapping   = []byte("sessionbot/mapping")
	keyCatalogue = []byte("sessionbot/catalogue")
	keyHashes    = []byte("sessionbot/hashes")
	keyVersion   = []byte("sessionbot/version") // the caller's name for the catalogue synced
)

// lockWait is how long Open waits for another process to let go of the index.
const lockWait = "2s"

// Options configure an Index.
type Options struct {
	// Location is the conference's time zone, used by day: filters. Nil means UTC.
	Location *time.Location
	// Languages are the languages (ISO 639-1 codes, see Languages) queries
	// are analysed in and sessions without a stated language are told apart
	// by. Empty means the programme's own languages, else English.
	Languages []string
	// Synonyms are the organiser's synonym groups, added to the built-in ones.
	Synonyms [][]string
}

// Index is the on-disk search index of the sessions. It is safe for concurrent
// use; writes are serialised.
type Index struct {
	bi       bleve.Index
	dir      string
	loc      *time.Location
	langs    []string
	synonyms *synonymTable
	filler   fillerSets
	stops    map[string]map[string]bool // stop words per language, for telling languages apart
	rebuilt  bool
	snapMu   sync.Mutex
	snap     *snapshot // guarded by snapMu
	scorers  sync.Pool // of *scorer: their per-document slices are reused
	postMu   sync.Mutex
	post     *postingsCache // the latest reader's, guarded by postMu
	mu       sync.Mutex     // held by writers: they read-modify-write the hash table
	life     sync.RWMutex   // read-held while the index is used, held by Close
	closed   bool           // guarded by life
}

// Open opens the index in dir, creating it when missing. An index that cannot
// be opened (corrupt files) or that was built with another mapping version is
// removed and created afresh; Rebuilt then reports true and the caller should
// refill it (Sync with the catalogue). Files in dir that are not bleve's are
// left alone.
func Open(dir string, opts Options) (*Index, error) {
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("index: open %s: not a directory", dir)
	}
	langs, err := checkLanguages(opts.Languages)
	if err != nil {
		return nil, err
	}
	bi, rebuilt, err := openOrCreate(dir)
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	ix := &Index{bi: bi, dir: dir, loc: loc, langs: langs, rebuilt: rebuilt, filler: newFillerSets()}
	if ix.stops, err = stopWords(); err != nil {
		_ = bi.Close()
		return nil, err
	}
	groups, err := ParseSynonyms(builtinSynonyms)
	if err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("index: built-in synonyms: %w", err)
	}
	ix.synonyms = newSynonymTable(append(groups, opts.Synonyms...), func(s string) []string { return ix.analyze(analyzerPlain, s) })
	if !rebuilt {
		go ix.warm()
	}
	return ix, nil
}

// warm builds the search snapshot of a reopened index in the background, so
// that the first search after a restart does not wait for it.
func (ix *Index) warm() {
	if ix.acquire() != nil {
		return
	}
	defer ix.release()
	_ = ix.refreshSnapshot() // a failure shows again, and is reported, at the first search
}

// checkLanguages validates language codes and drops repeats, keeping the
// order: the first is the language of sessions that cannot be told apart.
func checkLanguages(codes []string) ([]string, error) {
	var out []string
	for _, c := range codes {
		if _, ok := languageOf(c); !ok {
			return nil, fmt.Errorf("index: unsupported language %q (supported: %v)", c, Languages())
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// Rebuilt reports whether Open created the index afresh (it was missing,
// corrupt or built with an older mapping), so that it is empty and needs
// refilling from the catalogue.
func (ix *Index) Rebuilt() bool { return ix.rebuilt }

// Close releases the index once the searches and writes in progress are
// done. Using the index afterwards returns ErrClosed; closing it again does
// nothing.
func (ix *Index) Close() error {
	ix.life.Lock()
	defer ix.life.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	if err := ix.bi.Close(); err != nil {
		return fmt.Errorf("index: close %s: %w", ix.dir, err)
	}
	return nil
}

// acquire marks the index in use until release, or reports ErrClosed.
func (ix *Index) acquire() error {
	ix.life.RLock()
	if ix.closed {
		ix.life.RUnlock()
		return ErrClosed
	}
	return nil
}

func (ix *Index) release() { ix.life.RUnlock() }

// openOrCreate opens the index in dir, falling back to a fresh one. The bool
// reports a fresh index.
func openOrCreate(dir string) (bleve.Index, bool, error) {
	if !exists(filepath.Join(dir, "index_meta.json")) && !exists(filepath.Join(dir, "store")) {
		bi, err := create(dir)
		return bi, true, err
	}
	bi, err := openExisting(dir)
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, false, ErrLocked
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return nil, false, err // not damage: the files are fine, the process may not write them
	case err == nil && current(bi):
		return bi, false, nil
	case err == nil:
		if cerr := bi.Close(); cerr != nil {
			return nil, false, fmt.Errorf("close outdated index: %w", cerr)
		}
	}
	if err := clean(dir); err != nil {
		return nil, false, err
	}
	bi, err = create(dir)
	return bi, true, err
}

// openExisting opens a bleve index, turning a panic on damaged files into an
// error.
func openExisting(dir string) (bi bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			bi, err = nil, fmt.Errorf("damaged index: %v", r)
		}
	}()
	return bleve.OpenUsing(dir, map[string]any{"bolt_timeout": lockWait})
}

// current reports whether bi was built with this mapping version.
func current(bi bleve.Index) bool {
	v, err := bi.GetInternal(keyMapping)
	return err == nil && string(v) == mappingVersion
}

// create makes a new, empty index in dir stamped with the mapping version.
func create(dir string) (bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	bi, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, map[string]any{"bolt_timeout": lockWait})
	if err != nil {
		return nil, fmt.Errorf("create: %w", err)
	}
	if err := bi.SetInternal(keyMapping, []byte(mappingVersion)); err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("stamp mapping version: %w", err)
	}
	return bi, nil
}

// clean removes bleve's own files from dir and nothing else.
func clean(dir string) error {
	for _, name := range []string{"index_meta.json", "index_meta.json_temp", "store"} {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("remove damaged index: %w", err)
		}
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
