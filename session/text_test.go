package session

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// seedHeads are the titles and speakers of testdata/confirmed-sessions.txt.
var seedHeads = []Session{
	{Title: "Who guards the guardians? Designing for resilience in cluster orchestrators", Speakers: []Speaker{{"Preetha Appan", "HashiCorp"}}},
	{Title: "Isolate Computing", Speakers: []Speaker{{"Zack Bloom", "Cloudflare"}}},
	{Title: "Enterprise transformation (and you can too)", Speakers: []Speaker{{"Donovan Brown", "Microsoft"}}},
	{Title: "Data Modeling in the 24th and ½ Century with Apache Cassandra", Speakers: []Speaker{{"Amanda Moran", "DataStax"}}},
	{Title: "How to Scale your Customer Experience", Speakers: []Speaker{{"Chris McCraw", "Netlify"}}},
	{Title: "Schema Evolution Patterns", Speakers: []Speaker{{"Alex Rasmussen", "Bits on Disk"}}},
	{Title: "Serverless Security: Attackers & Defenders", Speakers: []Speaker{{"Ory Segal", "PureSec"}}},
	{Title: "Base64 is not encryption - a better story for Kubernetes Secrets", Speakers: []Speaker{{"Seth Vargo", "Google"}}},
	{Title: "Everything is a Little Bit Broken ~or~ The Illusion of Control", Speakers: []Speaker{{"Heidi Waterhouse", "LaunchDarkly"}}},
}

// seedAbstracts are whole abstracts of the seed file, keyed by title.
var seedAbstracts = map[string]string{
	"How to Scale your Customer Experience": `Do you wish your company's Support team was constantly bringing you User Stories and filing better bugs? This talk will instruct and demonstrate how to create a better environment for collaborative work across teams particularly as they grow in size and products grow in complexity. We'll cover topics including:
- helping your support team think like engineers. This leads to better escalations and feedback.
- developing an engineering relationship directly with your customers.
- working to develop a model actionable feedback (instead of "this is broken", "this could meet more use cases we've heard about if behavior changed ")
- developing a better escalation path for customer-facing issues
You'll end up with some thoughts and practices that will help your customer experience and Support team interactions scale as fast as your business.
Intended audience:Engineers/Engineering Managers or Product Managers who want to get "closer to the meat" (receive more direct and actionable customer feedback)`,
	"Serverless Security: Attackers & Defenders": `In cloud-native environments in general, and serverless in particular, the cloud provider is responsible for securing the underlying infrastructure, from the data centers all the way up to the container and runtime environment. This relieves much of the security burden from the application owner, however it also poses many unique challenges when it comes to securing the application layer. In this presentation, we will discuss the most critical challenges related to securing serverless applications – from development to deployment. We will also walk through a live demo of a realistic serverless application that contains several common vulnerabilities, and see how they can be exploited by attackers, and how to secure them.
Key takeaways include:
1) Understand application security challenges for serverless architectures
2) Learn about the key risks and developer mistakes for serverless applications
3) See how an attacker approaches serverless apps, and exploits weaknesses
4) Learn how to protect and defend your serverless code
5) Learn about open source tools that can help`,
	"Everything is a Little Bit Broken ~or~ The Illusion of Control": `We never change the amount of work or technical debt, we just shift it, and with it, we change how it emerges and appears.
Our systems don’t have to be perfect to be operational – planes, networks, and elite athletes all function at extremely high levels even though they are not operating at 100%.
As an industry, we have moved the locus of control from hardware to operating system to virtual machine, to container, to orchestration, and now we are approaching serverless. None of that has reduced the amount of work that must happen, it just makes it possible to re-use and conceptually compress the work of others. Since we are making the work in our tools less visible, we also have less control over how they work. We end up assuming that the promises that have been true will continue to be true, but that is not in our control.
How do we handle this level of uncertainty? By adding in error budgets, layered access, and other accommodations for failure and for designing our systems for function over form or purity.
The audience will leave with some concrete ideas about how to add resiliency to their system by learning to trust but mitigate their reliance on perfect performance of their underlying tools.`,
}

func heads(sessions []Session) []Session {
	out := make([]Session, 0, len(sessions))
	for _, s := range sessions {
		out = append(out, Session{Title: s.Title, Speakers: s.Speakers})
	}
	return out
}

func TestParseTextSeed(t *testing.T) {
	res, err := Parse(readTestdata(t, "confirmed-sessions.txt"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != FormatText || len(res.Warnings) != 0 {
		t.Errorf("format %q, warnings %v; want text and none", res.Format, res.Warnings)
	}
	if diff := cmp.Diff(seedHeads, heads(res.Sessions)); diff != "" {
		t.Fatalf("titles and speakers (-want +got):\n%s", diff)
	}
	// Paragraphs per abstract, counted in the file: none lost or run together.
	paragraphs := []int{2, 5, 2, 6, 7, 3, 7, 2, 5}
	for i, s := range res.Sessions {
		if n := strings.Count(s.Abstract, "\n") + 1; n != paragraphs[i] {
			t.Errorf("abstract of %q has %d paragraphs, want %d", s.Title, n, paragraphs[i])
		}
		if want, ok := seedAbstracts[s.Title]; ok {
			if diff := cmp.Diff(want, s.Abstract); diff != "" {
				t.Errorf("abstract of %q (-want +got):\n%s", s.Title, diff)
			}
		}
	}
}

// The page layouts the text parser must read, each reduced to titles,
// speakers and abstracts.
func TestParseTextLayouts(t *testing.T) {
	type S = Session
	sp := func(pairs ...string) []Speaker {
		var out []Speaker
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, Speaker{Name: pairs[i], Company: pairs[i+1]})
		}
		return out
	}
	for _, tc := range []struct {
		name, page string
		want       []S
	}{
		{"windows line endings, trailing spaces, extra blank lines",
			"Confirmed Sessions \r\n\r\n\r\nIntro.\r\n\r\nFirst Talk  \r\n\r\n\r\nJane Doe - Acme \r\n\r\nOne.\r\n\r\n\r\nTwo.\r\n\r\nSecond Talk\r\n\r\nJohn Roe - Initech\r\n\r\nThree.\r\n",
			[]S{{Title: "First Talk", Speakers: sp("Jane Doe", "Acme"), Abstract: "One.\nTwo."}, {Title: "Second Talk", Speakers: sp("John Roe", "Initech"), Abstract: "Three."}}},
		{"old Mac line endings", "T\r\rJane Doe - Acme\r\rAbstract.\r",
			[]S{{Title: "T", Speakers: sp("Jane Doe", "Acme"), Abstract: "Abstract."}}},
		{"en and em dashes", "A\n\nJane Doe – Acme\n\nx\n\nB\n\nJohn Roe — Initech\n",
			[]S{{Title: "A", Speakers: sp("Jane Doe", "Acme"), Abstract: "x"}, {Title: "B", Speakers: sp("John Roe", "Initech")}}},
		{"speakers from two companies", "T\n\nJane Doe - Acme, John Roe - Initech\n\nx\n",
			[]S{{Title: "T", Speakers: sp("Jane Doe", "Acme", "John Roe", "Initech"), Abstract: "x"}}},
		{"speakers of one company", "T\n\nJane Doe & John Roe - Acme\n\nU\n\nAda Lovelace, Charles Babbage and Mary Somerville - Analytical Engines Ltd.\n",
			[]S{{Title: "T", Speakers: sp("Jane Doe", "Acme", "John Roe", "Acme")}, {Title: "U", Speakers: sp("Ada Lovelace", "Analytical Engines Ltd.", "Charles Babbage", "Analytical Engines Ltd.", "Mary Somerville", "Analytical Engines Ltd.")}}},
		{"company with a dash", "T\n\nJane Doe - Acme - Berlin\n\nx\n",
			[]S{{Title: "T", Speakers: sp("Jane Doe", "Acme - Berlin"), Abstract: "x"}}},
		{"names with particles and initials", "T\n\nUrsula von der Leyen - EU, J. R. R. Tolkien - Oxford, Jean-Luc O'Neil - CERN\n",
			[]S{{Title: "T", Speakers: sp("Ursula von der Leyen", "EU", "J. R. R. Tolkien", "Oxford", "Jean-Luc O'Neil", "CERN")}}},
		{"title with a dash after a one-paragraph abstract",
			"A\n\nJane Doe - Acme\n\nOne paragraph without a full stop\n\nWhy Rust - Lessons Learned\n\nJohn Roe - Initech\n\nx\n",
			[]S{{Title: "A", Speakers: sp("Jane Doe", "Acme"), Abstract: "One paragraph without a full stop"}, {Title: "Why Rust - Lessons Learned", Speakers: sp("John Roe", "Initech"), Abstract: "x"}}},
		{"title with a dash after a session without abstract",
			"A\n\nJane Doe - Acme\n\nWhy Rust - Lessons Learned\n\nJohn Roe - Initech\n\nx\n",
			[]S{{Title: "A", Speakers: sp("Jane Doe", "Acme")}, {Title: "Why Rust - Lessons Learned", Speakers: sp("John Roe", "Initech"), Abstract: "x"}}},
		{"header with a dash", "DevOpsDays Ghent - Confirmed Sessions\n\nWe're announcing sessions - 70+ more to go.\n\nT\n\nJane Doe - Acme\n\nx\n",
			[]S{{Title: "T", Speakers: sp("Jane Doe", "Acme"), Abstract: "x"}}},
		{"dash lines inside an abstract", "T\n\nJane Doe - Acme\n\nWe cover:\n- Kubernetes - The Hard Way\n- Go - Simply\n",
			[]S{{Title: "T", Speakers: sp("Jane Doe", "Acme"), Abstract: "We cover:\n- Kubernetes - The Hard Way\n- Go - Simply"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sessions, _, err := parseText([]byte(tc.page), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for i := range sessions {
				sessions[i].normalize()
			}
			if diff := cmp.Diff(tc.want, sessions); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSpeakerLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []Speaker // nil: not a speaker line
	}{
		{"Preetha Appan - HashiCorp", []Speaker{{"Preetha Appan", "HashiCorp"}}},
		{"Alex Rasmussen - Bits on Disk", []Speaker{{"Alex Rasmussen", "Bits on Disk"}}},
		{"José Ñúñez – Telefónica", []Speaker{{"José Ñúñez", "Telefónica"}}},
		{"Jane Doe - Acme; John Roe - Initech", []Speaker{{"Jane Doe", "Acme"}, {"John Roe", "Initech"}}},
		{"Base64 is not encryption - a better story for Kubernetes Secrets", nil},
		{"Kubernetes - The Hard Way", nil},
		{"Preetha Appan", nil},
		{"Jane Doe - Acme, Kubernetes - Initech", nil},
		{"Jane Doe - Why would you do that?", nil},
		{"Jane Doe - ", nil},
		{" - Acme", nil},
		{"Ghent, Belgium – 28–29 November 2026", nil},
		{"Jane Doe - " + strings.Repeat("Acme ", 80), nil},
	} {
		t.Run(tc.line, func(t *testing.T) {
			got, ok := parseSpeakerLine(tc.line)
			if ok != (tc.want != nil) {
				t.Fatalf("parseSpeakerLine(%q) ok = %v, want %v (%v)", tc.line, ok, tc.want != nil, got)
			}
			if diff := cmp.Diff(tc.want, got); ok && diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseTextErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"prose only", []byte("Confirmed Sessions\n\nComing soon.\n"), `text: found no session: want a title line, a blank line, then a "Name - Company" speaker line`},
		{"10 MiB on one line", bytes.Repeat([]byte("Jane Doe - Acme "), 10<<20/16), "text: line 1 is 10240 KiB long: a text programme has one paragraph a line (is source.format right?)"},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "source contains NUL bytes: it looks binary, not a text schedule"},
		{"latin-1", []byte("T\n\nJos\xe9 Doe - Acme\n"), "source is not valid UTF-8 (first bad byte at line 3); convert it to UTF-8"},
		{"UTF-16 little endian", []byte("\xff\xfeT\x00\n\x00"), "source is UTF-16 encoded; save or export it as UTF-8"},
		{"UTF-16 big endian", []byte("\xfe\xff\x00T\x00\n"), "source is UTF-16 encoded; save or export it as UTF-8"},
		{"empty", nil, "source is empty: " + ErrNoSessions.Error()},
		{"blank", []byte(" \r\n\t\n"), "source is empty: " + ErrNoSessions.Error()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.data, Options{Format: FormatText})
			if err == nil || err.Error() != tc.want {
				t.Errorf("Parse: error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseTextSniff(t *testing.T) {
	data := append([]byte("\uFEFF"), readTestdata(t, "confirmed-sessions.txt")...)
	res, err := Parse(data, Options{ContentType: "text/plain; charset=utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != FormatText || len(res.Sessions) != len(seedHeads) {
		t.Errorf("format %q with %d sessions, want text with %d", res.Format, len(res.Sessions), len(seedHeads))
	}
}

func FuzzParseText(f *testing.F) {
	f.Add(readTestdata(f, "confirmed-sessions.txt"), false)
	f.Add(readTestdata(f, "confirmed-sessions.html"), false)
	f.Add([]byte("T\n\nJane Doe - Acme, John Roe - Initech & Co\n\nx\n"), false)
	f.Add([]byte("A\n\nB - C\n\nD - E\n\nF - G - H\n\n"), false)
	f.Add([]byte("<ul><li><nav><p>T<p>Jane Doe &ndash; Acme</nav><p>x"), false)
	f.Add([]byte("T<p>Jane Doe - Acme<script>x"), true)
	f.Fuzz(func(t *testing.T, data []byte, isHTML bool) {
		opts := Options{Format: FormatText}
		if isHTML {
			opts.ContentType = "text/html"
		}
		res, err := Parse(data, opts)
		checkFuzzResult(t, res, err)
	})
}

// errorless reports whether a parse found sessions; benchmarks use it so the
// compiler keeps the call.
func errorless(b *testing.B, data []byte) {
	b.Helper()
	if _, err := Parse(data, Options{Format: FormatText}); err != nil && !errors.Is(err, ErrNoSessions) && !strings.Contains(err.Error(), "KiB long") {
		b.Fatal(err)
	}
}

// BenchmarkParseText shows the parser is linear: ns per byte stays flat as the
// page grows from the 10 KiB seed to 256 times that, and for pages made only
// of lines that look like speakers. On a loaded 2-core Xeon (2026-11): seed
// x1/x16/x256 at 60/88/53 MB/s; speaker lines x400/x6400/x102400 (every pair
// a session) at 7.8/7.7/5.2 MB/s; a 10 MiB single line is rejected in 12 ms.
func BenchmarkParseText(b *testing.B) {
	seed := readTestdata(b, "confirmed-sessions.txt")
	pages := map[string][]byte{"10MiB one line": bytes.Repeat([]byte("x"), 10<<20)}
	for _, n := range []int{1, 16, 256} {
		pages[fmt.Sprintf("seed x%d", n)] = bytes.Repeat(append(seed, "\n\n"...), n)
		pages[fmt.Sprintf("speaker lines x%d", n*400)] = bytes.Repeat([]byte("Jane Doe - Acme, John Roe - Initech\n\n"), n*400)
	}
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		data := pages[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				errorless(b, data)
			}
		})
	}
}
