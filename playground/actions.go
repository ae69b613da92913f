package playground

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// Bounds of what the page asks for.
const (
	maxRequest  = 64 << 10            // a request body
	sendTimeout = 10 * time.Second    // waiting for the bot's ack
	maxJump     = 14 * 24 * time.Hour // one move of the clock
	// reminderMargin is how long before the next reminder a jump lands.
	reminderMargin = time.Minute
)

// command is the only slash command the app declares (manifest.yaml);
// Slack sends no other to it.
const command = "/session"

// answer is the reply to a control: a line to show, or an error.
type answer struct {
	Message string `json:"message,omitempty"`
	Error   string `json:"error,omitempty"`
}

// decode reads a JSON request body into v.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequest)).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, answer{Error: "bad request: " + err.Error()})
		return false
	}
	return true
}

// serveCommand sends what the user typed as a slash command, the way Slack
// does: only the app's own command reaches it.
func (p *Page) serveCommand(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Channel string `json:"channel"`
		Text    string `json:"text"`
	}
	if !decode(w, r, &req) || !p.known(w, req.Channel) {
		return
	}
	name, text, _ := strings.Cut(strings.TrimSpace(req.Text), " ")
	if name != command {
		writeJSON(w, http.StatusBadRequest, answer{Error: fmt.Sprintf("%s is not a valid command. This app has %s.", name, command)})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), sendTimeout)
	defer cancel()
	_, err := p.opts.Slack.SlashCommand(ctx, fakeslack.SlashCommand{Command: name, Text: strings.TrimSpace(text),
		UserID: p.opts.User, ChannelID: req.Channel})
	p.sent(w, err)
}

// serveAction sends a button click as a block_actions interaction: on a
// message (ephemeral or not) or in the Home tab.
func (p *Page) serveAction(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Channel  string `json:"channel"`
		TS       string `json:"ts"`
		View     string `json:"view"`
		ActionID string `json:"action_id"`
		BlockID  string `json:"block_id"`
		Value    string `json:"value"`
		Type     string `json:"type"`
	}
	if !decode(w, r, &req) {
		return
	}
	a := fakeslack.Action{UserID: p.opts.User, ActionID: req.ActionID, BlockID: req.BlockID, Value: req.Value, Type: req.Type}
	if req.View != "" {
		a.ViewID = req.View
	} else {
		if !p.known(w, req.Channel) {
			return
		}
		a.ChannelID, a.MessageTS, a.Ephemeral = req.Channel, req.TS, p.isEphemeral(req.Channel, req.TS)
	}
	ctx, cancel := context.WithTimeout(r.Context(), sendTimeout)
	defer cancel()
	_, err := p.opts.Slack.Interaction(ctx, p.opts.Slack.BlockActions(a))
	p.sent(w, err)
}

// serveHome tells the bot the user opened the Home tab, as Slack does
// each time.
func (p *Page) serveHome(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), sendTimeout)
	defer cancel()
	_, err := p.opts.Slack.Event(ctx, fakeslack.AppHomeOpened(p.opts.User))
	p.sent(w, err)
}

// known reports whether channel is one the page shows, answering the
// request when it is not.
func (p *Page) known(w http.ResponseWriter, channel string) bool {
	if channel == p.opts.Channel || channel == fakeslack.DMChannel(p.opts.User) || channel != "" && channel == p.opts.Announce {
		return true
	}
	writeJSON(w, http.StatusBadRequest, answer{Error: fmt.Sprintf("unknown channel %q", channel)})
	return false
}

// sent answers a request that sent an envelope: the bot acked it, or why not.
func (p *Page) sent(w http.ResponseWriter, err error) {
	if err != nil {
		p.opts.Logger.Warn("playground: envelope not acked", slog.Any("error", err))
		writeJSON(w, http.StatusServiceUnavailable, answer{Error: "the bot did not answer in time (is it still starting?)"})
		return
	}
	writeJSON(w, http.StatusOK, answer{})
}

// serveClock moves the bot's clock forward: by some seconds, or to a
// minute before the next reminder.
func (p *Page) serveClock(w http.ResponseWriter, r *http.Request) {
	var req struct {
		By int64  `json:"by"` // seconds
		To string `json:"to"` // "next-reminder"
	}
	if !decode(w, r, &req) {
		return
	}
	status, ans := p.jump(req.By, req.To)
	if status == http.StatusOK {
		p.bump()
	}
	writeJSON(w, status, ans)
}

// jump moves the clock as asked and says what it did.
func (p *Page) jump(by int64, to string) (int, answer) {
	switch {
	case to == "next-reminder":
		return p.jumpToReminder()
	case to != "":
		return http.StatusBadRequest, answer{Error: fmt.Sprintf("unknown jump %q", to)}
	case by <= 0 || time.Duration(by)*time.Second > maxJump:
		return http.StatusBadRequest, answer{Error: "the clock moves forward, by up to two weeks"}
	}
	d := time.Duration(by) * time.Second
	p.opts.Clock.Advance(d)
	return http.StatusOK, answer{Message: "The bot's clock moved forward by " + d.String() + "."}
}

// jumpToReminder moves the clock to a minute before the next reminder is
// due, so that it arrives a minute later.
func (p *Page) jumpToReminder() (int, answer) {
	now := p.opts.Clock.Now()
	due, ok, err := p.opts.NextReminder(now)
	switch {
	case err != nil:
		p.opts.Logger.Error("playground: next reminder", slog.Any("error", err))
		return http.StatusInternalServerError, answer{Error: "the reminders could not be read; see the log"}
	case !ok:
		return http.StatusConflict, answer{Error: "No reminder is waiting: press Remind me on a session that has not started yet."}
	}
	target := due.Add(-reminderMargin)
	if !target.After(now) {
		return http.StatusOK, answer{Message: "The next reminder is due within a minute: watch the DM."}
	}
	p.opts.Clock.AdvanceTo(target)
	return http.StatusOK, answer{Message: "The bot's clock is a minute before the next reminder: it arrives in the DM in a minute."}
}

// serveSync runs the sync job now and answers its outcome.
func (p *Page) serveSync(w http.ResponseWriter, r *http.Request) {
	out, err := p.opts.Sync(r.Context())
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return
		}
		writeJSON(w, http.StatusOK, answer{Error: "Sync failed: " + out})
		return
	}
	writeJSON(w, http.StatusOK, answer{Message: "Synced: " + out})
}
