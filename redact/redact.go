// Package redact keeps secrets out of what sessionbot prints and logs: the
// credentials and token-like query values of URLs, and Slack (or GitHub)
// tokens pasted where they do not belong. Text is the one function; Error,
// Handler and Writer apply it to errors, log records and printed output.
package redact

import (
	"io"
	"net/url"
	"regexp"
	"strings"
)

// Mask replaces every secret Text finds.
const Mask = "REDACTED"

var (
	// urlPattern matches a URL up to the quote, space or bracket that ends it
	// (url.Error quotes the URL it names).
	urlPattern = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>]+`)
	// tokenPattern matches Slack tokens (xoxb-, xoxp-, xapp-, …) and GitHub
	// tokens (ghp_…, github_pat_…); the prefix is kept to say which kind it was.
	tokenPattern = regexp.MustCompile(`\b(xox[a-z]-|xapp-|gh[pousr]_|github_pat_)[A-Za-z0-9_-]+`)
)

// secretWords mark a query parameter whose value is a secret: ?token=,
// ?api_key=, ?sig=, ?X-Amz-Signature=, ?password=, ?auth=…
var secretWords = []string{"token", "key", "secret", "sig", "pass", "pwd", "auth", "cred", "session", "jwt", "code"}

// Text returns s with every secret masked: the user info of each URL
// (user:password@), the values of query parameters whose names suggest a
// secret, and tokens wherever they stand. Everything else is left as it is,
// so an error still says which host and path it concerns.
func Text(s string) string {
	s = urlPattern.ReplaceAllStringFunc(s, redactURL)
	return tokenPattern.ReplaceAllString(s, "${1}"+Mask)
}

// redactURL masks the secrets of one URL, leaving punctuation that ends a
// sentence or an error's context ("…?token=t: refused") outside it.
func redactURL(match string) string {
	raw := strings.TrimRight(match, ".,:;!)]}")
	return maskURL(raw) + match[len(raw):]
}

func maskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Not a URL url can read: keep only what comes before any user
		// info, query or fragment could start.
		scheme, rest, _ := strings.Cut(raw, "://")
		rest, _, _ = strings.Cut(rest, "?")
		rest, _, _ = strings.Cut(rest, "#")
		if _, host, ok := strings.Cut(rest, "@"); ok {
			rest = Mask + "@" + host
		}
		return scheme + "://" + rest
	}
	out := u.Scheme + "://"
	if u.User != nil {
		out += Mask + "@"
	}
	out += u.Host + u.EscapedPath()
	if strings.EqualFold(u.Hostname(), "hooks.slack.com") && u.Path != "" {
		out = u.Scheme + "://" + u.Host + "/" + Mask // an incoming webhook's path is its secret
	}
	if u.ForceQuery || u.RawQuery != "" {
		out += "?" + maskQuery(u.RawQuery)
	}
	if u.Fragment != "" {
		out += "#" + maskQuery(u.EscapedFragment())
	}
	return out
}

// maskQuery masks the values of secret-looking parameters in a raw query
// (or fragment), keeping the parameters' order and spelling.
func maskQuery(raw string) string {
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		k, _, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if secretName(name) {
			parts[i] = k + "=" + Mask
		}
	}
	return strings.Join(parts, "&")
}

func secretName(name string) bool {
	name = strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// Error returns err with its message passed through Text; errors.Is and
// errors.As still see err. A nil err stays nil.
func Error(err error) error {
	if err == nil {
		return nil
	}
	return redacted{err}
}

type redacted struct{ err error }

func (e redacted) Error() string { return Text(e.err.Error()) }
func (e redacted) Unwrap() error { return e.err }

// Writer returns a writer that passes each Write through Text before w sees
// it. Each Write is redacted on its own, so write whole lines (as fmt.Fprintf
// and fmt.Fprintln do).
func Writer(w io.Writer) io.Writer { return writer{w} }

type writer struct{ w io.Writer }

func (w writer) Write(p []byte) (int, error) {
	if _, err := io.WriteString(w.w, Text(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
