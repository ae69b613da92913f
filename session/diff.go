package session

import "sort"

// Change is a session present before and after, with the fields that differ.
type Change struct {
	Old, New Session
	Fields   []string
}

// Diff is what changed between two snapshots of a programme, matched by ID.
// Each list is sorted by ID.
type Diff struct {
	Added   []Session
	Changed []Change
	Removed []Session
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool {
	return len(d.Added) == 0 && len(d.Changed) == 0 && len(d.Removed) == 0
}

// Compare diffs two snapshots by session ID.
func Compare(old, new []Session) Diff {
	before := make(map[string]Session, len(old))
	for _, s := range old {
		before[s.ID] = s
	}
	var d Diff
	for _, s := range new {
		o, ok := before[s.ID]
		if !ok {
			d.Added = append(d.Added, s)
			continue
		}
		delete(before, s.ID)
		if fields := o.ChangedFields(s); len(fields) > 0 {
			d.Changed = append(d.Changed, Change{Old: o, New: s, Fields: fields})
		}
	}
	for _, s := range before {
		d.Removed = append(d.Removed, s)
	}
	sort.Slice(d.Added, func(i, j int) bool { return d.Added[i].ID < d.Added[j].ID })
	sort.Slice(d.Changed, func(i, j int) bool { return d.Changed[i].New.ID < d.Changed[j].New.ID })
	sort.Slice(d.Removed, func(i, j int) bool { return d.Removed[i].ID < d.Removed[j].ID })
	return d
}
