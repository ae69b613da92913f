package programme

import "testing"

// TestRestartReadsNothing: after a restart with the catalogue the index
// already holds, Reindex neither reads the catalogue nor writes the index;
// when the catalogue changed while the index did not follow (a crash
// between the two), it refills the index.
func TestRestartReadsNothing(t *testing.T) {
	e := newEnv(t, nil)
	e.write(talks(1, 5)...)
	e.sync(t0, SyncOptions{})
	e.close()
	e.open()
	if st, err := e.syncer.Reindex(); err != nil || !st.Unchanged || e.ix.count() != 0 {
		t.Fatalf("Reindex after a restart = %+v, %v, %d index syncs; want unchanged and none", st, err, e.ix.count())
	}
	if err := e.ix.Delete("talk-01"); err != nil { // the index falls behind the store
		t.Fatal(err)
	}
	st, err := e.syncer.Reindex()
	if err != nil || st.Upserted != 1 || e.ix.count() != 1 {
		t.Errorf("Reindex with the index behind = %+v, %v, %d index syncs; want talk-01 indexed again", st, err, e.ix.count())
	}
}
