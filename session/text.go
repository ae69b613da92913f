package session

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text format is the plain text of a "Confirmed Sessions" page: a header
// and an intro, then for each session a title line, a blank line, a
// "Speaker - Company" line, a blank line and the abstract, one paragraph a
// line, up to the next title. A session starts at a title line and a speaker
// line that each stand alone between blank lines; everything before the first
// session is the page's header.

// Limits that keep the text parser linear and reject what is not a programme.
const (
	maxTextLine    = 64 << 10 // a paragraph longer than this is not prose
	maxTitleRunes  = 200
	maxSpeakerLine = 300
	maxNameRunes   = 60
	maxNameWords   = 5
	maxCompanyLen  = 80
)

// parseText reads a text (or HTML) page of sessions.
func parseText(data []byte, opts Options) ([]Session, []Warning, error) {
	text := string(data)
	if looksLikeHTML(data, opts.ContentType) {
		text = htmlToText(data)
	}
	lines, err := textLines(cleanText(text)) // hidden characters must not hide a title or speaker line
	if err != nil {
		return nil, nil, err
	}
	p := newTextPage(lines)
	starts := p.sessionStarts()
	if len(starts) == 0 {
		return nil, nil, errors.New(`found no session: want a title line, a blank line, then a "Name - Company" speaker line`)
	}
	out := make([]Session, 0, len(starts))
	for i, k := range starts {
		end := len(p.nonBlank)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		out = append(out, p.session(k, end))
	}
	return out, nil, nil
}

// textLines splits data into trimmed lines, whatever the line endings.
func textLines(text string) ([]string, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(strings.ReplaceAll(text, "\r", "\n"), "\n")
	for i, l := range lines {
		if len(l) > maxTextLine {
			return nil, fmt.Errorf("line %d is %d KiB long: a text programme has one paragraph a line (is source.format right?)", i+1, len(l)>>10)
		}
		lines[i] = strings.TrimSpace(l)
	}
	return lines, nil
}

// textPage indexes the non-blank lines of a page and whether each stands alone
// between blank lines (or the start or end of the page).
type textPage struct {
	lines    []string
	nonBlank []int // indexes into lines
	alone    []bool
}

func newTextPage(lines []string) *textPage {
	p := &textPage{lines: lines}
	for i, l := range lines {
		if l != "" {
			p.nonBlank = append(p.nonBlank, i)
		}
	}
	p.alone = make([]bool, len(p.nonBlank))
	for k, i := range p.nonBlank {
		before := k == 0 || p.nonBlank[k-1] < i-1
		after := k == len(p.nonBlank)-1 || p.nonBlank[k+1] > i+1
		p.alone[k] = before && after
	}
	return p
}

// sessionStarts returns the non-blank indexes k where line k is a title and
// k+1 its speaker line. Candidates are taken from the end of the page: when a
// run of lone lines could pair up two ways ("abstract / Title - Sub / Speaker"
// or "Title / Speaker / Title - Sub / Speaker"), this keeps the pairing that
// ends on the last speaker line, which is right in both cases.
func (p *textPage) sessionStarts() []int {
	var starts []int
	for k := len(p.nonBlank) - 2; k >= 0; k-- {
		if p.isStart(k) {
			starts = append(starts, k)
			k--
		}
	}
	slices.Reverse(starts)
	return starts
}

func (p *textPage) isStart(k int) bool {
	if !p.alone[k] || !p.alone[k+1] || !isTitleLine(p.line(k)) {
		return false
	}
	_, ok := parseSpeakerLine(p.line(k + 1))
	return ok
}

func (p *textPage) line(k int) string { return p.lines[p.nonBlank[k]] }

// session builds the session whose title is non-blank line k; its abstract
// runs up to (not including) non-blank line end.
func (p *textPage) session(k, end int) Session {
	speakers, _ := parseSpeakerLine(p.line(k + 1))
	paragraphs := make([]string, 0, end-k-2)
	for j := k + 2; j < end; j++ {
		paragraphs = append(paragraphs, p.line(j))
	}
	return Session{Title: p.line(k), Speakers: speakers, Abstract: strings.Join(paragraphs, "\n")}
}

func isTitleLine(l string) bool {
	if utf8.RuneCountInString(l) > maxTitleRunes {
		return false
	}
	return !strings.HasPrefix(l, "- ") && !strings.HasPrefix(l, "* ") && !strings.HasPrefix(l, "• ")
}

var dashes = strings.NewReplacer(" – ", " - ", " — ", " - ", " -- ", " - ")

// normalizeDashes turns en and em dashes between words into " - ".
func normalizeDashes(s string) string { return dashes.Replace(s) }

// parseSpeakerLine reads "A - X", "A, B - X", "A & B - X" or "A - X, B - Y"
// (en and em dashes too). Every name must look like a person's name and every
// company like a name, so a title with a dash in it is not taken for speakers.
func parseSpeakerLine(line string) ([]Speaker, bool) {
	if len(line) > maxSpeakerLine {
		return nil, false
	}
	parts := strings.Split(normalizeDashes(collapseSpace(line)), " - ")
	if len(parts) < 2 {
		return nil, false
	}
	var out []Speaker
	names := parts[0]
	for k := 1; k < len(parts); k++ {
		company, next := parts[k], ""
		if k < len(parts)-1 {
			var ok bool
			if company, next, ok = cutLastSeparator(parts[k]); !ok {
				company, k = strings.Join(parts[k:], " - "), len(parts)
			}
		}
		group, ok := speakerGroup(names, company)
		if !ok {
			return nil, false
		}
		out, names = append(out, group...), next
	}
	return out, true
}

// cutLastSeparator splits "Company, Next Speaker" at its last list separator.
func cutLastSeparator(s string) (before, after string, ok bool) {
	best, size := -1, 0
	for _, sep := range []string{", ", "; ", " & ", " and "} {
		if i := strings.LastIndex(s, sep); i > best {
			best, size = i, len(sep)
		}
	}
	if best <= 0 || best+size >= len(s) {
		return "", "", false
	}
	return s[:best], s[best+size:], true
}

var nameSeparators = strings.NewReplacer(" & ", ", ", " and ", ", ", "; ", ", ")

func speakerGroup(names, company string) ([]Speaker, bool) {
	if !isCompany(company) {
		return nil, false
	}
	list := strings.Split(nameSeparators.Replace(names), ", ")
	out := make([]Speaker, 0, len(list))
	for _, name := range list {
		if !isPersonName(name) {
			return nil, false
		}
		out = append(out, Speaker{Name: name, Company: company})
	}
	return out, true
}

func isCompany(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxCompanyLen || len(strings.Fields(s)) > 8 {
		return false
	}
	return !strings.ContainsAny(s[len(s)-1:], "?!:;,") && !strings.Contains(s, ". ")
}

// nameParticles may start a name word in lower case.
var nameParticles = []string{"van", "von", "de", "der", "den", "da", "das", "di", "do", "dos", "du", "la", "le", "del", "della", "bin", "al", "el", "ten", "ter", "y", "e"}

// isPersonName wants two to five words, each capitalised (or a particle like
// "van"), made of letters, hyphens, apostrophes and dots: "Preetha Appan",
// "Jean-Luc O'Neil", "Ursula von der Leyen", "J. R. Hartley".
func isPersonName(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > maxNameWords || utf8.RuneCountInString(s) > maxNameRunes {
		return false
	}
	for _, w := range words {
		if !isNameWord(w) {
			return false
		}
	}
	return true
}

func isNameWord(w string) bool {
	first, _ := utf8.DecodeRuneInString(w)
	if unicode.IsLower(first) && !slices.Contains(nameParticles, w) {
		return false
	}
	if !unicode.IsLetter(first) {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && !strings.ContainsRune("-'’.", r) {
			return false
		}
	}
	return true
}
