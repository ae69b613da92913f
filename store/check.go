package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// ErrDamaged is returned by Open, wrapped with the path and what is wrong,
// when the file is not a whole bbolt database: truncated, overwritten, or
// something else altogether. The file is left untouched.
var ErrDamaged = errors.New("damaged")

// The bbolt file format (go.etcd.io/bbolt, internal/common): every page
// starts with a 16-byte header (id uint64, flags uint16, count uint16,
// overflow uint32); pages 0 and 1 are meta pages, whose body is magic,
// version, page size and flags (uint32 each), the root bucket (root page id,
// sequence), the freelist page id, the high-water mark pgid (pages in use),
// the transaction id, then an FNV-64a checksum of everything before it.
// Integers are in the machine's byte order. bbolt maps the file and reads
// pages below pgid without checking that the file holds them: a truncated
// file faults (SIGBUS or SIGSEGV) instead of failing.
const (
	pageHeaderSize   = 16
	metaSize         = 64
	metaChecksumAt   = 56
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	freelistFlag     = 0x10
	noFreelist       = ^uint64(0)
	minPageSize      = 512
	maxPageSize      = 1 << 24 // bbolt looks for the second meta page no further
	metaProbeStart   = 1024    // bbolt's first guess for the page size when meta 0 is bad
	largeFreelistCnt = 0xFFFF  // count field value meaning "the count is the first element"
)

// meta is a bbolt meta page's body.
type meta struct {
	magic, version, pageSize uint32
	root, freelist, pgid     uint64
	txid, checksum           uint64
	sum                      uint64 // the checksum computed over the bytes read
}

// valid reports what bbolt's Meta.Validate checks: the marker, the format
// version and the checksum.
func (m meta) valid() bool {
	return m.magic == boltMagic && m.version == boltVersion && m.checksum == m.sum &&
		m.pageSize >= minPageSize && m.pageSize <= maxPageSize
}

// checkFile refuses a non-empty file that bbolt would reject or fault on:
// no valid meta page, or meta pages describing more pages than the file
// holds, or a freelist page that is not one. An empty file is a new
// database. It reads with ReadAt only, so a damaged file costs an error,
// never a fault.
func checkFile(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	if size == 0 {
		return nil
	}
	m, pageSize, err := currentMeta(f, size)
	if err != nil {
		return err
	}
	if size < 2*pageSize {
		return fmt.Errorf("%w: truncated to %d bytes, shorter than its two meta pages (%d bytes)", ErrDamaged, size, 2*pageSize)
	}
	if m.pgid > uint64(size/pageSize) {
		return fmt.Errorf("%w: truncated to %d bytes, its %d pages need %s", ErrDamaged, size, m.pgid, need(m.pgid, pageSize))
	}
	if m.pgid < 2 || m.root < 2 || m.root >= m.pgid {
		return fmt.Errorf("%w: the root page %d lies outside the %d pages in use", ErrDamaged, m.root, m.pgid)
	}
	if m.freelist == noFreelist {
		return nil
	}
	return checkFreelist(f, m, pageSize)
}

// need is the file size pgid pages take, for messages.
func need(pgid uint64, pageSize int64) string {
	if pgid > uint64(1<<62)/uint64(pageSize) {
		return "more than any disk holds"
	}
	return fmt.Sprintf("%d bytes", int64(pgid)*pageSize)
}

// currentMeta finds the meta page bbolt would use (the valid one with the
// highest transaction id) and the page size it gives, looking for the second
// meta page where bbolt looks when the first is bad.
func currentMeta(f *os.File, size int64) (meta, int64, error) {
	m0, err := readMeta(f, 0)
	if err != nil {
		return meta{}, 0, err
	}
	offsets := []int64{}
	if m0.valid() {
		offsets = append(offsets, int64(m0.pageSize))
	} else {
		for pos := int64(metaProbeStart); pos <= maxPageSize && pos < size-metaProbeStart; pos <<= 1 {
			offsets = append(offsets, pos)
		}
	}
	best := meta{}
	if m0.valid() {
		best = m0
	}
	for _, off := range offsets {
		m1, err := readMeta(f, off)
		if err != nil {
			return meta{}, 0, err
		}
		if m1.valid() && int64(m1.pageSize) == off && (!best.valid() || m1.txid > best.txid) {
			best = m1
			break
		}
	}
	if !best.valid() {
		return meta{}, 0, fmt.Errorf("%w: no valid bbolt meta page (not a sessionbot database, or its header is overwritten)", ErrDamaged)
	}
	return best, int64(best.pageSize), nil
}

// readMeta reads the meta page at off; bytes past the end of the file read
// as zeros, which no valid meta page has.
func readMeta(f *os.File, off int64) (meta, error) {
	var buf [pageHeaderSize + metaSize]byte
	if _, err := f.ReadAt(buf[:], off); err != nil && !errors.Is(err, io.EOF) {
		return meta{}, err
	}
	b := buf[pageHeaderSize:]
	ne := binary.NativeEndian
	h := fnv.New64a()
	h.Write(b[:metaChecksumAt])
	return meta{
		magic: ne.Uint32(b[0:]), version: ne.Uint32(b[4:]), pageSize: ne.Uint32(b[8:]),
		root: ne.Uint64(b[16:]), freelist: ne.Uint64(b[32:]), pgid: ne.Uint64(b[40:]),
		txid: ne.Uint64(b[48:]), checksum: ne.Uint64(b[metaChecksumAt:]), sum: h.Sum64(),
	}, nil
}

// checkFreelist checks that the freelist page bbolt reads first thing is a
// freelist page whose page IDs lie within the pages it spans and in use.
func checkFreelist(f *os.File, m meta, pageSize int64) error {
	if m.freelist < 2 || m.freelist >= m.pgid {
		return fmt.Errorf("%w: the freelist page %d lies outside the %d pages in use", ErrDamaged, m.freelist, m.pgid)
	}
	var buf [pageHeaderSize + 8]byte
	if _, err := f.ReadAt(buf[:], int64(m.freelist)*pageSize); err != nil {
		return err
	}
	ne := binary.NativeEndian
	flags, count, overflow := ne.Uint16(buf[8:]), uint64(ne.Uint16(buf[10:])), uint64(ne.Uint32(buf[12:]))
	if flags != freelistFlag {
		return fmt.Errorf("%w: page %d should be the freelist but is not", ErrDamaged, m.freelist)
	}
	if count == largeFreelistCnt {
		count = ne.Uint64(buf[pageHeaderSize:]) + 1
	}
	span := (overflow + 1) * uint64(pageSize)
	if m.freelist+overflow >= m.pgid || count > span/8 || pageHeaderSize+8*count > span {
		return fmt.Errorf("%w: the freelist page %d runs past the pages in use", ErrDamaged, m.freelist)
	}
	return nil
}
