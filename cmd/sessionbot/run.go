package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/redact"
)

// errReported means the command already printed what went wrong; main only
// sets the exit status.
var errReported = errors.New("problems reported")

const usage = `usage: sessionbot [command] [-config FILE] [flags]

commands:
  run                       connect to Slack and serve (the default)
  try [-demo] [-listen ADDR] [-keep]
                            the real bot on a Slack stand-in, shown on a page at
                            http://127.0.0.1:8080 (no tokens, no network)
  search [-json] QUERY      search the programme as /session does
  sync [-dry-run] [-force]  fetch the source once; print new, changed and removed sessions
  check                     validate the config and the source; list every problem

-config defaults to sessionbot.yaml in the working directory when it exists.
`

// run is the whole program: main passes the real environment, tests their own.
// Its error, printed by main, has every secret masked (redact.Text), as have
// the logs and what check prints.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	return redact.Error(command(ctx, args, getenv, stdout))
}

// command runs the command args name.
func command(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cmd := "run"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return runBot(ctx, args, getenv, stdout)
	case "try":
		return runTry(ctx, args, getenv, stdout)
	case "search":
		return runSearch(ctx, args, getenv, stdout)
	case "sync":
		return runSync(ctx, args, getenv, stdout)
	case "check":
		return runCheck(ctx, args, getenv, stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
}

// newFlags returns a flag set with the -config flag every command has.
func newFlags(name string, stdout io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("sessionbot "+name, flag.ContinueOnError)
	fs.SetOutput(stdout)
	path := fs.String("config", "", "config file (default ./"+config.DefaultFile+" when it exists)")
	return fs, path
}

// loadConfig reads the config file named by -config, or sessionbot.yaml when
// it exists, or none: then defaults and SESSIONBOT_* variables alone.
func loadConfig(path string, getenv func(string) string) (*config.Config, error) {
	cfg, err := config.Load(configPath(path), getenv)
	if err != nil {
		return nil, invalidConfig(err)
	}
	return cfg, nil
}

// configPath is the config file to read: path, or sessionbot.yaml when path
// is empty and that file exists, or none ("").
func configPath(path string) string {
	if path == "" {
		if _, err := os.Stat(config.DefaultFile); err == nil {
			return config.DefaultFile
		}
	}
	return path
}

// invalidConfig introduces the configuration's problems, one a line.
func invalidConfig(err error) error {
	return fmt.Errorf("invalid configuration:\n%w", err)
}
