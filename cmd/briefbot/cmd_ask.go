package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/briefbot/briefbot/bot/console"
)

// consoleMinLog keeps info logs off a terminal the console and ask write to.
const consoleMinLog = slog.LevelWarn

func runAsk(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "ask", `ask [--lang ar|en] "/command [arguments]"`,
		"Answers one command as plain text on stdout and exits: status 0 for an answer,\n1 when the command could not be served (unknown statement, bad argument).\nThe briefing commands keep subscriptions in BRIEFBOT_DB when it is set or\nthe file exists, else in memory.")
	var lang langFlag
	fs.Var(&lang, "lang", "reply language `ar|en` (default: BRIEFBOT_DEFAULT_LANG)")
	if err := parseFlags(fs, args); err != nil {
		return helpOK(err)
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, `briefbot ask: missing the command, e.g. briefbot ask "/figures"`)
		return exitCode(2)
	}
	t, err := openTerminal(ctx, e, false)
	if err != nil {
		return err
	}
	defer t.close()
	line := strings.Join(fs.Args(), " ")
	req, ok := console.Request(line, lang.lang)
	if !ok {
		fmt.Fprintf(e.stderr, "briefbot ask: %q is not a command (try \"/help\")\n", line)
		return exitCode(2)
	}
	reply := t.handler.Handle(ctx, req)
	if _, err := io.WriteString(e.stdout, console.Render(reply)); err != nil {
		return fmt.Errorf("writing reply: %w", err)
	}
	if reply == nil || reply.Error {
		return exitCode(1)
	}
	return nil
}
