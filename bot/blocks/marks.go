package blocks

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanMarks makes byte ranges of matched words safe to render in bold: it
// drops ranges outside text, moves the rest onto rune boundaries, widens each
// to whole words and trims it to start and end with a word character (mrkdwn
// bolds only "*word*" with no letter or digit just outside the stars and none
// of white space or punctuation just inside), and merges ranges that overlap
// or are joined by punctuation alone, so that no two spans touch.
func cleanMarks(text string, marks [][2]int) [][2]int {
	var out [][2]int
	for _, m := range marks {
		if m[0] < 0 || m[1] > len(text) || m[0] >= m[1] {
			continue
		}
		if s, e := hugWords(text, m[0], m[1]); s < e {
			out = append(out, [2]int{s, e})
		}
	}
	slices.SortFunc(out, func(a, b [2]int) int { return a[0] - b[0] })
	merged := out[:0]
	for _, m := range out {
		if n := len(merged); n > 0 && joined(text, merged[n-1][1], m[0]) {
			merged[n-1][1] = max(merged[n-1][1], m[1])
			continue
		}
		merged = append(merged, m)
	}
	return merged
}

// hugWords trims text[s:e] to start and end with a word character, then
// widens it to the whole words at its ends.
func hugWords(text string, s, e int) (int, int) {
	for s > 0 && !utf8.RuneStart(text[s]) {
		s--
	}
	for e < len(text) && !utf8.RuneStart(text[e]) {
		e++
	}
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if isWord(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if isWord(r) {
			break
		}
		e -= n
	}
	if s == e {
		return s, e
	}
	return widen(text, s, e)
}

// widen grows text[s:e] over the word characters, underscores, backticks and invisible
// control characters next to it: what renders as part of the same word.
func widen(text string, s, e int) (int, int) {
	for s > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:s])
		if !inWord(r) {
			break
		}
		s -= n
	}
	for e < len(text) {
		r, n := utf8.DecodeRuneInString(text[e:])
		if !inWord(r) {
			break
		}
		e += n
	}
	return s, e
}

func inWord(r rune) bool {
	return isWord(r) || r == '_' || r == '`' || (unicode.IsControl(r) && !unicode.IsSpace(r))
}

// joined reports whether a span ending at end and the next starting at start
// must be one span: they overlap, or no white space lies between them, so
// their stars would touch or sit inside one word.
func joined(text string, end, start int) bool {
	return start <= end || !strings.ContainsFunc(text[end:start], unicode.IsSpace)
}
