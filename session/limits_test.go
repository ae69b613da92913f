package session

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// A hostile programme under the size cap: every field a megabyte long, too
// many speakers and tags. Parse keeps each session, cut to the limits, with
// one warning per field naming the session.
func TestParseLimits(t *testing.T) {
	huge := strings.Repeat("word ", 200_000)
	var b strings.Builder
	b.WriteString("sessions:\n")
	for i := range 2 {
		b.WriteString("  - id: s" + string(rune('0'+i)) + "\n")
		for _, f := range []string{"title", "subtitle", "abstract", "description", "track", "room"} {
			b.WriteString("    " + f + ": " + f + " " + huge + "\n")
		}
		b.WriteString("    url: https://example.org/" + strings.Repeat("x", MaxURLBytes) + "\n")
		b.WriteString("    speakers: [" + strings.TrimSuffix(strings.Repeat("{name: A},", MaxSpeakers+5), ",") + "]\n")
		b.WriteString("    tags: [" + strings.TrimSuffix(strings.Repeat("t,", MaxTags+5), ",") + "]\n")
	}
	res, err := Parse([]byte(b.String()), Options{Format: FormatYAML})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != 2 {
		t.Fatalf("%d sessions, want 2", len(res.Sessions))
	}
	s := res.Sessions[0]
	for field, v := range map[string]string{"title": s.Title, "abstract": s.Abstract, "description": s.Description} {
		limit := map[string]int{"title": MaxTitleRunes, "abstract": MaxAbstractRunes, "description": MaxDescriptionRunes}[field]
		if n := utf8.RuneCountInString(v); n > limit || !strings.HasSuffix(v, "…") {
			t.Errorf("%s: %d runes (limit %d), ends %q", field, n, limit, v[max(0, len(v)-10):])
		}
	}
	if len(s.Speakers) != MaxSpeakers || len(s.Tags) > MaxTags || s.URL != "" {
		t.Errorf("speakers %d, tags %d, url %q", len(s.Speakers), len(s.Tags), s.URL)
	}
	var mine []string
	for _, w := range res.Warnings {
		if strings.Contains(w.Where, "s0") {
			mine = append(mine, w.Msg)
		}
	}
	for _, want := range []string{"title cut to 300 characters", "abstract cut to 20000 characters", "description cut to 40000 characters", "35 speakers: only the first 30 kept", "url longer than 2000 bytes: left out"} {
		if !strings.Contains(strings.Join(mine, "\n"), want) {
			t.Errorf("no warning %q for s0 in %q", want, mine)
		}
	}
}

func TestParseMaxSessions(t *testing.T) {
	data := []byte("sessions:\n  - title: a\n  - title: b\n  - title: c\n")
	if _, err := Parse(data, Options{MaxSessions: 3}); err != nil {
		t.Errorf("3 sessions at a limit of 3: %v", err)
	}
	_, err := Parse(data, Options{MaxSessions: 2})
	if !errors.Is(err, ErrTooManySessions) || !strings.Contains(err.Error(), "3 sessions, more than the limit of 2 (source.max_sessions)") {
		t.Errorf("err = %v", err)
	}
}

func TestCutText(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
		cut  bool
	}{
		{"short", 10, "short", false},
		{"exactly10!", 10, "exactly10!", false},
		{"one two three four five", 12, "one two thr…", true},
		{strings.Repeat("word ", 40), 50, strings.TrimSpace(strings.Repeat("word ", 9)) + "…", true},
		{"ééééééééééééé", 5, "éééé…", true},
		{"abcdefghijklmnop", 6, "abcde…", true},
	}
	for _, tt := range tests {
		got, cut := cutText(tt.in, tt.n)
		if got != tt.want || cut != tt.cut || utf8.RuneCountInString(got) > tt.n {
			t.Errorf("cutText(%q, %d) = %q, %v; want %q, %v", tt.in, tt.n, got, cut, tt.want, tt.cut)
		}
	}
}
