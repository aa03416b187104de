package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/telegram"
	"github.com/briefbot/briefbot/summaries"
)

const envHelp = `Environment:
  TELEGRAM_TOKEN           Telegram bot token; when set, briefbot serves Telegram
  TELEGRAM_API_URL         Bot API server (default https://api.telegram.org; a self-hosted or test server)
  TELEGRAM_WEBHOOK_URL     receive updates through this webhook instead of long polling
  TELEGRAM_WEBHOOK_SECRET  the webhook's secret token (generated at start when unset)
  DISCORD_TOKEN            Discord bot token; when set, briefbot serves Discord
  DISCORD_API_URL          Discord API host (default https://discord.com; a REST proxy or test server)
  DISCORD_GUILD_ID         register the slash commands in this guild only (instant, for testing)
  DISCORD_PUBLIC_KEY       the application's public key: serve signed HTTP interactions on
                           POST /discord/interactions instead of a gateway session
  BRIEFBOT_HTTP_ADDR       where webhooks, interactions and the curators' desk (/desk/) are served (default :8080)
  BRIEFBOT_DB              the SQLite database of settings, subscriptions and the outbox (default briefbot.db)
  BRIEFBOT_DEFAULT_TZ      time zone of a /subscribe that names none (default Asia/Baghdad)
  BRIEFBOT_BRIEFING_MAX    statements in one daily briefing at most (default 5)
  BRIEFBOT_CATCHUP         briefings missed during downtime are sent at start if this recent (default 2h)
  TELEGRAM_RATE_LIMIT      messages per second overall to Telegram (default 30; more with paid broadcasts)
  BRIEFBOT_DEFAULT_LANG    reply language when neither the chat nor the user decides: ar (default) or en
  BRIEFBOT_DATA            a directory of curated statements to serve instead of the bundled ones;
                           re-read when a file in it changes and on SIGHUP (a bad edit is
                           reported and the old catalog kept); the curators' desk publishes into it
  BRIEFBOT_CACHE           folder of the cache of checked statements, so a restart parses only
                           changed files (default $XDG_CACHE_HOME/briefbot or ~/.cache/briefbot; off: none)
  BRIEFBOT_LOG_LEVEL       debug, info (default), warn or error; logs go to stderr, never with a token
`

// config is what the environment configures for every command.
type config struct {
	defaultLang           summaries.Lang
	dataDir               string
	cacheDir              string // "" when there is none
	logLevel              slog.Level
	telegramToken         string
	telegramAPIURL        string
	telegramWebhookURL    string
	telegramWebhookSecret string
	discordToken          string
	discordAPIURL         string
	discordGuildID        string
	discordPublicKey      string
	httpAddr              string
	db                    string
	defaultZone           string
	briefingMax           int
	catchup               time.Duration
	telegramRate          int
}

// loadConfig reads and checks the environment. Tokens are kept out of every
// message: an error names the variable, never its value.
func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		defaultLang:           summaries.AR,
		dataDir:               getenv("BRIEFBOT_DATA"),
		telegramToken:         strings.TrimSpace(getenv("TELEGRAM_TOKEN")),
		discordToken:          strings.TrimSpace(getenv("DISCORD_TOKEN")),
		telegramAPIURL:        getenv("TELEGRAM_API_URL"),
		telegramWebhookURL:    getenv("TELEGRAM_WEBHOOK_URL"),
		telegramWebhookSecret: getenv("TELEGRAM_WEBHOOK_SECRET"),
		httpAddr:              getenv("BRIEFBOT_HTTP_ADDR"),
		discordAPIURL:         getenv("DISCORD_API_URL"),
		discordGuildID:        strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
		discordPublicKey:      strings.TrimSpace(getenv("DISCORD_PUBLIC_KEY")),
	}
	c.cacheDir = cacheDir(getenv)
	c.db = getenv("BRIEFBOT_DB")
	if c.db == "" {
		c.db = "briefbot.db"
	}
	c.defaultZone = getenv("BRIEFBOT_DEFAULT_TZ")
	if c.defaultZone == "" {
		c.defaultZone = bot.DefaultZone
	}
	if _, err := schedule.LoadZone(c.defaultZone); err != nil {
		return c, fmt.Errorf("BRIEFBOT_DEFAULT_TZ: %w", err)
	}
	var err error
	if c.briefingMax, err = intEnv(getenv, "BRIEFBOT_BRIEFING_MAX", bot.DefaultBriefingMax, 1, 50); err != nil {
		return c, err
	}
	if c.telegramRate, err = intEnv(getenv, "TELEGRAM_RATE_LIMIT", 30, 1, 10000); err != nil {
		return c, err
	}
	c.catchup = 2 * time.Hour
	if v := getenv("BRIEFBOT_CATCHUP"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return c, fmt.Errorf("BRIEFBOT_CATCHUP=%q: want a duration such as 2h or 30m", v)
		}
		c.catchup = d
	}
	if c.discordAPIURL == "" {
		c.discordAPIURL = discord.DefaultAPIURL
	}
	if u, err := url.Parse(c.discordAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("DISCORD_API_URL=%q: want an http(s) URL", c.discordAPIURL)
	}
	if c.httpAddr == "" {
		c.httpAddr = ":8080"
	}
	if c.telegramAPIURL == "" {
		c.telegramAPIURL = telegram.DefaultAPIURL
	}
	if u, err := url.Parse(c.telegramAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("TELEGRAM_API_URL=%q: want an http(s) URL", c.telegramAPIURL)
	}
	if c.telegramWebhookURL != "" {
		if u, err := url.Parse(c.telegramWebhookURL); err != nil || u.Scheme != "https" && !isLoopback(u.Hostname()) || u.Host == "" {
			return c, fmt.Errorf("TELEGRAM_WEBHOOK_URL=%q: want an https URL", c.telegramWebhookURL)
		}
		if c.telegramWebhookSecret == "" {
			c.telegramWebhookSecret = telegram.NewWebhookSecret()
		} else if !validSecret(c.telegramWebhookSecret) {
			return c, errors.New("TELEGRAM_WEBHOOK_SECRET: want 1 to 256 characters of A-Z, a-z, 0-9, _ and -")
		}
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

// intEnv reads an integer variable within [lo, hi], def when unset.
func intEnv(getenv func(string) string, name string, def, lo, hi int) (int, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s=%q: want a whole number from %d to %d", name, v, lo, hi)
	}
	return n, nil
}

func isLoopback(host string) bool { return host == "127.0.0.1" || host == "localhost" || host == "::1" }

// validSecret checks a webhook secret against Telegram's rules.
func validSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func (c config) logger(e env) *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: c.logLevel}))
}

// cacheDir is the statement cache's folder: BRIEFBOT_CACHE, else the user's
// cache folder from the environment given (not the process's), else none.
func cacheDir(getenv func(string) string) string {
	switch v := getenv("BRIEFBOT_CACHE"); {
	case v == "off":
		return ""
	case v != "":
		return v
	case getenv("XDG_CACHE_HOME") != "":
		return filepath.Join(getenv("XDG_CACHE_HOME"), "briefbot")
	case getenv("HOME") != "":
		return filepath.Join(getenv("HOME"), ".cache", "briefbot")
	}
	return ""
}
