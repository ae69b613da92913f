package bot

import (
	"cmp"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/session"
)

// nextWindow is how far ahead "/session next" looks.
const nextWindow = time.Hour

// programmeTTL is how long a read of the whole programme is reused: reading
// it costs tens of milliseconds on a FOSDEM-sized index, and now, next and
// help may lag a sync by this much.
const programmeTTL = time.Minute

// programme caches the whole programme and the help examples drawn from it.
type programme struct {
	mu       sync.Mutex
	at       time.Time
	sessions []session.Session
	examples []string
}

// programme returns the sessions and help examples, read from the index at
// most once per programmeTTL.
func (b *Bot) programme() ([]session.Session, []string, error) {
	p := &b.prog
	p.mu.Lock()
	defer p.mu.Unlock()
	now := b.opts.Now()
	if p.sessions != nil && now.Sub(p.at) < programmeTTL && !now.Before(p.at) {
		return p.sessions, p.examples, nil
	}
	all, err := b.opts.Index.Sessions()
	if err != nil {
		return nil, nil, fmt.Errorf("bot: read programme: %w", err)
	}
	if all == nil {
		all = []session.Session{}
	}
	p.at, p.sessions, p.examples = now, all, examples(all)
	return p.sessions, p.examples, nil
}

// Messages about the programme as a whole.
const (
	programmeFailed = "Sorry, the programme could not be read just now. Please try again in a moment."
	noneNow         = "Nothing is running right now. Try `/session next` for what starts soon."
	noneNext        = "Nothing starts within the next hour. `/session help` shows how to search the programme."
)

// running lists the sessions under way at now.
func (b *Bot) running(log *slog.Logger, now time.Time) (blocks.Message, int) {
	return b.list(log, noneNow, "Running now", func(s session.Session) bool {
		return !s.Start.After(now) && now.Before(s.End)
	})
}

// upcoming lists the sessions starting within the next hour after now.
func (b *Bot) upcoming(log *slog.Logger, now time.Time) (blocks.Message, int) {
	return b.list(log, noneNext, "Starting within the hour", func(s session.Session) bool {
		return !s.Start.Before(now) && s.Start.Before(now.Add(nextWindow))
	})
}

// list renders the timed sessions keep holds for, by start time (blocks
// shows the first ten and counts the rest), or the notice none.
func (b *Bot) list(log *slog.Logger, none, title string, keep func(session.Session) bool) (blocks.Message, int) {
	all, _, err := b.programme()
	if err != nil {
		log.Error("reading the programme failed", slog.Any("error", err))
		return blocks.Notice(programmeFailed), 0
	}
	var picked []session.Session
	for _, s := range all {
		if !s.Start.IsZero() && !s.End.IsZero() && keep(s) {
			picked = append(picked, s)
		}
	}
	if len(picked) == 0 {
		return blocks.Notice(none), 0
	}
	slices.SortFunc(picked, func(a, c session.Session) int {
		return cmp.Or(a.Start.Compare(c.Start), cmp.Compare(a.Title, c.Title))
	})
	opts := blocks.CardOptions{Now: b.opts.Now(), StreamURL: b.opts.StreamURL}
	return blocks.SessionListWith(title, picked, b.opts.Location, opts), len(picked)
}

// help renders the help with examples taken from the live programme.
func (b *Bot) help(log *slog.Logger) blocks.Message {
	_, ex, err := b.programme()
	if err != nil {
		log.Error("reading the programme failed", slog.Any("error", err))
	}
	return blocks.Help(ex)
}

// examples picks searches that find something in this programme: the most
// common longer title word, the surname of the speaker with most sessions
// and the largest track. Ties go to the alphabetically first, so the help is
// the same every time for the same programme.
func examples(all []session.Session) []string {
	words, surnames, tracks := map[string]int{}, map[string]int{}, map[string]int{}
	for _, s := range all {
		for _, w := range strings.FieldsFunc(strings.ToLower(s.Title), notLetter) {
			if len([]rune(w)) >= 6 {
				words[w]++
			}
		}
		for _, sp := range s.Speakers {
			if f := strings.FieldsFunc(strings.ToLower(sp.Name), notLetter); len(f) > 1 {
				surnames[f[len(f)-1]]++
			}
		}
		if s.Track != "" {
			tracks[s.Track]++
		}
	}
	var out []string
	if w := top(words); w != "" {
		out = append(out, w)
	}
	if n := top(surnames); n != "" {
		out = append(out, "speaker:"+n)
	}
	if t := top(tracks); t != "" {
		out = append(out, "track:"+quoteIfSpaced(t))
	}
	return out
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// top returns the key with the highest count, the first in order on ties.
func top(counts map[string]int) string {
	best := ""
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if best == "" || counts[k] > counts[best] {
			best = k
		}
	}
	return best
}

func quoteIfSpaced(s string) string {
	if strings.ContainsAny(s, " \t") {
		return `"` + s + `"`
	}
	return s
}
