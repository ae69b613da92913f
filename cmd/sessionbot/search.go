package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sessionbot/sessionbot/index"
	"github.com/sessionbot/sessionbot/session"
)

// cliPageSize is how many results search prints: the first page, as -json promises.
const cliPageSize = 10

// runSearch answers a query in the terminal with the same parser and index
// that /session uses.
func runSearch(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs, path := newFlags("search", stdout)
	asJSON := fs.Bool("json", false, `print {"total": N, "results": […]} (with "no_close_match" and "notices" when there are any) instead of text`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(*path, getenv)
	if err != nil {
		return err
	}
	q := index.ParseQuery(strings.Join(fs.Args(), " "), time.Now(), cfg.Location)
	q.Size = cliPageSize
	if q.Empty() {
		return fmt.Errorf("search: give a query, for example: sessionbot search kubernetes")
	}
	logTo := stdout
	if *asJSON {
		logTo = io.Discard // keep stdout one JSON object
	}
	a, err := openApp(cfg, quietLogger(logTo))
	if err != nil {
		return err
	}
	defer a.Close()
	note, err := a.syncForSearch(ctx, time.Now())
	if err != nil {
		return err
	}
	res, err := a.search.Search(ctx, q)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if *asJSON {
		return writeJSON(stdout, res, note)
	}
	if note != "" {
		fmt.Fprintf(stdout, "note: %s\n", note)
	}
	printResults(stdout, q, res, cfg.Location)
	return nil
}

// jsonResult is what -json prints. NoCloseMatch and Notices are left out
// when false or empty, so a plain result keeps its documented shape.
type jsonResult struct {
	Total        uint64    `json:"total"`
	Results      []jsonHit `json:"results"`
	NoCloseMatch bool      `json:"no_close_match,omitempty"`
	Notices      []string  `json:"notices,omitempty"`
}

type jsonHit struct {
	ID       string     `json:"id"`
	Title    string     `json:"title"`
	Speakers []string   `json:"speakers"`
	Start    *time.Time `json:"start"`
	Room     string     `json:"room"`
}

// writeJSON prints res; note, when not empty, says the source could not be
// read and goes first among the notices.
func writeJSON(w io.Writer, res index.Result, note string) error {
	out := jsonResult{Total: res.Total, Results: []jsonHit{}, NoCloseMatch: res.NoCloseMatch, Notices: res.Notices}
	if note != "" {
		out.Notices = append([]string{note}, res.Notices...)
	}
	for _, h := range res.Hits {
		s := h.Session
		hit := jsonHit{ID: s.ID, Title: s.Title, Speakers: s.SpeakerNames(), Room: s.Room}
		if !s.Start.IsZero() {
			hit.Start = &s.Start
		}
		out.Results = append(out.Results, hit)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func printResults(w io.Writer, q index.Query, res index.Result, loc *time.Location) {
	for _, n := range res.Notices {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	switch {
	case res.NoCloseMatch && len(res.Hits) == 0:
		fmt.Fprintf(w, "No close matches for %q.\nTry fewer or other words, or a speaker's surname.\n", q.Raw)
		return
	case res.NoCloseMatch:
		fmt.Fprintf(w, "No close matches for %q.\nThe closest:\n", q.Raw)
		printHits(w, 0, res.Hits, loc)
		return
	case res.Total == 0:
		fmt.Fprintf(w, "No sessions match %q. Try fewer or other words, or a speaker's surname.\n", q.Raw)
		return
	}
	fmt.Fprintf(w, "%d %s %q\n", res.Total, plural(int(res.Total), "session matches", "sessions match"), q.Raw)
	printHits(w, q.From, res.Hits, loc)
	if shown := uint64(q.From + len(res.Hits)); shown < res.Total {
		fmt.Fprintf(w, "\n…and %d more: add words or filters (speaker:, track:, day:) to narrow it down.\n", res.Total-shown)
	}
}

// printHits prints hits numbered from from+1: the title with the matched
// words marked, the details line and the snippet.
func printHits(w io.Writer, from int, hits []index.Hit, loc *time.Location) {
	for i, h := range hits {
		s := h.Session
		fmt.Fprintf(w, "\n%d. %s\n", from+i+1, mark(s.Title, h.TitleMarks))
		if line := detailLine(s, loc); line != "" {
			fmt.Fprintf(w, "   %s\n", line)
		}
		if h.Snippet.Text != "" {
			fmt.Fprintf(w, "   %s\n", mark(h.Snippet.Text, h.Snippet.Marks))
		}
	}
}

// detailLine is "speakers (company) · time · room · track".
func detailLine(s session.Session, loc *time.Location) string {
	var parts []string
	var people []string
	for _, sp := range s.Speakers {
		if sp.Company != "" {
			people = append(people, sp.Name+" ("+sp.Company+")")
		} else {
			people = append(people, sp.Name)
		}
	}
	if len(people) > 0 {
		parts = append(parts, strings.Join(people, ", "))
	}
	if !s.Start.IsZero() {
		parts = append(parts, timeRange(s.Start, s.End, loc))
	}
	for _, p := range []string{s.Room, s.Track} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

func timeRange(start, end time.Time, loc *time.Location) string {
	out := start.In(loc).Format("Mon 2 Jan 15:04")
	if !end.IsZero() {
		out += "–" + end.In(loc).Format("15:04")
	}
	return out
}

// mark wraps the marked byte ranges of text in ** so the terminal shows why a
// session matched.
func mark(text string, marks [][2]int) string {
	var b strings.Builder
	last := 0
	for _, m := range marks {
		if m[0] < last || m[1] > len(text) || m[0] >= m[1] {
			continue
		}
		b.WriteString(text[last:m[0]])
		b.WriteString("**" + text[m[0]:m[1]] + "**")
		last = m[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
