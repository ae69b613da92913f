package index

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/sessionbot/sessionbot/session"
)

// vocabulary is what synthetic programmes are made of: the words, sentences,
// names and places of a real one.
type vocabulary struct {
	titleWords, sentences, firstNames, lastNames, tracks, rooms []string
}

func vocabularyOf(base []session.Session) vocabulary {
	var v vocabulary
	for _, s := range base {
		v.titleWords = append(v.titleWords, strings.Fields(s.Title)...)
		for _, sentence := range strings.SplitAfter(s.Abstract, ". ") {
			if sentence = strings.TrimSpace(sentence); sentence != "" {
				v.sentences = append(v.sentences, sentence)
			}
		}
		for _, name := range s.SpeakerNames() {
			first, last, ok := strings.Cut(name, " ")
			if ok {
				v.firstNames, v.lastNames = append(v.firstNames, first), append(v.lastNames, last)
			}
		}
		if s.Track != "" {
			v.tracks = append(v.tracks, s.Track)
		}
		if s.Room != "" {
			v.rooms = append(v.rooms, s.Room)
		}
	}
	return v
}

var companies = []string{"", "", "Red Hat", "Google", "Cloudflare", "Microsoft", "SUSE", "Canonical", "Igalia", "Collabora", "Isovalent", "Grafana Labs"}

// synthetic makes a deterministic programme of n sessions over four days
// from the vocabulary of base.
func synthetic(base []session.Session, n int) []session.Session {
	v := vocabularyOf(base)
	r := rand.New(rand.NewPCG(2025, 2))
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	day0 := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	out := make([]session.Session, n)
	for i := range out {
		words := make([]string, 3+r.IntN(7))
		for j := range words {
			words[j] = pick(v.titleWords)
		}
		sentences := make([]string, 2+r.IntN(6))
		for j := range sentences {
			sentences[j] = pick(v.sentences)
		}
		speakers := make([]session.Speaker, 1+r.IntN(2))
		for j := range speakers {
			speakers[j] = session.Speaker{Name: pick(v.firstNames) + " " + pick(v.lastNames), Company: pick(companies)}
		}
		start := day0.AddDate(0, 0, r.IntN(4)).Add(time.Duration(r.IntN(36)) * 15 * time.Minute)
		out[i] = session.Session{
			ID: fmt.Sprintf("syn-%05d", i), Title: strings.Join(words, " "),
			Abstract: strings.Join(sentences, " "), Speakers: speakers,
			Track: pick(v.tracks), Room: pick(v.rooms), Type: "talk",
			Start: start, End: start.Add(time.Duration(25+25*r.IntN(2)) * time.Minute),
			URL: fmt.Sprintf("https://example.org/talks/%d", i),
		}
	}
	return out
}
