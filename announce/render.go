package announce

import (
	"fmt"
	"log/slog"
	"slices"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
	"github.com/sessionbot/sessionbot/store"
)

// render builds an entry's message from what the store knows now, with the
// IDs of the new sessions it shows (only those count as announced). It
// reports false when nothing is left to announce: every session is gone or
// was announced since.
func (a *Announcer) render(o store.Outbox) (msg blocks.Message, shown []string, ok bool, err error) {
	switch o.Kind {
	case store.KindNew:
		sessions, err := a.announceable(o.SessionIDs)
		if err != nil || len(sessions) == 0 {
			return blocks.Message{}, nil, false, err
		}
		for _, s := range sessions {
			shown = append(shown, s.ID)
		}
		return blocks.Digest(sessions, a.Location), shown, true, nil
	case store.KindChanges:
		return blocks.Changes(o.Changes, a.Location), nil, len(o.Changes) > 0, nil
	}
	a.log().Warn("announce: unknown outbox entry dropped", slog.Uint64("outbox_id", o.ID), slog.String("kind", o.Kind))
	return blocks.Message{}, nil, false, nil
}

// announceable returns the sessions among ids that are current and never
// announced, in programme order.
func (a *Announcer) announceable(ids []string) ([]session.Session, error) {
	var out []session.Session
	for _, id := range ids {
		e, ok, err := a.Store.Known(id)
		if err != nil {
			return nil, fmt.Errorf("announce: %w", err)
		}
		if ok && e.Current() && e.Announced.IsZero() {
			out = append(out, e.Session)
		}
	}
	slices.SortStableFunc(out, session.ByStart)
	return out, nil
}
