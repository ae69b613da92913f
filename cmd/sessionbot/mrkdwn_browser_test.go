package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
)

// TestMrkdwnInBrowser renders mrkdwn with the page's own code
// (playground/static/mrkdwn.js) in Chromium, as a Slack client would show
// the bot's text: formatting at word edges only, escaped text shown as
// text, links only to http(s) and mailto, and date tokens in the
// browser's time zone.
func TestMrkdwnInBrowser(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	tab := newBrowser(t, ctx, "America/New_York")
	url, _ := startTry(t, "-listen", "127.0.0.1:0")
	do(t, tab, "open the page", chromedp.Navigate(url), chromedp.WaitVisible(composer))

	html := []struct {
		name, in, want string
		verbatim       bool
	}{
		{"formatting", "*bold* _italic_ ~strike~", "<b>bold</b> <i>italic</i> <s>strike</s>", true},
		{"nested", "_*both*_", "<i><b>both</b></i>", true},
		{"escaped query in bold", "1 session matches *go &amp; &lt;kubernetes*&gt;",
			"1 session matches <b>go &amp; &lt;kubernetes</b>&gt;", true},
		{"markup is text", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\"",
			"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;", true},
		{"link", "<https://example.org/a?b=1&amp;c=2|Example &amp; co>",
			`<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">Example &amp; co</a>`, true},
		{"no script links", "<javascript:alert(1)|click me>", "click me", true},
		{"not inside words", "snake_case_name a*b*c", "snake_case_name a*b*c", true},
		{"bold before an ellipsis", "including *secrets*…", "including <b>secrets</b>…", true},
		{"not around spaces", "5 * 3 * 2", "5 * 3 * 2", true},
		{"code keeps its stars", "run `*not bold*`", "run <code>*not bold*</code>", true},
		{"lines", "one\ntwo", "one<br>two", true},
		{"bare URL, verbatim", "see https://example.org", "see https://example.org", true},
		{"bare URL", "see https://example.org", `see <a href="https://example.org" target="_blank" rel="noopener noreferrer">https://example.org</a>`, false},
		{"mention", "<@U0ALICE|alice>", `<span class="mention">@alice</span>`, true},
	}
	for _, tc := range html {
		t.Run(tc.name, func(t *testing.T) {
			in, _ := json.Marshal(tc.in)
			got := eval[string](t, tab, "Mrkdwn.render("+string(in)+", "+boolJS(tc.verbatim)+")")
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Mrkdwn.render(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}

	// 1795852800 is 2026-11-28 08:00 UTC: 03:00 in New York.
	dates := []struct{ in, want string }{
		{"<!date^1795852800^{date_num} {time}|Sat 28 Nov 09:00 CET>", "2026-11-28 3:00 AM"},
		{"<!date^1795852800^{date_short} at {time_secs}|x>", "Nov 28, 2026 at 3:00:00 AM"},
		{"<!date^1795852800^{date_long}|x>", "Saturday, November 28th, 2026"},
		{"<!date^garbage^{time}|the fallback>", "the fallback"},
	}
	for _, tc := range dates {
		t.Run(tc.in, func(t *testing.T) {
			in, _ := json.Marshal(tc.in)
			got := eval[string](t, tab, `(() => { const d = document.createElement("div"); d.innerHTML = Mrkdwn.render(`+
				string(in)+`, true); return d.textContent })()`)
			got = strings.ReplaceAll(got, "\u202f", " ") // ICU's narrow space before AM
			if got != tc.want {
				t.Errorf("shown as %q, want %q", got, tc.want)
			}
		})
	}
}

func boolJS(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
