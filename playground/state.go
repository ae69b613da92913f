package playground

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// pollWait is how long a state request waits for a change before
// answering with the state as it is.
const pollWait = 25 * time.Second

// maxShown bounds the messages shown per conversation: the latest.
const maxShown = 200

// state is everything the page shows, as JSON.
type state struct {
	Version       string          `json:"version"`
	Now           int64           `json:"now"`    // the bot's clock, Unix milliseconds
	Offset        int64           `json:"offset"` // how far it is ahead of the wall clock, milliseconds
	NextReminder  *int64          `json:"next_reminder"`
	Zone          string          `json:"zone"`
	User          string          `json:"user"`
	Source        string          `json:"source"`
	Conversations []conversation  `json:"conversations"`
	Home          json.RawMessage `json:"home"` // the Home tab's view; null until published
}

// conversation is a channel or the DM, with what the user sees in it.
type conversation struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Kind     string    `json:"kind"` // "channel" or "dm"
	Note     string    `json:"note,omitempty"`
	Messages []message `json:"messages"`
}

// message is one message as the user sees it.
type message struct {
	TS        string          `json:"ts"`
	Text      string          `json:"text"`
	Blocks    json.RawMessage `json:"blocks,omitempty"`
	Ephemeral bool            `json:"ephemeral,omitempty"`
	Command   string          `json:"command,omitempty"`
}

// serveState answers the state once it differs from the version the page
// has (since), or after pollWait.
func (p *Page) serveState(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), pollWait)
	defer cancel()
	p.waitChange(ctx, r.URL.Query().Get("since"))
	st, err := p.state()
	if err != nil {
		p.opts.Logger.Error("playground: state", slog.Any("error", err))
		http.Error(w, "the state could not be read; see the log", http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// version combines the fake Slack's version and the page's own.
func (p *Page) stateVersion() string {
	own, _ := p.own()
	return fmt.Sprintf("%d.%d", p.opts.Slack.Version(), own)
}

// waitChange waits until the version is not since, ctx ends or the page
// closes.
func (p *Page) waitChange(ctx context.Context, since string) {
	for p.stateVersion() == since && ctx.Err() == nil {
		_, ownChanged := p.own()
		wctx, cancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-ownChanged:
			case <-p.done:
			case <-wctx.Done():
			}
			cancel()
		}()
		_, _ = p.opts.Slack.WaitChange(wctx, p.opts.Slack.Version())
		cancel()
		select {
		case <-p.done:
			return
		default:
		}
	}
}

// state gathers what the page shows.
func (p *Page) state() (state, error) {
	now := p.opts.Clock.Now()
	st := state{
		Version: p.stateVersion(), Now: now.UnixMilli(), Offset: p.opts.Clock.Offset().Milliseconds(),
		Zone: p.opts.Location.String(), User: p.opts.User, Source: p.opts.Source,
	}
	due, ok, err := p.opts.NextReminder(now)
	if err != nil {
		return st, fmt.Errorf("next reminder: %w", err)
	}
	if ok {
		ms := due.UnixMilli()
		st.NextReminder = &ms
	}
	st.Conversations = append(st.Conversations, p.conversation(p.opts.Channel, "general", "channel"))
	if p.opts.Announce != "" {
		st.Conversations = append(st.Conversations, p.conversation(p.opts.Announce, "announcements", "channel"))
	}
	st.Conversations = append(st.Conversations, p.conversation(fakeslack.DMChannel(p.opts.User), "sessionbot", "dm"))
	if home, ok := p.opts.Slack.Home(p.opts.User); ok {
		st.Home = home
	}
	return st, nil
}

// conversation is channel's history merged with the user's ephemeral
// messages there, oldest first.
func (p *Page) conversation(channel, name, kind string) conversation {
	c := conversation{ID: channel, Name: name, Kind: kind, Messages: []message{}}
	for _, m := range p.opts.Slack.History(channel) {
		c.Messages = append(c.Messages, message{TS: m.TS, Text: m.Text, Blocks: m.Blocks})
	}
	for _, e := range p.opts.Slack.Ephemerals(channel, p.opts.User) {
		c.Messages = append(c.Messages, message{TS: e.TS, Text: e.Text, Blocks: e.Blocks, Ephemeral: true, Command: e.Command})
	}
	slices.SortStableFunc(c.Messages, func(a, b message) int { return cmp.Compare(micros(a.TS), micros(b.TS)) })
	if len(c.Messages) > maxShown {
		c.Messages = c.Messages[len(c.Messages)-maxShown:]
	}
	return c
}

// micros reads a message ts ("1700000000.000100") as microseconds.
func micros(ts string) int64 {
	sec, frac, _ := strings.Cut(ts, ".")
	s, _ := strconv.ParseInt(sec, 10, 64)
	f, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
	return s*1e6 + f
}

// isEphemeral reports whether ts in channel is one of the user's ephemeral
// messages.
func (p *Page) isEphemeral(channel, ts string) bool {
	return slices.ContainsFunc(p.opts.Slack.Ephemerals(channel, p.opts.User), func(e fakeslack.Ephemeral) bool { return e.TS == ts })
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
