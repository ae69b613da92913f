package session

import (
	"strings"
	"unicode"
)

// companyFromTagLine guesses a speaker's company from a Sessionize tagLine, a
// free-text line such as "Cloud Architect at Contoso", "CTO, Foo Ltd" or
// "Microsoft MVP". It returns "" unless the guess is fairly safe:
//
//  1. The line is cut into parts at " | ", " / ", ", " and " - ".
//  2. The first part with " at ", " @ " or " @Name" names the company after
//     it: "Technical Lead at Onepoint" → "Onepoint".
//  3. Otherwise, when exactly one part does not read as a role or credential
//     (MVP, Architect, Speaker…), that part is first or last, the line has
//     another part, and it looks like a name (capitalised, at most five words),
//     it is the company: "CTO, Foo Ltd" → "Foo Ltd", "Capgemini, Senior
//     Architect" → "Capgemini". "Software Architect, Microsoft MVP" has no
//     such part and gives "".
//
// The company is cut at the first all-lower-case word after its first, so
// "NetApp working in the EMEA group" gives "NetApp".
func companyFromTagLine(tagLine string) string {
	parts := tagLineParts(tagLine)
	for _, p := range parts {
		if c, ok := companyAfterAt(p); ok {
			return c
		}
	}
	return companyByElimination(parts)
}

func tagLineParts(s string) []string {
	s = strings.NewReplacer(" | ", "\x00", " / ", "\x00", ", ", "\x00", " - ", "\x00", " – ", "\x00").Replace(collapseSpace(s))
	var parts []string
	for p := range strings.SplitSeq(s, "\x00") {
		if p = strings.Trim(p, " ,|-/"); p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

// companyAfterAt reads "Role at Company" and "Role @ Company" / "Role @Company".
// After " at " the company must look like a name ("Passionate at heart" is no
// company); "@" is explicit enough to take a lower-case handle.
func companyAfterAt(part string) (string, bool) {
	for _, sep := range []string{" at ", " @ ", " @"} {
		i := strings.LastIndex(part, sep)
		if i <= 0 {
			continue
		}
		c := trimCompany(part[i+len(sep):])
		if c != "" && (sep != " at " || looksLikeName(c)) {
			return c, true
		}
	}
	return "", false
}

// looksLikeName reports whether the first word of s has an upper-case letter
// or a digit: "Contoso", "proMX", "365 a11y".
func looksLikeName(s string) bool {
	first, _, _ := strings.Cut(s, " ")
	return strings.ContainsFunc(first, func(r rune) bool { return unicode.IsUpper(r) || unicode.IsDigit(r) })
}

func companyByElimination(parts []string) string {
	if len(parts) < 2 {
		return ""
	}
	found := -1
	for i, p := range parts {
		if isRole(p) {
			continue
		}
		if found >= 0 {
			return ""
		}
		found = i
	}
	if found != 0 && found != len(parts)-1 {
		return ""
	}
	c := parts[found]
	if !looksLikeName(c) || len(strings.Fields(c)) > 5 || trimCompany(c) != c {
		return ""
	}
	return c
}

// trimCompany keeps the words of a company name up to the first all-lower-case
// word after the first (connectives such as "of" and "and" stay).
func trimCompany(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if i > 0 && w == strings.ToLower(w) && strings.ContainsFunc(w, unicode.IsLetter) && !connective[w] {
			words = words[:i]
			break
		}
	}
	for len(words) > 0 && connective[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.TrimRight(strings.Join(words, " "), ".,;:")
}

var connective = map[string]bool{"&": true, "and": true, "of": true, "the": true, "de": true, "für": true, "und": true, "for": true}

// isRole reports whether a part of a tagLine reads as a job title, a
// credential or a self-description rather than an organisation.
func isRole(part string) bool {
	for w := range strings.FieldsFuncSeq(strings.ToLower(part), func(r rune) bool {
		return !unicode.IsLetter(r)
	}) {
		if roleWords[w] {
			return true
		}
	}
	return false
}

var roleWords = toSet(
	// titles and functions
	"architect", "engineer", "developer", "programmer", "consultant", "manager",
	"director", "lead", "leader", "head", "chief", "officer", "president", "vp",
	"ceo", "cto", "cio", "coo", "cfo", "ciso", "founder", "owner", "partner",
	"specialist", "expert", "analyst", "designer", "tester", "technologist",
	"scientist", "researcher", "professor", "lecturer", "student", "advisor",
	"adviser", "strategist", "auditor", "administrator", "admin", "freelance",
	"freelancer", "contractor", "evangelist", "advocate", "intern", "principal",
	"senior", "staff", "associate", "fellow", "member",
	// community roles and self-descriptions
	"speaker", "blogger", "author", "writer", "trainer", "coach", "mentor",
	"podcaster", "creator", "champion", "cheerleader", "enthusiast", "nerd",
	"geek", "guide", "organizer", "organiser", "maintainer", "contributor",
	// credentials
	"mvp", "mct", "rd", "fte", "cissp", "ccsp", "phd", "certified",
)

func toSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
