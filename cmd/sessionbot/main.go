// Command sessionbot is a Slack app for a conference programme: search it with
// /session, hear about new sessions, get reminded before they start. Its
// subcommands search, sync and check work offline, without a Slack token.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the conference zone must load on machines without tzdata
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	if err != nil {
		if !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "sessionbot:", err)
		}
		os.Exit(1)
	}
}
