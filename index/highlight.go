package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	snippetRunes  = 240 // longest snippet, "…" included
	snippetLead   = 60  // bytes of context kept before the first match
	snippetWindow = 180 // bytes in which matches count as one cluster
)

// mergeRanges sorts byte ranges and merges those that overlap.
func mergeRanges(rs [][2]int) [][2]int {
	slices.SortFunc(rs, func(a, b [2]int) int { return a[0] - b[0] })
	var out [][2]int
	for _, r := range rs {
		if n := len(out); n > 0 && r[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}

// snippet cuts text to at most limit runes around its densest cluster of
// marks, collapsing white space, and moves the marks along.
func snippet(text string, ms [][2]int, limit int) Snippet {
	ms = slices.DeleteFunc(slices.Clone(ms), func(m [2]int) bool { return m[0] < 0 || m[1] > len(text) || m[0] >= m[1] })
	from := 0
	if len(ms) > 0 {
		from = leadStart(text, ms[densest(ms)][0])
	}
	// Only a window of the text can be shown: limit runes, of at most 4
	// bytes, with white space between. Long abstracts are not copied.
	windowed := false
	if end := from + 8*limit; end < len(text) {
		for !utf8.RuneStart(text[end]) {
			end--
		}
		text, windowed = text[:end], true
	}
	var offsets []int // the mark boundaries in the window, for collapseFrom to move
	ms = slices.DeleteFunc(ms, func(m [2]int) bool { return m[0] < from || m[1] > len(text) })
	for _, m := range ms {
		offsets = append(offsets, m[0], m[1])
	}
	slices.Sort(offsets)
	offsets = slices.Compact(offsets)
	out, moved, usable := collapseFrom(text, from, limit, offsets)
	if windowed && !strings.HasSuffix(out, "…") {
		out = strings.TrimRight(out, " ") + "…"
	}
	sn := Snippet{Text: out}
	for _, m := range ms {
		i, _ := slices.BinarySearch(offsets, m[0])
		j, _ := slices.BinarySearch(offsets, m[1])
		s, e := moved[i], moved[j]
		if s >= 0 && e > s && e <= usable {
			sn.Marks = append(sn.Marks, [2]int{s, e})
		}
	}
	return sn
}

// densest returns the index of the mark that starts the window holding the
// most marks.
func densest(ms [][2]int) int {
	best, bestN := 0, 0
	for i := range ms {
		n := 0
		for j := i; j < len(ms) && ms[j][1]-ms[i][0] <= snippetWindow; j++ {
			n++
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	return best
}

// leadStart picks where a snippet showing the byte at starts: a little
// before it, at a word boundary.
func leadStart(text string, at int) int {
	if at <= snippetLead {
		return 0
	}
	s := at - snippetLead
	if i := strings.IndexFunc(text[s:at], unicode.IsSpace); i >= 0 {
		return s + i
	}
	for !utf8.RuneStart(text[at]) {
		at--
	}
	return at
}

// collapseFrom copies text from byte from on, with white space collapsed, into
// at most limit runes, marking cuts with "…". It moves offsets (sorted byte
// offsets in text, at rune starts or the end) to offsets in the result, -1
// for those cut off; marks must end by the returned length of whole words.
func collapseFrom(text string, from, limit int, offsets []int) (string, []int, int) {
	var b strings.Builder
	b.Grow(min(len(text)-from, 4*limit) + len("…"))
	moved := make([]int, len(offsets))
	for i := range moved {
		moved[i] = -1
	}
	k := 0
	at := func(i int) { // record the result offset of text offset i
		for k < len(offsets) && offsets[k] <= i {
			if offsets[k] == i {
				moved[k] = b.Len()
			}
			k++
		}
	}
	runes, space, started, cut := 0, false, false, false
	if from > 0 {
		b.WriteString("…")
		runes++
	}
	for i, r := range text[from:] {
		if isSpace(r) {
			at(from + i)
			space = started
			continue
		}
		if need := 2 + btoi(space); runes+need > limit { // this rune, "…" and maybe a space
			cut = true
			break
		}
		if space {
			b.WriteByte(' ')
			runes++
			space = false
		}
		if k < len(offsets) && offsets[k] <= from+i {
			at(from + i)
		}
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
		} else {
			b.WriteRune(r)
		}
		runes++
		started = true
	}
	out := b.String()
	if !cut {
		at(len(text))
		return out, moved, len(out)
	}
	out = cutAtWord(out)
	return out + "…", moved, len(out)
}

// isSpace is unicode.IsSpace, quicker for ASCII.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cutAtWord drops a trailing partial word, unless that leaves little.
func cutAtWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i > len(s)/2 {
		return s[:i]
	}
	return s
}
