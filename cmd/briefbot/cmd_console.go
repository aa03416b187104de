package main

import (
	"context"
	"fmt"

	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/summaries"
)

// langFlag is a --lang value: ar, en or unset.
type langFlag struct{ lang summaries.Lang }

func (l *langFlag) String() string { return string(l.lang) }
func (l *langFlag) Set(s string) error {
	v, ok := summaries.ParseLang(s)
	if !ok || len(s) != 2 {
		return fmt.Errorf("want ar or en")
	}
	l.lang = v
	return nil
}

func runConsole(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "console", "console [--lang ar|en]",
		"An interactive console over the bundled statements: type commands such as /summary,\n/figures or /list; the replies are plain text. It ends at the end of its input.")
	var lang langFlag
	fs.Var(&lang, "lang", "reply language `ar|en` (overrides BRIEFBOT_DEFAULT_LANG until /lang is used)")
	if err := parseFlags(fs, args); err != nil {
		return helpOK(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "briefbot console: unexpected argument %q\n", fs.Arg(0))
		return exitCode(2)
	}
	return serveConsole(ctx, e, lang.lang, "")
}

// serveConsole runs the console; note is an extra reason printed in the
// banner (why the console and not a platform).
func serveConsole(ctx context.Context, e env, lang summaries.Lang, note string) error {
	t, err := openTerminal(ctx, e, true)
	if err != nil {
		return err
	}
	defer t.close()
	fmt.Fprintf(e.stdout, "briefbot console%s, serving the %s (statements: %d), %s; type /help, end with Ctrl-D.\n", note, t.from, t.live.Catalog().Len(), t.where)
	c := &console.Console{Handler: t.handler, In: e.stdin, Out: e.stdout, Lang: lang}
	return c.Run(ctx)
}

// helpOK turns a --help request into success.
func helpOK(err error) error {
	if err == errHelp {
		return nil
	}
	return err
}
