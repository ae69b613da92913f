package schedule

import (
	"bytes"
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
	e.write(talks(1, 3)...)
	e.sync(t0, SyncOptions{})
	e.write(talks(1, 6)...)
	if rep := e.sync(t0, SyncOptions{}); rep.Queued != 1 {
		t.Fatalf("queued %d, want 1", rep.Queued)
	}
}

// TestRateLimited answers 429 twice: the poster waits Retry-After each time
// and posts once.
func TestRateLimited(t *testing.T) {
	e := newEnv(t, nil)
	queueThree(t, e)
	e.slack.FailNext("chat.postMessage", 2, fakeslack.Fault{Status: http.StatusTooManyRequests, RetryAfter: time.Second})
	if n := e.flush(t0); n != 1 {
		t.Errorf("Flush posted %d, want 1", n)
	}
	if diff := cmp.Diff([]time.Duration{time.Second, time.Second}, e.waits); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{ids(talks(4, 6)...)}, e.announced()); diff != "" {
		t.Errorf("announced (-want +got):\n%s", diff)
	}
	if got := len(e.slack.Calls("chat.postMessage")); got != 3 {
		t.Errorf("%d chat.postMessage calls, want 3 (two rate limited)", got)
	}
}

// TestRateLimitedTooOften gives up for this flush after a few waits and
// keeps the entry.
func TestRateLimitedTooOften(t *testing.T) {
	e := newEnv(t, nil)
	queueThree(t, e)
	e.slack.FailNext("chat.postMessage", maxRateLimitWaits+1, fakeslack.Fault{Status: http.StatusTooManyRequests, RetryAfter: time.Second})
	_, err := e.ann.Flush(t.Context(), t0)
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) {
		t.Fatalf("Flush error = %v, want the rate limit", err)
	}
	if len(e.waits) != maxRateLimitWaits {
		t.Errorf("waited %d times, want %d", len(e.waits), maxRateLimitWaits)
	}
	if n := e.flush(t0.Add(time.Hour)); n != 1 {
		t.Errorf("later Flush posted %d, want 1", n)
	}
}

// TestServerError keeps the entry queued with a backoff and posts it on a
// later flush, once.
func TestServerError(t *testing.T) {
	e := newEnv(t, nil)
	queueThree(t, e)
	e.slack.FailNext("chat.postMessage", 2, fakeslack.Fault{Status: http.StatusInternalServerError})
	if _, err := e.ann.Flush(t.Context(), t0); err == nil {
		t.Fatal("Flush after a 500: no error")
	}
	pending, err := e.st.Pending()
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || !pending[0].NextTry.Equal(t0.Add(30*time.Second)) || pending[0].LastError == "" {
		t.Fatalf("pending after a 500 = %+v, want one entry retrying at t0+30s", pending)
	}
	if n := e.flush(t0.Add(10 * time.Second)); n != 0 {
		t.Errorf("Flush before NextTry posted %d", n)
	}
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
}

// TestGoneBeforePosted renders from the store at post time: sessions removed
// meanwhile are left out, and an entry with nothing left posts nothing.
func TestGoneBeforePosted(t *testing.T) {
	e := newEnv(t, nil)
	queueThree(t, e)
	e.write(append(talks(1, 3), talk(6))...) // 4 and 5 gone before the post
	e.sync(t0, SyncOptions{})
	e.flush(t0)
	if diff := cmp.Diff([][]string{{"talk-06"}}, e.announced()); diff != "" {
		t.Errorf("announced (-want +got):\n%s", diff)
	}
	for id, want := range map[string]bool{"talk-04": false, "talk-06": true} {
		if entry, _, _ := e.st.Known(id); entry.Announced.IsZero() == want {
			t.Errorf("%s marked announced = %v, want %v: only what the digest showed counts", id, !entry.Announced.IsZero(), want)
		}
	}

	e.write(talks(1, 7)...) // 4, 5 back (not new), 7 new
	e.sync(t0, SyncOptions{})
	e.write(talks(1, 6)...) // and 7 gone again before the post
	e.sync(t0, SyncOptions{})
	if n := e.flush(t0); n != 0 {
		t.Errorf("posted %d messages for an entry with nothing left", n)
	}
	if pending, _ := e.st.Pending(); len(pending) != 0 {
		t.Errorf("pending = %+v, want the empty entry gone", pending)
	}
}

// TestLargeDigest announces fifteen sessions in one message of ten cards.
func TestLargeDigest(t *testing.T) {
	e := newEnv(t, func(s *Syncer) { s.OnFirstSync = true })
	e.write(talks(1, 15)...)
	e.sync(t0, SyncOptions{})
	e.flush(t0)
	got := e.announced()
	if len(got) != 1 || len(got[0]) != 10 {
		t.Fatalf("announced %v, want one message with ten cards", got)
	}
	if text := e.slack.Calls("chat.postMessage")[0].Param("text"); text != "15 new sessions: 15 sessions" {
		t.Errorf("fallback text = %q", text)
	}
}

// TestNotifierDMs each admin.
func TestNotifierDMs(t *testing.T) {
	srv := fakeslack.New(t)
	n := SlackNotifier{API: slack.New(fakeslack.BotToken, slack.OptionAPIURL(srv.APIURL())), Admins: []string{"U0ADMIN001", "U0ADMIN002"}}
	if err := n.NotifyAdmins(t.Context(), "source broken: <!channel> & co"); err != nil {
		t.Fatal(err)
	}
	posts := srv.Calls("chat.postMessage")
	if len(posts) != 2 || posts[0].Param("channel") != "DU0ADMIN001" || posts[1].Param("channel") != "DU0ADMIN002" {
		t.Fatalf("posts = %+v", posts)
	}
	if got := posts[0].Param("text"); got != "source broken: &lt;!channel&gt; &amp; co" {
		t.Errorf("text = %q, want it escaped", got)
	}
	srv.FailNext("conversations.open", 1, fakeslack.Fault{Error: "user_not_found"})
	if err := n.NotifyAdmins(t.Context(), "again"); err == nil {
		t.Error("a failed DM: no error")
	}
	if got := len(srv.Calls("chat.postMessage")); got != 3 {
		t.Errorf("after one failed DM: %d posts, want 3 (the other admin still told)", got)
	}
}

func TestBackoff(t *testing.T) {
	for attempts, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute,
		8 * time.Minute, 16 * time.Minute, 30 * time.Minute, 30 * time.Minute} {
		if got := backoff(attempts); got != want {
			t.Errorf("backoff(%d) = %v, want %v", attempts, got, want)
		}
	}
	if got := backoff(1000); got != maxBackoff {
		t.Errorf("backoff(1000) = %v", got)
	}
}

// TestSyncJob syncs and posts in one run, and still posts what is queued
// when the sync fails.
func TestSyncJob(t *testing.T) {
	e := newEnv(t, nil)
	e.write(talks(1, 2)...)
	job := SyncJob("@every 1m", e.syncer, e.ann)
	if err := job.Run(t.Context(), t0); err != nil {
		t.Fatal(err)
	}
	e.write(talks(1, 4)...)
	e.slack.FailNext("chat.postMessage", 1, fakeslack.Fault{Status: http.StatusInternalServerError})
	if err := job.Run(t.Context(), t0.Add(time.Minute)); err == nil {
		t.Fatal("post failed: no error")
	}
	e.writeRaw([]byte("\x00junk"))
	if err := job.Run(t.Context(), t0.Add(time.Hour)); err == nil {
		t.Fatal("broken source: no error")
	}
	if diff := cmp.Diff([][]string{{"talk-03", "talk-04"}}, e.announced()); diff != "" {
		t.Errorf("announced (-want +got):\n%s", diff)
	}
}

// errorLog makes e's Announcer log to a buffer, which it returns.
func errorLog(e *env) *bytes.Buffer {
	var buf bytes.Buffer
	e.ann.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError}))
	return &buf
}

// TestRejectedPostedPlain: a message Slack will never accept (invalid_blocks)
// goes out once more as plain text with the titles, and the entry is done.
func TestRejectedPostedPlain(t *testing.T) {
	e := newEnv(t, nil)
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
	e := newEnv(t, nil)
	queueThree(t, e)
	e.write(talks(1, 8)...)
	e.sync(t0, SyncOptions{})
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
	e := newEnv(t, nil)
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
