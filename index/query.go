package index

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	blevetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// Limits on what a user's search may ask for. They keep every query cheap.
const (
	// MaxQueryRunes is the longest search text used; the rest is cut.
	MaxQueryRunes = 500
	// MaxTerms is how many words, phrases and filter values a search may hold.
	MaxTerms = 12
)

// Query is a parsed search: free-text words, phrases and filters, which all
// combine with AND. Several values of one filter combine with OR.
type Query struct {
	Raw       string   // the text searched for, cleaned and cut to MaxQueryRunes
	Terms     []string // free-text words, lower-cased, without duplicates
	Phrases   []string // "quoted phrases", each to be found as written
	Speakers  []string // speaker: filters
	Companies []string // company: filters
	Tracks    []string // track: filters
	Rooms     []string // room: filters
	Days      []string // day: filters as typed, lower-cased; Search resolves them against the programme
	Now       time.Time
	From      int      // first hit to return (paging)
	Size      int      // hits per page; 0 means 10
	Notices   []string // what was ignored or cut, said to the user
}

// Empty reports whether q asks for nothing: no words, phrases or filters.
func (q Query) Empty() bool {
	return len(q.Terms)+len(q.Phrases)+len(q.Speakers)+len(q.Companies)+
		len(q.Tracks)+len(q.Rooms)+len(q.Days) == 0
}

// parts counts the words, phrases and filter values of q.
func (q Query) parts() int {
	return len(q.Terms) + len(q.Phrases) + len(q.Speakers) + len(q.Companies) +
		len(q.Tracks) + len(q.Rooms) + len(q.Days)
}

// ParseQuery reads the search grammar: free words, "quoted phrases" (an
// unterminated quote runs to the end) and the filters speaker:, company:,
// track:, room: and day: (today, tomorrow, a weekday, a day number such as 1
// for the programme's first day, or 2026-11-28), each taking a word or a
// "quoted value". Keys are case-insensitive; an unknown key:value is free
// text. now is the moment the query is asked: Search resolves day: filters
// against it and the programme's own days, in loc. ParseQuery never fails:
// what it drops or cuts is explained in Notices.
func ParseQuery(text string, now time.Time, loc *time.Location) Query {
	if loc == nil {
		loc = time.UTC
	}
	p := &queryParser{}
	p.q.Now = now.In(loc)
	text = cleanText(text)
	if utf8.RuneCountInString(text) > MaxQueryRunes {
		text = cutRunes(text, MaxQueryRunes)
		p.notice(fmt.Sprintf("Your search was cut to %d characters.", MaxQueryRunes))
	}
	p.q.Raw = strings.TrimSpace(text)
	for _, tok := range lex(p.q.Raw) {
		p.add(tok)
	}
	return p.q
}

type queryParser struct {
	q       Query
	limited bool
}

func (p *queryParser) notice(msg string) {
	if !slices.Contains(p.q.Notices, msg) {
		p.q.Notices = append(p.q.Notices, msg)
	}
}

// room reports whether one more part fits, saying so once when it does not.
func (p *queryParser) room() bool {
	if p.q.parts() < MaxTerms {
		return true
	}
	if !p.limited {
		p.limited = true
		p.notice(fmt.Sprintf("Only the first %d words and filters of your search were used.", MaxTerms))
	}
	return false
}

func (p *queryParser) add(tok token) {
	switch {
	case tok.key != "" && tok.value == "":
		p.notice(fmt.Sprintf("Empty filter %q ignored.", tok.key+":"))
	case tok.key == "day":
		p.addDay(tok.value)
	case tok.key != "":
		p.addFilter(tok.key, tok.value)
	case tok.quoted:
		p.addPhrase(tok.value)
	default:
		p.addWords(tok.value)
	}
}

func (p *queryParser) addWords(text string) {
	for _, w := range words(text) {
		if !slices.Contains(p.q.Terms, w) && p.room() {
			p.q.Terms = append(p.q.Terms, w)
		}
	}
}

func (p *queryParser) addPhrase(text string) {
	ws := words(text)
	switch {
	case len(ws) == 0:
		return
	case len(ws) == 1:
		p.addWords(text)
	case !slices.Contains(p.q.Phrases, text) && p.room():
		p.q.Phrases = append(p.q.Phrases, text)
	}
}

func (p *queryParser) addFilter(key, value string) {
	list := map[string]*[]string{
		"speaker": &p.q.Speakers, "company": &p.q.Companies,
		"track": &p.q.Tracks, "room": &p.q.Rooms,
	}[key]
	if len(words(value)) == 0 {
		p.notice(fmt.Sprintf("Empty filter %q ignored.", key+":"))
		return
	}
	if !slices.Contains(*list, value) && p.room() {
		*list = append(*list, value)
	}
}

func (p *queryParser) addDay(value string) {
	v := strings.ToLower(value)
	if !validDay(v) {
		p.notice(fmt.Sprintf("Unknown day %q ignored: use today, tomorrow, a weekday (sat), a day of the programme (1, 2, …) or a date (2026-11-28).", value))
		return
	}
	if !slices.Contains(p.q.Days, v) && p.room() {
		p.q.Days = append(p.q.Days, v)
	}
}

// words splits text the way the index does (one word per position: a
// dotted name stays whole) and lower-cases the words.
func words(text string) []string {
	var out []string
	last := -1
	for _, t := range (wordsTokenizer{unicode: blevetok.NewUnicodeTokenizer()}).Tokenize([]byte(text)) {
		if t.Position != last {
			out = append(out, strings.ToLower(string(t.Term)))
			last = t.Position
		}
	}
	return out
}

// cleanText makes text valid UTF-8, turns control characters into spaces
// and drops invisible formatting ones (zero-width spaces, bidi overrides).
func cleanText(text string) string {
	text = strings.ToValidUTF8(text, " ")
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			return ' '
		case unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, text)
}

// cutRunes returns the first n runes of s.
func cutRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
