package blocks

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/session"
)

// Budgets, in runes of mrkdwn, for the lines of a card. Their sum stays well
// under the 3000 of a section, whatever the session holds.
const (
	titleRunes    = 300
	speakerRunes  = 300
	companyRunes  = 150
	placeRunes    = 150 // room, and track
	snippetRunes  = 800
	abstractRunes = 200 // of the abstract's start, before escaping
	maxSpeakers   = 5   // named before "and N more"
	maxCompanies  = 3
)

// Highlight says what to emphasise in a card: byte ranges of matched words
// in the title, and a snippet of the abstract with its own ranges. The zero
// Highlight emphasises nothing, and the card shows the abstract's start.
type Highlight struct {
	TitleMarks   [][2]int
	Snippet      string
	SnippetMarks [][2]int
}

// Card renders a session: a section with the title (the matched words in
// bold; the whole title when none are marked), speakers and companies, time,
// room and track when known, and the snippet; then an actions block, with
// block_id "s:"+ID, holding a "Remind me" button (ActionRemind, the session
// ID as value) and, for an http(s) URL, a "Details" link button.
func Card(s session.Session, hl Highlight, loc *time.Location) []slack.Block {
	return PersonalCard(s, hl, loc, CardOptions{})
}

// ActionUnremind is the "Undo" and "Cancel" button of a reminder; its value
// is the session ID.
const ActionUnremind = "session.unremind"

// CardOptions adapt a card to the user who sees it.
type CardOptions struct {
	// PageKey, when set, starts the actions block_id ("p:KEY|s:ID") so that
	// a button press can find the page it was on again (see PageKey).
	PageKey string
	// Reminded shows "Reminder set ✓" and an "Undo" button (ActionUnremind)
	// instead of "Remind me".
	Reminded bool
	// Now, when set, adds "Watch live" while the session runs (its stream,
	// or StreamURL, live.stream_url, for its room) and "Recording" after it,
	// when known.
	Now       time.Time
	StreamURL string
}

// PersonalCard is Card adapted by opts.
func PersonalCard(s session.Session, hl Highlight, loc *time.Location, opts CardOptions) []slack.Block {
	lines := []string{titleLine(s.Title, hl.TitleMarks)}
	for _, l := range []string{speakerLine(s), metaLine(s, loc), snippetLine(s, hl), remindedLine(s, opts)} {
		if l != "" {
			lines = append(lines, l)
		}
	}
	out := []slack.Block{section(strings.Join(lines, "\n"))}
	if a := cardActions(s, opts); a != nil {
		out = append(out, a)
	}
	return out
}

// remindedLine says that the reader has a reminder for s, if they have.
func remindedLine(s session.Session, opts CardOptions) string {
	switch {
	case !opts.Reminded:
		return ""
	case s.Start.IsZero():
		return "*Reminder set* ✓ · it has no time yet: I'll remind you once it has one"
	}
	return "*Reminder set* ✓"
}

// PageKey returns the page key a PersonalCard put in blockID, or "".
func PageKey(blockID string) string {
	rest, ok := strings.CutPrefix(blockID, "p:")
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(rest, "|")
	return key
}

// titleLine renders the title; marks index the title as given, so it is
// not trimmed first.
func titleLine(title string, marks [][2]int) string {
	if len(cleanMarks(title, marks)) == 0 {
		marks = [][2]int{{0, len(title)}}
	}
	line := emphasize(title, marks, titleRunes)
	if strings.TrimSpace(line) == "" {
		return "*Untitled session*"
	}
	return line
}

func speakerLine(s session.Session) string {
	names := s.SpeakerNames()
	if len(names) == 0 {
		return ""
	}
	line := mrkdwn(listMore(names, maxSpeakers), speakerRunes)
	if cs := s.Companies(); len(cs) > 0 {
		line += " · " + mrkdwn(listMore(cs, maxCompanies), companyRunes)
	}
	return line
}

// listMore joins up to n items and says how many more there are.
func listMore(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

func metaLine(s session.Session, loc *time.Location) string {
	var parts []string
	if t := TimeRange(s.Start, s.End, loc); t != "" {
		parts = append(parts, t)
	}
	if r := oneLine(s.Room); r != "" {
		parts = append(parts, mrkdwn(r, placeRunes))
	}
	if tr := oneLine(s.Track); tr != "" {
		parts = append(parts, "Track: "+mrkdwn(tr, placeRunes))
	}
	return strings.Join(parts, " · ")
}

func snippetLine(s session.Session, hl Highlight) string {
	if hl.Snippet != "" {
		return emphasize(hl.Snippet, hl.SnippetMarks, snippetRunes)
	}
	abstract := oneLine(s.Abstract)
	if utf8.RuneCountInString(abstract) > abstractRunes {
		abstract = Truncate(abstract, abstractRunes)
	}
	return mrkdwn(abstract, snippetRunes)
}

// cardActions is the card's buttons, or nil when it has none.
func cardActions(s session.Session, opts CardOptions) *slack.ActionBlock {
	var els []slack.BlockElement
	switch {
	case s.ID == "" || !utf8.ValidString(s.ID) || utf8.RuneCountInString(s.ID) > maxButtonValue:
	case opts.Reminded:
		els = append(els, button(ActionUnremind, s.ID, "Undo"))
	default:
		els = append(els, button(ActionRemind, s.ID, "Remind me"))
	}
	if u, ok := linkURL(s.URL); ok {
		b := button(ActionDetails, "", "Details")
		b.URL = u
		els = append(els, b)
	}
	if b := mediaButton(s, opts.Now, opts.StreamURL); b != nil {
		els = append(els, b)
	}
	if len(els) == 0 {
		return nil
	}
	prefix := "s:"
	if opts.PageKey != "" {
		prefix = "p:" + opts.PageKey + "|s:"
	}
	return slack.NewActionBlock(blockID(prefix, s.ID), els...)
}

// blockID is prefix+id when that makes a valid block_id, else a prefix of
// it made unique by a hash of id; "" for an empty id (Slack makes one up).
func blockID(prefix, id string) string {
	if id == "" {
		return ""
	}
	if utf8.ValidString(id) && utf8.RuneCountInString(prefix+id) <= maxID {
		return prefix + id
	}
	sum := sha256.Sum256([]byte(id))
	head := []rune(prefix + id)
	return string(head[:min(len(head), 200)]) + "#" + hex.EncodeToString(sum[:16])
}

// linkURL returns raw as an absolute http(s) URL fit for a link button.
func linkURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	if h := u.Hostname(); strings.Contains(h, ":") && (net.ParseIP(h) == nil || !strings.HasPrefix(u.Host, "[")) {
		return "", false
	}
	s := u.String()
	return s, utf8.RuneCountInString(s) <= maxURL
}
