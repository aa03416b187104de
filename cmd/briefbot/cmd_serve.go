package main

import (
	"context"
	"errors"
)

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "run", "[run]",
		"Serves the command core on every platform whose token is set (TELEGRAM_TOKEN,\nDISCORD_TOKEN). With no token it runs the local console on the bundled data.")
	if err := parseFlags(fs, args); err != nil {
		return helpOK(err)
	}
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return err
	}
	if cfg.telegramToken == "" && cfg.discordToken == "" {
		return serveConsole(ctx, e, cfg, "", " (no TELEGRAM_TOKEN or DISCORD_TOKEN set, so no platform)")
	}
	return errors.New("platform adapters are not built into this version yet")
}
