package index

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseQuery(t *testing.T) {
	loc := brussels(t)
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, loc) // a Thursday
	cutNotice := fmt.Sprintf("Your search was cut to %d characters.", MaxQueryRunes)
	limitNotice := fmt.Sprintf("Only the first %d words and filters of your search were used.", MaxTerms)
	many := strings.Fields("one two three four five six seven eight nine ten eleven twelve thirteen fourteen")
	tests := []struct {
		name, text string
		want       Query
	}{
		{"empty", "", Query{}},
		{"blank", " \t\n ", Query{}},
		{"words", "Kubernetes secrets", Query{Raw: "Kubernetes secrets", Terms: []string{"kubernetes", "secrets"}}},
		{"duplicate words", "kube KUBE Kube", Query{Raw: "kube KUBE Kube", Terms: []string{"kube"}}},
		{"punctuation splits", "kube-proxy, etcd!", Query{Raw: "kube-proxy, etcd!", Terms: []string{"kube", "proxy", "etcd"}}},
		{"phrase", `"cloud native" databases`, Query{Raw: `"cloud native" databases`, Phrases: []string{"cloud native"}, Terms: []string{"databases"}}},
		{"unterminated phrase", `db "cloud   native`, Query{Raw: `db "cloud   native`, Terms: []string{"db"}, Phrases: []string{"cloud native"}}},
		{"typographic quotes", "“cloud native”", Query{Raw: "“cloud native”", Phrases: []string{"cloud native"}}},
		{"one-word phrase is a word", `"Kubernetes"`, Query{Raw: `"Kubernetes"`, Terms: []string{"kubernetes"}}},
		{"empty phrase", `"" "  " "!!"`, Query{Raw: `"" "  " "!!"`}},
		{"filters", `speaker:vargo company:Google track:security room:"Main  Hall"`, Query{
			Raw: `speaker:vargo company:Google track:security room:"Main  Hall"`, Speakers: []string{"vargo"},
			Companies: []string{"Google"}, Tracks: []string{"security"}, Rooms: []string{"Main Hall"},
		}},
		{"keys ignore case", "SPEAKER:Vargo Track:Go", Query{Raw: "SPEAKER:Vargo Track:Go", Speakers: []string{"Vargo"}, Tracks: []string{"Go"}}},
		{"quoted value", `speaker:"seth vargo" kms`, Query{Raw: `speaker:"seth vargo" kms`, Speakers: []string{"seth vargo"}, Terms: []string{"kms"}}},
		{"value after a space", "speaker: vargo", Query{Raw: "speaker: vargo", Speakers: []string{"vargo"}}},
		{"repeated filter", "track:go track:rust track:go", Query{Raw: "track:go track:rust track:go", Tracks: []string{"go", "rust"}}},
		{"unknown key is text", "foo:bar", Query{Raw: "foo:bar", Terms: []string{"foo:bar"}}},
		{"empty filter", "speaker: day:", Query{Raw: "speaker: day:", Notices: []string{`Empty filter "speaker:" ignored.`, `Empty filter "day:" ignored.`}}},
		{"filter without words", "track:!!", Query{Raw: "track:!!", Notices: []string{`Empty filter "track:" ignored.`}}},
		{"today and tomorrow", "day:today day:Tomorrow", Query{Raw: "day:today day:Tomorrow", Days: []string{"today", "tomorrow"}}},
		{"weekdays and numbers", "day:thu day:SAT day:samstag day:2 day:d3", Query{Raw: "day:thu day:SAT day:samstag day:2 day:d3", Days: []string{"thu", "sat", "samstag", "2", "d3"}}},
		{"date", "day:2026-11-28 keynote", Query{Raw: "day:2026-11-28 keynote", Days: []string{"2026-11-28"}, Terms: []string{"keynote"}}},
		{"unknown day", "day:funday go", Query{Raw: "day:funday go", Terms: []string{"go"}, Notices: []string{unknownDay("funday")}}},
		{"day zero", "day:0 go", Query{Raw: "day:0 go", Terms: []string{"go"}, Notices: []string{unknownDay("0")}}},
		{"symbols stay whole", "C++ vs C# on .NET, http/2", Query{Raw: "C++ vs C# on .NET, http/2", Terms: []string{"c++", "vs", "c#", "on", ".net", "http", "http2"}}},
		{"control characters", "kube\x00rnetes\x1b[31m\u2028secrets", Query{Raw: "kube rnetes [31m secrets", Terms: []string{"kube", "rnetes", "31m", "secrets"}}},
		{"invisible formatting", "kuber\u200bnetes \u202egnp", Query{Raw: "kubernetes gnp", Terms: []string{"kubernetes", "gnp"}}},
		{"invalid UTF-8", "caf\xe9 bar", Query{Raw: "caf  bar", Terms: []string{"caf", "bar"}}},
		{"query syntax is text", `* ? ~2 /regex/ +-&&|| title:foo^10`, Query{Raw: `* ? ~2 /regex/ +-&&|| title:foo^10`, Terms: []string{"2", "regex", "title:foo", "10"}}},
		{"too long", strings.Repeat("ab ", 200), Query{Raw: strings.TrimSpace(strings.Repeat("ab ", 167)[:MaxQueryRunes]), Terms: []string{"ab"}, Notices: []string{cutNotice}}},
		{"too many words", strings.Join(many, " "), Query{Raw: strings.Join(many, " "), Terms: many[:MaxTerms], Notices: []string{limitNotice}}},
		{"filters count too", strings.Join(many[:11], " ") + " speaker:a speaker:b", Query{
			Raw: strings.Join(many[:11], " ") + " speaker:a speaker:b", Terms: many[:11], Speakers: []string{"a"}, Notices: []string{limitNotice},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseQuery(tt.text, now, loc)
			if !got.Now.Equal(now) {
				t.Errorf("Now = %v, want %v", got.Now, now)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(Query{}, "Now")); diff != "" {
				t.Errorf("ParseQuery(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestParseQueryEmpty(t *testing.T) {
	tests := map[string]bool{"": true, "day:funday": true, `""`: true, "go": false, "day:today": false, `"a b"`: false, "room:x": false}
	for text, want := range tests {
		if got := ParseQuery(text, time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), nil).Empty(); got != want {
			t.Errorf("ParseQuery(%q).Empty() = %v, want %v", text, got, want)
		}
	}
}

func unknownDay(v string) string {
	return fmt.Sprintf("Unknown day %q ignored: use today, tomorrow, a weekday (sat), a day of the programme (1, 2, …) or a date (2026-11-28).", v)
}
