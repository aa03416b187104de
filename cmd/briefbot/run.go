package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// exitCode ends the process with a status and no further message: the
// command has already said what went wrong.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// configError is a configuration refused at start: main prints it and
// exits with status 2, as for a bad command line.
type configError struct{ err error }

func (e configError) Error() string { return e.err.Error() }
func (e configError) Unwrap() error { return e.err }

// env is the process environment, injected so tests can run commands with a
// fake one.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// subcommand is one verb of the command line.
type subcommand struct {
	name    string
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

func subcommands() []subcommand {
	return []subcommand{
		{"run", "serve Telegram and/or Discord when their tokens are set; with none, the local console", runServe},
		{"console", "an interactive console on the bundled statements", runConsole},
		{"ask", "answer one command as plain text on stdout and exit", runAsk},
		{"validate", "check curated statement files and their source texts", runValidate},
		{"import", "draft a statement file from a raw statement text saved from a web page", runImport},
		{"briefing", "briefing preview --chat CHAT: what a chat's next daily briefing would carry", runBriefing},
		{"subscriptions", "every subscription, its next run and its last delivery (read-only)", runSubscriptions},
		{"outbox", "what is queued, in flight or failed in the outbox, and why (read-only)", runOutbox},
		{"healthcheck", "exit 0 when /healthz on BRIEFBOT_HTTP_ADDR answers (container health checks)", runHealthcheck},
		{"desk", "desk adduser|deluser NAME, desk serve: the curators' web desk", runDesk},
	}
}

const usageHead = `briefbot serves curated summaries and key figures of official statements
(joint communiqués, ministerial statements) in Arabic and English, on Telegram,
Discord and the terminal.

Usage:
  briefbot [run]                          serve the platforms whose tokens are set;
                                          with no token, a local console on the bundled data
  briefbot console [--lang ar|en]         interactive console on the bundled data
  briefbot ask [--lang ar|en] "/figures"  answer one command on stdout and exit
  briefbot validate [DIR]                 check curated statements (default: the bundled data)
  briefbot import [--out F.yaml] FILE|-   draft a statement file from a raw text saved from a web page
  briefbot briefing preview --chat CHAT   what a chat's next daily briefing would carry now
  briefbot subscriptions [--json]         every subscription: time, zone, language, mode, next run, last delivery
  briefbot outbox [--pending|--failed] [--json]
                                          what is queued, in flight or failed in the outbox, and why
  briefbot healthcheck                    exit 0 when /healthz on BRIEFBOT_HTTP_ADDR answers
  briefbot desk adduser|deluser NAME      add or remove a curator of the web desk (served under /desk/)
  briefbot desk serve                     serve the curators' desk alone, with no platform
  briefbot help                           this text; "briefbot COMMAND --help" for one command
`

// run is the whole program behind main, with its environment injected.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		return runServe(ctx, e, nil)
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usageHead, "\n")
		printEnvHelp(stdout)
		return nil
	}
	if strings.HasPrefix(args[0], "-") {
		return runServe(ctx, e, args)
	}
	for _, c := range subcommands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "briefbot: unknown command %q\n\n%s", args[0], usageHead)
	return exitCode(2)
}

// newFlags returns a flag set whose -help prints the command's usage, its
// flags and the environment it reads.
func newFlags(e env, name, usage, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		out := e.stdout
		fmt.Fprintf(out, "Usage: briefbot %s\n\n%s\n", usage, summary)
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(out, "\nFlags:")
			fs.SetOutput(out)
			fs.PrintDefaults()
			fs.SetOutput(e.stderr)
		}
		fmt.Fprintln(out)
		printEnvHelp(out)
	}
	return fs
}

// parseFlags parses args; -help is a success (status 0), a bad flag is 2.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return exitCode(2)
	}
	return nil
}

// errHelp stops a command after its usage was printed on request.
var errHelp = errors.New("help requested")
