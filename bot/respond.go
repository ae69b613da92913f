package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
)

// Retry policy of response_url posts: a few tries, honouring Retry-After on
// 429 but never waiting longer than maxRetryWait at a time.
const (
	postAttempts = 3
	retryBase    = 250 * time.Millisecond
	maxRetryWait = 10 * time.Second
)

// responsePayload is what a response_url accepts.
type responsePayload struct {
	ResponseType    string `json:"response_type"`
	ReplaceOriginal bool   `json:"replace_original"`
	blocks.Message
}

// respond posts msg, ephemeral, to responseURL, replacing the message the
// button was on when replace is true.
func (b *Bot) respond(ctx context.Context, log *slog.Logger, responseURL string, msg blocks.Message, replace bool) {
	raw, err := json.Marshal(responsePayload{ResponseType: slack.ResponseTypeEphemeral, ReplaceOriginal: replace, Message: msg})
	if err != nil {
		log.Error("response not encodable", slog.Any("error", err))
		return
	}
	b.post(ctx, log, responseURL, raw)
}

// post sends payload to a response_url, retrying on rate limits and server
// errors; failures are logged, never shown to the user (there is nowhere to).
func (b *Bot) post(ctx context.Context, log *slog.Logger, url string, payload []byte) {
	var err error
	for attempt := range postAttempts {
		var wait time.Duration
		if wait, err = b.postOnce(ctx, url, payload); err == nil {
			return
		}
		if wait < 0 || attempt == postAttempts-1 {
			break
		}
		wait = max(wait, retryBase<<attempt)
		log.Warn("response_url post failed, retrying", slog.Any("error", err), slog.Duration("retry_in", wait))
		if !sleep(ctx, wait) {
			break
		}
	}
	log.Error("response_url post failed", slog.Any("error", err))
}

// postOnce makes one POST. On failure it returns how long to wait before
// retrying, or a negative duration when a retry cannot help.
func (b *Bot) postOnce(ctx context.Context, url string, payload []byte) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return -1, fmt.Errorf("bot: response_url: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := b.opts.HTTP.Do(req)
	if err != nil {
		return 0, fmt.Errorf("bot: response_url: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch {
	case resp.StatusCode == http.StatusOK:
		return 0, nil
	case resp.StatusCode == http.StatusTooManyRequests:
		return retryAfter(resp.Header.Get("Retry-After")), fmt.Errorf("bot: response_url: rate limited")
	case resp.StatusCode >= 500:
		return 0, fmt.Errorf("bot: response_url: %s: %s", resp.Status, body)
	}
	return -1, fmt.Errorf("bot: response_url: %s: %s", resp.Status, body)
}

// retryAfter reads a Retry-After header in seconds, capped at maxRetryWait.
func retryAfter(h string) time.Duration {
	secs, err := strconv.Atoi(h)
	if err != nil || secs < 0 {
		return 0
	}
	return min(time.Duration(secs)*time.Second, maxRetryWait)
}

// sleep waits for d; it reports false when ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
