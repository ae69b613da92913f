package programme

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/sessionbot/sessionbot/store"
)

// The drop guard keeps the last good catalogue when the source breaks: a
// snapshot that suddenly loses more than MaxDrop of the sessions is held
// back. Seeing it again never accepts it (a page broken for an hour looks
// the same at every poll); an admin does (the button in the DM about it,
// /session sync force, sessionbot sync -force), or, when the organiser set
// source.drop_hold, the same content persisting that long. The admins are
// told, once each, when a snapshot is held, accepted or dropped.

// verdict is the drop guard's judgement of a snapshot.
type verdict struct {
	hold     bool           // keep the catalogue; hold the snapshot back
	accepted bool           // a large drop is let through
	released bool           // a held snapshot is dropped: this one is fine
	notices  []store.Notice // what the admins are told when it is applied
}

// judge decides about a snapshot of count sessions against a catalogue of
// before, removed of which it lacks.
func (s *Syncer) judge(now time.Time, meta store.Meta, opts SyncOptions, snap snapshot, before, removed int) verdict {
	count := len(snap.parsed.Sessions)
	if !meta.Synced || before == 0 || float64(removed)/float64(before) <= s.maxDrop() {
		if meta.Held.Hash == "" {
			return verdict{}
		}
		return verdict{released: true, notices: s.released(now, meta.Held, count)}
	}
	attrs := []any{slog.Int("catalogue", before), slog.Int("removed", removed), slog.String("hash", short(snap.hash))}
	held := meta.Held.Hash == snap.hash
	switch {
	case opts.Force || (opts.Accept != "" && opts.Accept == snap.hash):
		s.log().Warn("sync: large drop accepted by an admin", append(attrs, slog.String("by", opts.By))...)
		text := fmt.Sprintf("The programme update that lists %d sessions instead of %d was accepted by %s.",
			count, before, byWhom(opts.By))
		return verdict{accepted: true, notices: s.adminNotices(now, text, "", opts.By)}
	case held && s.Source.DropHold > 0 && now.Sub(meta.Held.FirstSeen) >= s.Source.DropHold:
		s.log().Warn("sync: large drop accepted: unchanged for source.drop_hold", append(attrs, slog.Duration("drop_hold", s.Source.DropHold))...)
		text := fmt.Sprintf("The programme update that lists %d sessions instead of %d was accepted: "+
			"the source showed it unchanged for %s (source.drop_hold).", count, before, s.Source.DropHold)
		return verdict{accepted: true, notices: s.adminNotices(now, text, "", "")}
	}
	return verdict{hold: true}
}

// hold records a held snapshot and, the first time it is seen, tells the
// admins. The validators are left alone, so the next fetch reads the
// source again.
func (s *Syncer) hold(now time.Time, meta store.Meta, snap snapshot, before int) error {
	count := len(snap.parsed.Sessions)
	if meta.Held.Hash == snap.hash {
		s.log().Info("sync: snapshot still held", slog.Int("sessions", count), slog.Int("catalogue", before),
			slog.String("hash", short(snap.hash)), slog.Time("held_since", meta.Held.FirstSeen))
		return s.record(func(m *store.Meta) { m.LastAttempt = now })
	}
	text := s.holdText(count, before)
	s.log().Warn("sync: snapshot held", slog.Int("sessions", count), slog.Int("catalogue", before), slog.String("hash", short(snap.hash)))
	return s.record(func(m *store.Meta) {
		m.LastAttempt, m.LastError = now, "held: "+text
		m.Held = store.Hold{Hash: snap.hash, Count: count, Previous: before, FirstSeen: now}
	}, s.adminNotices(now, text, snap.hash, "")...)
}

// holdText is what the admins are told about a held snapshot.
func (s *Syncer) holdText(count, before int) string {
	text := fmt.Sprintf("The programme source now lists %d sessions instead of %d, losing more than %.0f%% of the programme. "+
		"This looks like a broken page, so sessionbot keeps the programme it has and holds the update back. "+
		"If the programme really shrank, accept the update with the button below (or `/session sync force`, "+
		"or `sessionbot sync -force` with the bot stopped). "+
		"If the source recovers, the held update is dropped.", count, before, s.maxDrop()*100)
	if s.Source.DropHold > 0 {
		text += fmt.Sprintf(" It is accepted by itself once the source shows it unchanged for %s (source.drop_hold).", s.Source.DropHold)
	}
	return text
}

// released returns the admins' notices about a held snapshot that is
// dropped because the source now lists count sessions that are fine.
func (s *Syncer) released(now time.Time, held store.Hold, count int) []store.Notice {
	s.log().Info("sync: held snapshot dropped: the source recovered", slog.String("hash", short(held.Hash)), slog.Int("sessions", count))
	text := fmt.Sprintf("The held programme update (%d sessions instead of %d) was dropped: the source recovered and lists %d sessions.",
		held.Count, held.Previous, count)
	return s.adminNotices(now, text, "", "")
}

// byWhom names who accepted a drop in a notice: an admin, or the command
// line.
func byWhom(user string) string {
	if user == "" {
		return "`sessionbot sync -force` on the command line"
	}
	return store.ActorMention
}

func (s *Syncer) maxDrop() float64 {
	if s.Source.MaxDrop <= 0 {
		return DefaultMaxDrop
	}
	return s.Source.MaxDrop
}

// short abbreviates a content hash for logs.
func short(hash string) string { return hash[:min(len(hash), 12)] }
