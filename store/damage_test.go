package store

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDamagedSessionPages damages the sessions bucket's own pages while
// leaving the root page intact, so Open succeeds and the damage is met
// later, inside a transaction: each call must return an error naming the
// file, not panic.
func TestDamagedSessionPages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessionbot.db")
	s := openT(t, path)
	ids := make([]string, 300)
	for i := range ids {
		ids[i] = fmt.Sprintf("session-%03d", i)
	}
	mustApply(t, s, Commit{Sessions: sessions(ids...), Now: t0})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n := damageDataPages(t, path); n == 0 {
		t.Fatal("found no sessions pages to damage")
	}

	s = openT(t, path)
	calls := []struct {
		name string
		call func() error
	}{
		{"Catalogue", func() error { _, err := s.Catalogue(); return err }},
		{"Known", func() error { _, _, err := s.Known("session-150"); return err }},
		{"Apply", func() error { _, err := s.Apply(Commit{Sessions: sessions("x"), Now: t0}); return err }},
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			t.Log(err)
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Errorf("got %v, want an error naming %s", err, path)
			}
		})
	}
}

// damageDataPages garbles every branch and leaf page except the root
// bucket's, and returns how many it garbled.
func damageDataPages(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := int(binary.LittleEndian.Uint32(data[16+8:])) // meta: header(16) magic version pageSize
	roots := map[uint64]bool{}
	for m := range 2 {
		roots[binary.LittleEndian.Uint64(data[m*page+16+16:])] = true // meta: ... flags, root bucket pgid
	}
	damaged := 0
	for id := 2; (id+1)*page <= len(data); id++ {
		off := id * page
		flags := binary.LittleEndian.Uint16(data[off+8:])
		if roots[uint64(id)] || flags&0x03 == 0 { // 0x01 branch, 0x02 leaf
			continue
		}
		for i := off + 16; i < off+page; i++ {
			data[i] = 0xff
		}
		binary.LittleEndian.PutUint16(data[off+8:], 0x7777) // no valid page type
		damaged++
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return damaged
}
