package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

func runBriefing(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "preview" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			fmt.Fprint(e.stdout, "Usage: briefbot briefing preview --chat CHAT [--lang ar|en]\n\n")
			printEnvHelp(e.stdout)
			return nil
		}
		fmt.Fprintln(e.stderr, "usage: briefbot briefing preview --chat CHAT [--lang ar|en]")
		return exitCode(2)
	}
	fs := newFlags(e, "briefing preview", "briefing preview --chat CHAT [--lang ar|en]",
		`Prints what CHAT's next daily briefing would carry now, as plain text, without
recording anything. CHAT is a chat key as the bot stores it: telegram:<chat id>
(e.g. telegram:-1001234567890) or discord:<channel id>. Reads BRIEFBOT_DB.`)
	chat := fs.String("chat", "", "the chat `key`, e.g. telegram:-1001234567890 or discord:123456789012345678")
	var lang langFlag
	fs.Var(&lang, "lang", "preview language `ar|en` (default: the subscription's, else the chat's)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return helpOK(err)
	}
	if *chat == "" || !strings.Contains(*chat, ":") {
		fmt.Fprintln(e.stderr, "briefbot briefing preview: --chat telegram:<id> or discord:<id> is required")
		return exitCode(2)
	}
	cfg, log, data, err := terminalSetup(e)
	if err != nil {
		return err
	}
	live := summaries.NewLive(data.Catalog())
	st, err := store.Open(ctx, cfg.db)
	if err != nil {
		return fmt.Errorf("BRIEFBOT_DB=%s: %w", cfg.db, err)
	}
	defer st.Close()
	msgs, err := loadMessages(log)
	if err != nil {
		return err
	}
	core, err := newCore(cfg, live, msgs, log, coreOptions{settings: st, subs: st})
	if err != nil {
		return err
	}
	reply, err := core.Preview(ctx, bot.PreviewQuery{Chat: *chat, Lang: lang.lang})
	if err != nil {
		return err
	}
	_, err = io.WriteString(e.stdout, console.Render(reply))
	return err
}
