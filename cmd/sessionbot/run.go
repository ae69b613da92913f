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

// run is the whole program: main passes the real environment, tests their own.
// Without a command it runs the bot; -h, --help and help print the usage,
// -version and --version the version. Its error, printed by main, has every
// secret masked (redact.Text), as have the logs and what check prints.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	return redact.Error(dispatch(ctx, args, getenv, stdout))
}

// dispatch runs the command args name.
func dispatch(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	name := "run"
	if len(args) > 0 {
		switch a := args[0]; {
		case a == "-h" || a == "-help" || a == "--help":
			name, args = "help", args[1:]
		case a == "-version" || a == "--version":
			name, args = "version", args[1:]
		case !strings.HasPrefix(a, "-"):
			name, args = a, args[1:]
		}
	}
	cmd, ok := lookup(name)
	if !ok {
		return fmt.Errorf("unknown command %q\n\n%s", name, usage())
	}
	err := cmd.run(ctx, args, getenv, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil // the command printed its usage, as asked
	}
	return err
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
