package main

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/briefbot/briefbot/summaries"
)

const envHelp = `Environment:
  TELEGRAM_TOKEN         Telegram bot token; when set, briefbot serves Telegram
  DISCORD_TOKEN          Discord bot token; when set, briefbot serves Discord
  BRIEFBOT_DEFAULT_LANG  reply language when neither the chat nor the user decides: ar (default) or en
  BRIEFBOT_DATA          a directory of curated statements to serve instead of the bundled ones;
                         re-read on SIGHUP (a bad edit is reported and the old catalog kept)
  BRIEFBOT_LOG_LEVEL     debug, info (default), warn or error; logs go to stderr
`

// config is what the environment configures for every command.
type config struct {
	defaultLang   summaries.Lang
	dataDir       string
	logLevel      slog.Level
	telegramToken string
	discordToken  string
}

// loadConfig reads and checks the environment. Tokens are kept out of every
// message: an error names the variable, never its value.
func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		defaultLang:   summaries.AR,
		dataDir:       getenv("BRIEFBOT_DATA"),
		telegramToken: strings.TrimSpace(getenv("TELEGRAM_TOKEN")),
		discordToken:  strings.TrimSpace(getenv("DISCORD_TOKEN")),
	}
	if v := getenv("BRIEFBOT_DEFAULT_LANG"); v != "" {
		l, ok := summaries.ParseLang(v)
		if !ok {
			return c, fmt.Errorf("BRIEFBOT_DEFAULT_LANG=%q: want ar or en", v)
		}
		c.defaultLang = l
	}
	switch v := strings.ToLower(getenv("BRIEFBOT_LOG_LEVEL")); v {
	case "", "info":
		c.logLevel = slog.LevelInfo
	case "debug":
		c.logLevel = slog.LevelDebug
	case "warn", "warning":
		c.logLevel = slog.LevelWarn
	case "error":
		c.logLevel = slog.LevelError
	default:
		return c, fmt.Errorf("BRIEFBOT_LOG_LEVEL=%q: want debug, info, warn or error", v)
	}
	return c, nil
}

func (c config) logger(e env) *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: c.logLevel}))
}
