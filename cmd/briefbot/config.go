package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/desk"
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
  BRIEFBOT_DB              the SQLite database file of settings, subscriptions and the outbox (default briefbot.db);
                           of the processes sharing one, only one sends, the others wait as standbys
  BRIEFBOT_SHUTDOWN_TIMEOUT
                           on SIGINT or SIGTERM, how long to answer what was fetched and finish
                           the sends in hand before exiting (default 20s)
  BRIEFBOT_DEFAULT_TZ      time zone of a /subscribe that names none (default Asia/Baghdad)
  BRIEFBOT_BRIEFING_MAX    statements in one daily briefing at most (default 5)
  BRIEFBOT_CATCHUP         briefings missed during downtime are sent at start if this recent (default 2h)
  TELEGRAM_RATE_LIMIT      messages per second overall to Telegram (default 30; more with paid broadcasts)
  BRIEFBOT_DEFAULT_LANG    reply language when neither the chat nor the user decides: ar (default) or en
  BRIEFBOT_DATA            a directory of curated statements to serve instead of the bundled ones;
                           re-read when a file in it changes and on SIGHUP (a bad edit is
                           reported and the old catalog kept); a changed figure is corrected in
                           the chats that received it, a new statement posted to /subscribe instant;
                           the curators' desk publishes into it
  BRIEFBOT_ADMIN_CHATS     chats told when new data is refused, with its problems, once per
                           problem set: comma-separated keys such as telegram:-100123,discord:456
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
	shutdownTimeout       time.Duration
	adminChats            []string // chat keys told of refused reloads
}

// loadConfig reads and checks the environment. Tokens are kept out of every
// message: an error names the variable, never its value. Its errors are
// configError (exit status 2).
func loadConfig(getenv func(string) string) (config, error) {
	c, err := readConfig(getenv)
	if err != nil {
		return c, configError{err}
	}
	return c, nil
}

func readConfig(getenv func(string) string) (config, error) {
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
	var err error
	if c.adminChats, err = parseAdminChats(getenv("BRIEFBOT_ADMIN_CHATS")); err != nil {
		return c, err
	}
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
	c.shutdownTimeout = 20 * time.Second
	if v := getenv("BRIEFBOT_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > 10*time.Minute {
			return c, fmt.Errorf("BRIEFBOT_SHUTDOWN_TIMEOUT=%q: want a positive duration up to 10m, such as 20s", v)
		}
		c.shutdownTimeout = d
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
		if _, err := httpRoutes(c.routes(nil, nil, nil)); err != nil {
			return c, fmt.Errorf("TELEGRAM_WEBHOOK_URL=%q: its path is no route to serve: %w", c.telegramWebhookURL, err)
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

// routes are what BRIEFBOT_HTTP_ADDR serves: the Telegram webhook's path
// and Discord interactions, as configured, with these handlers (nil ones
// stand in when the configuration is only being checked).
func (c config) routes(webhook, interactions, curators http.Handler) []route {
	var rs []route
	if curators != nil {
		rs = append(rs, route{desk.Prefix, curators})
	}
	if c.telegramWebhookURL != "" {
		rs = append(rs, route{"POST " + telegram.WebhookPath(c.telegramWebhookURL), orNotFound(webhook)})
	}
	if c.discordPublicKey != "" {
		rs = append(rs, route{"POST /discord/interactions", orNotFound(interactions)})
	}
	return rs
}

func orNotFound(h http.Handler) http.Handler {
	if h == nil {
		return http.NotFoundHandler()
	}
	return h
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

// maxAdminChats bounds BRIEFBOT_ADMIN_CHATS: each is written a row per refusal.
const maxAdminChats = 50

// parseAdminChats reads BRIEFBOT_ADMIN_CHATS: comma-separated chat keys,
// "telegram:" and a chat id (negative for groups and channels) or
// "discord:" and a channel id. Spaces around a key and empty entries are
// ignored; a key listed twice counts once.
func parseAdminChats(v string) ([]string, error) {
	var out []string
	for i, key := range strings.Split(v, ",") {
		key = strings.TrimSpace(key)
		if key == "" {
			continue
		}
		platform, id, _ := strings.Cut(key, ":")
		var canonical string // the key as the adapters write it
		switch platform {
		case "telegram":
			if n, err := strconv.ParseInt(id, 10, 64); err == nil && n != 0 {
				canonical = platform + ":" + strconv.FormatInt(n, 10)
			}
		case "discord":
			if n, err := strconv.ParseUint(id, 10, 64); err == nil && n != 0 {
				canonical = platform + ":" + strconv.FormatUint(n, 10)
			}
		default:
			return nil, fmt.Errorf("BRIEFBOT_ADMIN_CHATS: entry %d %q: want telegram:<chat id> or discord:<channel id>", i+1, clipEcho(key))
		}
		if canonical == "" {
			return nil, fmt.Errorf("BRIEFBOT_ADMIN_CHATS: entry %d %q: the id after %q must be a %s chat id (a whole number, not 0)", i+1, clipEcho(key), platform+":", platform)
		}
		if !slices.Contains(out, canonical) {
			out = append(out, canonical)
		}
	}
	if len(out) > maxAdminChats {
		return nil, fmt.Errorf("BRIEFBOT_ADMIN_CHATS: %d chats; at most %d", len(out), maxAdminChats)
	}
	return out, nil
}

// clipEcho bounds a value quoted back in an error.
func clipEcho(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// unservedAdminChats are the admin chats on a platform with no token set:
// nothing could reach them.
func (c config) unservedAdminChats() []string {
	var out []string
	for _, key := range c.adminChats {
		platform, _, _ := strings.Cut(key, ":")
		if platform == "telegram" && c.telegramToken == "" || platform == "discord" && c.discordToken == "" {
			out = append(out, key)
		}
	}
	return out
}
