package programme

import "github.com/sessionbot/sessionbot/session"

// changeNotices lists the changes worth a "schedule changes" post:
// announced sessions that moved (time or room) and announced sessions that
// were removed (cancelled: New left zero).
func (s *Syncer) changeNotices(d session.Diff) ([]session.Change, error) {
	var out []session.Change
	for _, c := range d.Changed {
		if !moved(c.Fields) {
			continue
		}
		ok, err := s.announced(c.New.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, c)
		}
	}
	for _, r := range d.Removed {
		ok, err := s.announced(r.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, session.Change{Old: r})
		}
	}
	return out, nil
}

// moved reports whether a change touches when or where a session is.
func moved(fields []string) bool {
	for _, f := range fields {
		if f == "start" || f == "end" || f == "room" {
			return true
		}
	}
	return false
}

// announced reports whether the session was ever announced as new.
func (s *Syncer) announced(id string) (bool, error) {
	e, ok, err := s.Store.Known(id)
	if err != nil {
		return false, err
	}
	return ok && !e.Announced.IsZero(), nil
}
