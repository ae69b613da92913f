package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sessionbot/sessionbot/config"
)

// command is one subcommand of sessionbot.
type command struct {
	name     string
	synopsis string // its arguments, as usage shows them
	summary  string // what it does, in a line
	operands bool   // takes arguments besides its flags (search's query)
	run      func(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error
}

// commands lists what the binary does, in the order usage shows them.
func commands() []command {
	return []command{
		{"run", "[-config FILE]", "connect to Slack and serve (the default)", false, runBot},
		{"try", "[-config FILE] [-demo] [-listen ADDR] [-keep]", "the real bot on a Slack stand-in, shown on a page at http://" + defaultTryListen + " (no tokens, no network)", false, runTry},
		{"search", "[-config FILE] [-json] QUERY…", "search the programme as /session does", true, runSearch},
		{"sync", "[-config FILE] [-dry-run] [-force]", "fetch the source once; print new, changed and removed sessions", false, runSync},
		{"check", "[-config FILE]", "validate the config and the source; list every problem", false, runCheck},
		{"health", "[-config FILE]", "probe the running bot's readiness on ops.listen; exit 0 when ready", false, runHealth},
		{"backup", "[-config FILE] OUT", "write a copy of the store to OUT, through the running bot if it has the store open", true, runBackup},
		{"restore", "[-config FILE] IN", "replace the store with the backup IN, the bot stopped; the old one is kept beside it", true, runRestore},
		{"version", "", "print the version, VCS revision and time, and Go version", false, runVersion},
		{"help", "[COMMAND]", "print this help, or a command's", true, runHelp},
	}
}

// line is the command with its arguments.
func (c command) line() string {
	return strings.TrimSpace(c.name + " " + c.synopsis)
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// usage is the program's help: every command with its arguments.
func usage() string {
	var b strings.Builder
	b.WriteString("usage: sessionbot [COMMAND] [flags]\n\ncommands:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  %s\t%s\n", c.line(), c.summary)
	}
	tw.Flush()
	b.WriteString("\n-config defaults to " + config.DefaultFile + " in the working directory when it exists.\n" +
		"sessionbot COMMAND -h describes a command's flags.\n")
	return b.String()
}

// runHelp prints the usage, or with a command's name that command's.
func runHelp(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := newCommandFlags("help", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch fs.NArg() {
	case 0:
		fmt.Fprint(stdout, usage())
		return nil
	case 1:
		cmd, ok := lookup(fs.Arg(0))
		if !ok {
			return fmt.Errorf("help: unknown command %q\n\n%s", fs.Arg(0), usage())
		}
		return cmd.run(ctx, []string{"-h"}, getenv, stdout)
	}
	return fmt.Errorf("help: unexpected argument %q\n\n%s", fs.Arg(1), fs.usage())
}

// flags is a command's flag set. Its Parse prints the command's usage on
// stdout for -h (and returns flag.ErrHelp, which run turns into success), and
// rejects a bad flag, or an argument the command does not take, with an
// error that shows the usage.
type flags struct {
	*flag.FlagSet
	cmd    command
	stdout io.Writer
}

func newCommandFlags(name string, stdout io.Writer) *flags {
	cmd, _ := lookup(name)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Parse's messages are ours to print
	fs.Usage = func() {}
	return &flags{FlagSet: fs, cmd: cmd, stdout: stdout}
}

// newFlags returns a command's flags with the -config flag it shares with
// the other commands that read the configuration.
func newFlags(name string, stdout io.Writer) (*flags, *string) {
	fs := newCommandFlags(name, stdout)
	path := fs.String("config", "", "config file (default ./"+config.DefaultFile+" when it exists)")
	return fs, path
}

// Parse parses args as flag.FlagSet's Parse does, then checks for stray arguments.
func (f *flags) Parse(args []string) error {
	err := f.FlagSet.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(f.stdout, f.usage())
		return err
	case err != nil:
		return fmt.Errorf("%s: %w\n\n%s", f.Name(), err, f.usage())
	case f.NArg() > 0 && !f.cmd.operands:
		return fmt.Errorf("%s: unexpected argument %q\n\n%s", f.Name(), f.Arg(0), f.usage())
	}
	return nil
}

// usage is the command's synopsis, summary and flags.
func (f *flags) usage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: sessionbot %s\n\n%s\n", f.cmd.line(), f.cmd.summary)
	n := 0
	f.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		b.WriteString("\nflags:\n")
		f.SetOutput(&b)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
	return b.String()
}
