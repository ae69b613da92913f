package blocks

import (
	"strings"
	"time"
	"unicode"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/session"
)

// Link buttons to a session's media. Like ActionDetails, Slack opens their
// URL and still sends an interaction, which needs only an ack.
const (
	ActionWatch     = "session.watch"     // "Watch live": the stream, while the session runs
	ActionRecording = "session.recording" // "Recording": after it
)

// StreamURL is where s is streamed: its own stream link, else template
// (live.stream_url) with "{room}" replaced by the room's slug; "" when
// neither gives one.
func StreamURL(s session.Session, template string) string {
	if u, ok := linkURL(s.StreamURL); ok {
		return u
	}
	room := slug(s.Room)
	if template == "" || room == "" {
		return ""
	}
	u, _ := linkURL(strings.ReplaceAll(template, "{room}", room))
	return u
}

// slug is a room name lowercased, every run of other than letters and
// digits a "-": "K.1.105 (La Fontaine)" is "k-1-105-la-fontaine".
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// mediaButton is "Watch live" while s runs at now and its stream is known,
// "Recording" once it is over and its recording is known, else nil. A zero
// now shows neither.
func mediaButton(s session.Session, now time.Time, template string) *slack.ButtonBlockElement {
	if now.IsZero() || s.Start.IsZero() {
		return nil
	}
	switch {
	case s.Over(now):
		if u, ok := linkURL(s.RecordingURL); ok && fitsURL(u) {
			return linkButton(ActionRecording, "Recording", u)
		}
	case !now.Before(s.Start):
		if u := StreamURL(s, template); fitsURL(u) {
			return linkButton(ActionWatch, "Watch live", u)
		}
	}
	return nil
}

// linkButton is a button that opens u.
func linkButton(actionID, label, u string) *slack.ButtonBlockElement {
	b := button(actionID, "", label)
	b.URL = u
	return b
}
