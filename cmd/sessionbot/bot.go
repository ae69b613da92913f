package main

import (
	"context"
	"errors"
	"io"
)

// runBot connects to Slack and serves; built by the Slack bot issue.
func runBot(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	return errors.New("run: the Slack bot is not part of this build yet; use search, sync or check")
}
