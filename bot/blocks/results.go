package blocks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/index"
)

// Page sizes for SearchResults. A card takes at most three blocks (section,
// actions, divider), so maxPageSize cards and the summary, notices and Next
// button stay within a message's 50.
const (
	DefaultPageSize = 5
	maxPageSize     = 15
	queryRunes      = 300 // of the query quoted in a summary
	noticeRunes     = 500
	maxNotices      = 5
)

// SearchResults renders one page of a search: a summary ("12 sessions match
// *kubernetes*"), the notices of the query and result, a card per hit (at
// most pageSize, DefaultPageSize when pageSize ≤ 0) with dividers between,
// and, while more hits remain, a "Next" button (ActionMore) whose value is the
// PageToken of the next page. When nothing matches closely
// (res.NoCloseMatch) the summary says so and introduces the closest few,
// with no Next button. A result with no hits renders as NoResults.
func SearchResults(q index.Query, res index.Result, loc *time.Location, pageSize int) Message {
	return SearchPage(q, res, loc, pageSize, PageOptions{})
}

// PageOptions adapt a page of results to the user who sees it.
type PageOptions struct {
	Key      string               // the page's key for each card (CardOptions.PageKey)
	Reminded func(id string) bool // whether the user has a reminder for a session; nil: none
	// Now and StreamURL are the cards' (CardOptions): media links when set.
	Now       time.Time
	StreamURL string
}

// SearchPage is SearchResults adapted by opts: cards of reminded sessions
// show "Reminder set ✓" and "Undo", and every card carries the page key.
func SearchPage(q index.Query, res index.Result, loc *time.Location, pageSize int, opts PageOptions) Message {
	if len(res.Hits) == 0 && (res.Total == 0 || res.NoCloseMatch) {
		return NoResults(q, res)
	}
	if len(res.Hits) == 0 {
		text := "No more sessions match " + quoted(q.Raw) + "."
		return Message{Text: fallback(res.Total, q.Raw), Blocks: []slack.Block{section(text)}}
	}
	if pageSize <= 0 {
		pageSize = DefaultPageSize
	}
	hits := res.Hits[:min(len(res.Hits), pageSize, maxPageSize)]
	next := max(q.From, 0) + len(hits)
	head, text := summary(q.Raw, res.Total, next-len(hits), len(hits)), fallback(res.Total, q.Raw)
	if res.NoCloseMatch {
		head, text = noCloseMatch(q.Raw)+" The closest:", mrkdwn(noCloseMatchPlain(q.Raw), maxFallbackText)
	}
	out := []slack.Block{section(head)}
	if n := notices(q.Notices, res.Notices); n != nil {
		out = append(out, n)
	}
	for i, h := range unique(hits, func(h index.Hit) string { return h.Session.ID }) {
		if i > 0 {
			out = append(out, slack.NewDividerBlock())
		}
		hl := Highlight{TitleMarks: h.TitleMarks, Snippet: h.Snippet.Text, SnippetMarks: h.Snippet.Marks}
		co := CardOptions{PageKey: opts.Key, Reminded: opts.Reminded != nil && opts.Reminded(h.Session.ID),
			Now: opts.Now, StreamURL: opts.StreamURL}
		out = append(out, PersonalCard(h.Session, hl, loc, co)...)
	}
	if remaining := int(min(res.Total, uint64(maxTokenFrom))) - next; remaining > 0 && !res.NoCloseMatch {
		tok := PageToken{Query: q.Raw, From: next}.Encode()
		more := button(ActionMore, tok, fmt.Sprintf("Next %d", min(remaining, pageSize, maxPageSize)))
		out = append(out, slack.NewActionBlock("more", more))
	}
	return Message{Text: text, Blocks: out}
}

// summary says how many sessions match, and which of them this page shows.
func summary(raw string, total uint64, from, shown int) string {
	s := matchCount(total) + " " + quoted(raw)
	if total > uint64(shown) {
		s += fmt.Sprintf(" · showing %d–%d", from+1, from+shown)
	}
	return s
}

func matchCount(total uint64) string {
	if total == 1 {
		return "1 session matches"
	}
	return fmt.Sprintf("%d sessions match", total)
}

// quoted is the user's query in bold, or a stand-in for an empty one.
func quoted(raw string) string {
	raw = oneLine(raw)
	if raw == "" {
		return "your search"
	}
	return emphasize(raw, [][2]int{{0, len(raw)}}, queryRunes)
}

// fallback is a message's notification text, without formatting.
func fallback(total uint64, raw string) string {
	return mrkdwn(matchCount(total)+" "+oneLine(raw), maxFallbackText)
}

// notices renders the distinct notices as one context block, or nil.
func notices(lists ...[]string) *slack.ContextBlock {
	var lines []string
	for _, n := range slices.Concat(lists...) {
		line := mrkdwn(oneLine(n), noticeRunes)
		if line != "" && !slices.Contains(lines, line) && len(lines) < maxNotices {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return contextBlock(strings.Join(lines, "\n"))
}

// NoResults says that nothing matched q, or nothing closely when
// res.NoCloseMatch, shows the notices of q and res (a day: the programme
// does not have lists its days) and what to try instead.
func NoResults(q index.Query, res index.Result) Message {
	text, plain := "No sessions match "+quoted(q.Raw)+".", "No sessions match "+oneLine(q.Raw)
	switch {
	case oneLine(q.Raw) == "":
		text = "Nothing to search for."
	case res.NoCloseMatch:
		text, plain = noCloseMatch(q.Raw), noCloseMatchPlain(q.Raw)
	}
	out := []slack.Block{
		section(text),
		section("Try fewer words or filters, just a speaker's surname, or a track name. " +
			"`/session help` shows everything you can search for."),
	}
	if n := notices(q.Notices, res.Notices); n != nil {
		out = append(out, n)
	}
	return Message{Text: mrkdwn(plain, maxFallbackText), Blocks: out}
}

// noCloseMatch heads a search that found nothing close to the query;
// noCloseMatchPlain is its notification text.
func noCloseMatch(raw string) string { return "No close matches for " + quoted(raw) + "." }

func noCloseMatchPlain(raw string) string { return "No close matches for " + oneLine(raw) }
