package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/delivery"
)

// responseRetry is how a response_url post is retried: a few tries,
// after a 429 (honouring Retry-After, but never waiting longer than 10 s at
// a time), a server error or a lost connection.
var responseRetry = delivery.Retry{
	Attempts:  3,
	Transient: isTransient,
	Backoff:   delivery.Backoff{First: 250 * time.Millisecond, Max: 10 * time.Second},
	MaxWait:   10 * time.Second,
}

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
	r := responseRetry
	r.Retrying = func(err error, wait time.Duration) {
		log.Warn("response_url post failed, retrying", slog.Any("error", err), slog.Duration("retry_in", wait))
	}
	if err := r.Do(ctx, func() error { return b.postOnce(ctx, url, payload) }); err != nil {
		log.Error("response_url post failed", slog.Any("error", err))
	}
}

// postOnce makes one POST. A 429 is a *slack.RateLimitedError with the
// Retry-After; a server error or a failed request a transientError.
func (b *Bot) postOnce(ctx context.Context, url string, payload []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return fmt.Errorf("bot: response_url: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := b.opts.HTTP.Do(req)
	if err != nil {
		return transientError{fmt.Errorf("bot: response_url: %w", err)}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch {
	case resp.StatusCode == http.StatusOK:
		return nil
	case resp.StatusCode == http.StatusTooManyRequests:
		return &slack.RateLimitedError{RetryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	case resp.StatusCode >= 500:
		return transientError{fmt.Errorf("bot: response_url: %s: %s", resp.Status, body)}
	}
	return fmt.Errorf("bot: response_url: %s: %s", resp.Status, body)
}

// transientError is a failure another try may mend.
type transientError struct{ err error }

func (e transientError) Error() string { return e.err.Error() }
func (e transientError) Unwrap() error { return e.err }

func isTransient(err error) bool {
	var t transientError
	return errors.As(err, &t)
}

// retryAfter reads a Retry-After header in seconds; garbage is 0.
func retryAfter(h string) time.Duration {
	secs, err := strconv.Atoi(h)
	if err != nil || secs < 0 {
		return 0
	}
	return time.Duration(secs) * time.Second
}
