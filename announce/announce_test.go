package announce

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// queueThree syncs a programme and then three new sessions, leaving one
// digest in the outbox.
func queueThree(t *testing.T, e *env) {
	t.Helper()
	e.apply(talks(1, 3))
	e.apply(talks(1, 6))
	if pending, err := e.st.Pending(); err != nil || len(pending) != 1 {
		t.Fatalf("pending = %+v, %v; want one digest", pending, err)
	}
}

// TestRateLimited answers 429 twice: the post waits Retry-After each time
// and goes out once.
func TestRateLimited(t *testing.T) {
	e := newEnv(t)
	queueThree(t, e)
	e.slack.FailNext("chat.postMessage", 2, fakeslack.Fault{Status: http.StatusTooManyRequests, RetryAfter: time.Second})
	if n := e.flush(t0); n != 1 {
		t.Errorf("Flush posted %d, want 1", n)
	}
	if diff := cmp.Diff([][]string{ids(talks(4, 6)...)}, e.announced()); diff != "" {
		t.Errorf("announced (-want +got):\n%s", diff)
	}
	calls := e.slack.Calls("chat.postMessage")
	if len(calls) != 3 {
		t.Fatalf("%d chat.postMessage calls, want 3 (two rate limited)", len(calls))
	}
	for i := 1; i < len(calls); i++ {
		if gap := calls[i].At.Sub(calls[i-1].At); gap < time.Second {
			t.Errorf("post %d came %v after a 429 asking for 1s", i+1, gap)
		}
	}
}

// TestRateLimitedTooOften gives up for this flush after a few waits and
// keeps the entry.
func TestRateLimitedTooOften(t *testing.T) {
	e := newEnv(t)
	queueThree(t, e)
	e.slack.FailNext("chat.postMessage", 6, fakeslack.Fault{Status: http.StatusTooManyRequests, RetryAfter: time.Second})
	_, err := e.ann.Flush(t.Context(), t0)
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) {
		t.Fatalf("Flush error = %v, want the rate limit", err)
	}
	if n := len(e.slack.Calls("chat.postMessage")); n != 6 {
		t.Errorf("%d posts, want 6 (five 429s waited out)", n)
	}
	if n := e.flush(t0.Add(time.Hour)); n != 1 {
		t.Errorf("later Flush posted %d, want 1", n)
	}
	if got := len(e.announced()); got != 1 {
		t.Errorf("%d digests, want 1", got)
	}
}

// TestServerError keeps the entry queued with a backoff and posts it on a
// later flush, once.
func TestServerError(t *testing.T) {
	e := newEnv(t)
	queueThree(t, e)
	e.slack.FailNext("chat.postMessage", 2, fakeslack.Fault{Status: http.StatusInternalServerError})
	if _, err := e.ann.Flush(t.Context(), t0); err == nil {
		t.Fatal("Flush after a 500: no error")
	}
	pending, err := e.st.Pending()
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || !pending[0].NextTry.Equal(t0.Add(30*time.Second)) || pending[0].LastError == "" || pending[0].Claimed.IsZero() {
		t.Fatalf("pending after a 500 = %+v, want one claimed entry retrying at t0+30s", pending)
	}
	if n := e.flush(t0.Add(10 * time.Second)); n != 0 {
		t.Errorf("Flush before NextTry posted %d", n)
	}
	e.now = t0.Add(30 * time.Second)
	if _, err := e.ann.Flush(t.Context(), t0.Add(30*time.Second)); err == nil {
		t.Fatal("second 500: no error")
	}
	pending, _ = e.st.Pending()
	if len(pending) != 1 || !pending[0].NextTry.Equal(t0.Add(90*time.Second)) {
		t.Fatalf("pending after two 500s = %+v, want NextTry t0+90s", pending)
	}
	if n := e.flush(t0.Add(90 * time.Second)); n != 1 {
		t.Errorf("Flush after NextTry posted %d, want 1", n)
	}
	e.flush(t0.Add(time.Hour))
	if got := len(e.announced()); got != 1 {
		t.Errorf("%d digests posted, want 1", got)
	}
	if n := len(e.slack.Calls("conversations.history")); n != 2 {
		t.Errorf("conversations.history read %d times, want 2 (before each post after a failed one)", n)
	}
}

// TestGoneBeforePosted renders from the store at post time: sessions removed
// meanwhile are left out, and an entry with nothing left posts nothing.
func TestGoneBeforePosted(t *testing.T) {
	e := newEnv(t)
	queueThree(t, e)
	e.apply(append(talks(1, 3), talk(6))) // 4 and 5 gone before the post
	e.flush(t0)
	if diff := cmp.Diff([][]string{{"talk-06"}}, e.announced()); diff != "" {
		t.Errorf("announced (-want +got):\n%s", diff)
	}
	for id, want := range map[string]bool{"talk-04": false, "talk-06": true} {
		if entry, _, _ := e.st.Known(id); entry.Announced.IsZero() == want {
			t.Errorf("%s marked announced = %v, want %v: only what the digest showed counts", id, !entry.Announced.IsZero(), want)
		}
	}
	e.apply(talks(1, 7)) // 4, 5 back (not new), 7 new
	e.apply(talks(1, 6)) // and 7 gone again before the post
	if n := e.flush(t0); n != 0 {
		t.Errorf("posted %d messages for an entry with nothing left", n)
	}
	if pending, _ := e.st.Pending(); len(pending) != 0 {
		t.Errorf("pending = %+v, want the empty entry gone", pending)
	}
}

// TestLargeDigest announces fifteen sessions in one message of ten cards.
func TestLargeDigest(t *testing.T) {
	e := newEnv(t)
	e.apply(nil)
	e.apply(talks(1, 15))
	e.flush(t0)
	got := e.announced()
	if len(got) != 1 || len(got[0]) != 10 {
		t.Fatalf("announced %v, want one message with ten cards", got)
	}
	if text := e.slack.Calls("chat.postMessage")[0].Param("text"); text != "15 new sessions: 15 sessions" {
		t.Errorf("fallback text = %q", text)
	}
}

// errorLog makes e's Announcer log errors to a buffer, which it returns.
func errorLog(e *env) *bytes.Buffer {
	var buf bytes.Buffer
	e.ann.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError}))
	return &buf
}

// TestRejectedPostedPlain: a message Slack will never accept (invalid_blocks)
// goes out once more as plain text with the titles, and the entry is done.
func TestRejectedPostedPlain(t *testing.T) {
	e := newEnv(t)
	queueThree(t, e)
	logs := errorLog(e)
	e.slack.FailNext("chat.postMessage", 1, fakeslack.Fault{Error: "invalid_blocks"})
	if n := e.flush(t0); n != 1 {
		t.Errorf("Flush posted %d, want 1", n)
	}
	calls := e.slack.Calls("chat.postMessage")
	if len(calls) != 2 {
		t.Fatalf("%d posts, want the rejected one and a plain one", len(calls))
	}
	plain := calls[1]
	if plain.Error != "" || plain.Param("blocks") != "" {
		t.Errorf("second post: error %q, blocks %q; want plain text accepted", plain.Error, plain.Param("blocks"))
	}
	for _, want := range []string{"3 new sessions", "• Talk 4 on elephant", "• Talk 6 on giraffe"} {
		if !strings.Contains(plain.Param("text"), want) {
			t.Errorf("plain text %q lacks %q", plain.Param("text"), want)
		}
	}
	if pending, _ := e.st.Pending(); len(pending) != 0 {
		t.Errorf("pending = %+v, want none", pending)
	}
	if !strings.Contains(logs.String(), "invalid_blocks") {
		t.Errorf("the rejection is not logged at error level: %q", logs.String())
	}
}

// TestRejectedGivenUp: when the plain text is rejected too, the entry is
// given up (logged at error level) and the next one still goes out.
func TestRejectedGivenUp(t *testing.T) {
	e := newEnv(t)
	queueThree(t, e)
	e.apply(talks(1, 8))
	logs := errorLog(e)
	e.slack.FailNext("chat.postMessage", 2, fakeslack.Fault{Error: "msg_too_long"})
	if n := e.flush(t0); n != 1 {
		t.Errorf("Flush posted %d, want 1", n)
	}
	if diff := cmp.Diff([][]string{ids(talks(7, 8)...)}, e.announced()); diff != "" {
		t.Errorf("announced (-want +got):\n%s", diff)
	}
	if pending, _ := e.st.Pending(); len(pending) != 0 {
		t.Errorf("pending = %+v, want none", pending)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "outbox_id=1") {
		t.Errorf("giving up is not logged at error level: %q", logs.String())
	}
}

// TestChannelErrorRetried: a missing channel is the admin's to fix; the
// entry waits and keeps its place, and the error is logged at error level.
func TestChannelErrorRetried(t *testing.T) {
	e := newEnv(t)
	queueThree(t, e)
	logs := errorLog(e)
	e.slack.FailNext("chat.postMessage", 1, fakeslack.Fault{Error: "not_in_channel"})
	if _, err := e.ann.Flush(t.Context(), t0); err == nil {
		t.Fatal("Flush to a channel the bot is not in: no error")
	}
	if got := len(e.slack.Calls("chat.postMessage")); got != 1 {
		t.Errorf("%d posts, want 1 (no plain-text retry)", got)
	}
	if pending, _ := e.st.Pending(); len(pending) != 1 {
		t.Errorf("pending = %+v, want the entry kept", pending)
	}
	if !strings.Contains(logs.String(), "not_in_channel") {
		t.Errorf("channel error not logged at error level: %q", logs.String())
	}
	if n := e.flush(t0.Add(time.Minute)); n != 1 {
		t.Errorf("Flush after the fix posted %d, want 1", n)
	}
}

// postThenFail is a Slack client whose posts reach Slack but report a
// failure, as when the connection drops before the answer arrives.
type postThenFail struct{ slackAPI }

func (p postThenFail) PostMessageContext(ctx context.Context, ch string, opts ...slack.MsgOption) (string, string, error) {
	if _, _, err := p.slackAPI.PostMessageContext(ctx, ch, opts...); err != nil {
		return "", "", err
	}
	return "", "", context.DeadlineExceeded
}
