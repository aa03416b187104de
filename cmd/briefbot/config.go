package main

import (
	"cmp"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
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

// config is what the environment configures for every command.
type config struct {
	defaultLang           summaries.Lang
	dataDir               string
	cacheDir              string // "" when there is none
	logLevel              slog.Level
	logJSON               bool // BRIEFBOT_LOG_FORMAT=json
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

// loadConfig reads and checks the environment as a whole: every missing or
// invalid value is reported in one error that names each variable and
// says what is wrong with it. Tokens are kept out of every message: an
// error names the variable (or a secret's file), never its value. Its
// errors are configError (exit status 2); nothing has connected anywhere
// yet.
func loadConfig(getenv func(string) string) (config, error) {
	c, err := readConfig(getenv)
	if err != nil {
		return c, configError{err}
	}
	return c, nil
}

func readConfig(getenv func(string) string) (config, error) {
	r := newEnvReader(getenv)
	c := config{
		defaultLang:        summaries.AR,
		dataDir:            r.get("BRIEFBOT_DATA"),
		telegramAPIURL:     r.get("TELEGRAM_API_URL"),
		telegramWebhookURL: r.get("TELEGRAM_WEBHOOK_URL"),
		discordAPIURL:      r.get("DISCORD_API_URL"),
		discordGuildID:     strings.TrimSpace(r.get("DISCORD_GUILD_ID")),
		discordPublicKey:   strings.TrimSpace(r.get("DISCORD_PUBLIC_KEY")),
	}
	c.readTokens(r)
	c.cacheDir = cacheDir(getenv, r.get("BRIEFBOT_CACHE"))
	var err error
	if c.adminChats, err = parseAdminChats(r.get("BRIEFBOT_ADMIN_CHATS")); err != nil {
		r.bad("%v", err)
	}
	c.readFiles(r)
	c.defaultZone = cmp.Or(r.get("BRIEFBOT_DEFAULT_TZ"), bot.DefaultZone)
	if _, err := schedule.LoadZone(c.defaultZone); err != nil {
		r.bad("BRIEFBOT_DEFAULT_TZ: %v", err)
	}
	c.briefingMax = r.intIn("BRIEFBOT_BRIEFING_MAX", bot.DefaultBriefingMax, 1, 50)
	c.telegramRate = r.intIn("TELEGRAM_RATE_LIMIT", 30, 1, 10000)
	c.catchup = r.duration("BRIEFBOT_CATCHUP", 2*time.Hour, 0, 0, "want a duration such as 2h or 30m")
	c.shutdownTimeout = r.duration("BRIEFBOT_SHUTDOWN_TIMEOUT", 20*time.Second, time.Nanosecond, 10*time.Minute,
		"want a positive duration up to 10m, such as 20s")
	c.discordAPIURL = cmp.Or(c.discordAPIURL, discord.DefaultAPIURL)
	if u, err := url.Parse(c.discordAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.bad("DISCORD_API_URL=%q: want an http(s) URL", clipEcho(c.discordAPIURL))
	}
	c.telegramAPIURL = cmp.Or(c.telegramAPIURL, telegram.DefaultAPIURL)
	if u, err := url.Parse(c.telegramAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.bad("TELEGRAM_API_URL=%q: want an http(s) URL", clipEcho(c.telegramAPIURL))
	}
	c.httpAddr = readHTTPAddr(r)
	c.readPlatforms(r)
	if v := r.get("BRIEFBOT_DEFAULT_LANG"); v != "" {
		l, ok := summaries.ParseLang(v)
		if !ok {
			r.bad("BRIEFBOT_DEFAULT_LANG=%q: want ar or en", clipEcho(v))
		}
		c.defaultLang = cmp.Or(l, summaries.AR)
	}
	switch v := strings.ToLower(r.get("BRIEFBOT_LOG_LEVEL")); v {
	case "", "info":
		c.logLevel = slog.LevelInfo
	case "debug":
		c.logLevel = slog.LevelDebug
	case "warn", "warning":
		c.logLevel = slog.LevelWarn
	case "error":
		c.logLevel = slog.LevelError
	default:
		r.bad("BRIEFBOT_LOG_LEVEL=%q: want debug, info, warn or error", clipEcho(v))
	}
	switch v := strings.ToLower(r.get("BRIEFBOT_LOG_FORMAT")); v {
	case "", "text":
	case "json":
		c.logJSON = true
	default:
		r.bad("BRIEFBOT_LOG_FORMAT=%q: want text or json", clipEcho(v))
	}
	return c, r.err()
}

// telegramTokenShape is the shape of a Telegram bot token: the bot's id, a
// colon, and the secret.
var telegramTokenShape = regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]+$`)

// readTokens reads the secrets: the tokens and the webhook secret.
func (c *config) readTokens(r *envReader) {
	var from string
	c.telegramToken, from = r.secret("TELEGRAM_TOKEN")
	if c.telegramToken != "" && !telegramTokenShape.MatchString(c.telegramToken) {
		r.bad("%s: not a Telegram bot token (digits, a colon, then letters, digits, _ and -)", from)
	}
	c.discordToken, from = r.secret("DISCORD_TOKEN")
	switch {
	case strings.HasPrefix(c.discordToken, "Bot "):
		r.bad("%s: give the token without its \"Bot \" prefix", from)
	case strings.IndexFunc(c.discordToken, func(r rune) bool { return r <= ' ' || r > '~' }) >= 0:
		r.bad("%s: a Discord token has no spaces, control or non-ASCII characters", from)
	}
	c.telegramWebhookSecret, from = r.secret("TELEGRAM_WEBHOOK_SECRET")
	if c.telegramWebhookSecret != "" && !validSecret(c.telegramWebhookSecret) {
		r.bad("%s: want 1 to 256 characters of A-Z, a-z, 0-9, _ and -", from)
	}
}

// readFiles reads and checks the paths: the database's folder and the
// data folder must exist.
func (c *config) readFiles(r *envReader) {
	c.db = cmp.Or(r.get("BRIEFBOT_DB"), "briefbot.db")
	if c.db != ":memory:" {
		if fi, err := os.Stat(filepath.Dir(c.db)); err != nil || !fi.IsDir() {
			r.bad("BRIEFBOT_DB=%s: its folder %s does not exist", c.db, filepath.Dir(c.db))
		} else if fi, err := os.Stat(c.db); err == nil && fi.IsDir() {
			r.bad("BRIEFBOT_DB=%s: a folder, not a database file", c.db)
		}
	}
	if c.dataDir != "" {
		if fi, err := os.Stat(c.dataDir); err != nil || !fi.IsDir() {
			r.bad("BRIEFBOT_DATA=%s: not a folder", c.dataDir)
		}
	}
}

// readPlatforms checks what depends on a platform's token.
func (c *config) readPlatforms(r *envReader) {
	if c.discordGuildID != "" {
		if n, err := strconv.ParseUint(c.discordGuildID, 10, 64); err != nil || n == 0 {
			r.bad("DISCORD_GUILD_ID=%q: want a guild's id, a whole number", clipEcho(c.discordGuildID))
		}
	}
	if c.discordPublicKey != "" {
		if k, err := hex.DecodeString(c.discordPublicKey); err != nil || len(k) != 32 {
			r.bad("DISCORD_PUBLIC_KEY: want the application's public key, 64 hex digits")
		}
		if c.discordToken == "" {
			r.bad("DISCORD_TOKEN: missing; DISCORD_PUBLIC_KEY serves Discord interactions, which need the bot's token too")
		}
	}
	if c.telegramWebhookURL == "" {
		return
	}
	if c.telegramToken == "" {
		r.bad("TELEGRAM_TOKEN: missing; TELEGRAM_WEBHOOK_URL is set")
	}
	if u, err := url.Parse(c.telegramWebhookURL); err != nil || u.Scheme != "https" && !isLoopback(u.Hostname()) || u.Host == "" {
		r.bad("TELEGRAM_WEBHOOK_URL=%q: want an https URL", clipEcho(c.telegramWebhookURL))
	} else if _, err := httpRoutes(append(c.routes(nil, nil, nil), opsRoutes(nil)...)); err != nil {
		r.bad("TELEGRAM_WEBHOOK_URL=%q: its path is no route to serve: %v", clipEcho(c.telegramWebhookURL), err)
	}
	if c.telegramWebhookSecret == "" {
		c.telegramWebhookSecret = telegram.NewWebhookSecret()
	}
}

// readHTTPAddr reads BRIEFBOT_HTTP_ADDR: host:port, the host optional.
func readHTTPAddr(r *envReader) string {
	addr := cmp.Or(r.get("BRIEFBOT_HTTP_ADDR"), ":8080")
	_, port, err := net.SplitHostPort(addr)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		r.bad("BRIEFBOT_HTTP_ADDR=%q: want host:port or :port, such as :8080", clipEcho(addr))
	}
	return addr
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

// logger is the process's one logger, on stderr: JSON lines with
// BRIEFBOT_LOG_FORMAT=json, text otherwise, at BRIEFBOT_LOG_LEVEL.
func (c config) logger(e env) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.logLevel}
	if c.logJSON {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

// cacheDir is the statement cache's folder: BRIEFBOT_CACHE (v), else the
// user's cache folder from the environment given (not the process's), else
// none.
func cacheDir(getenv func(string) string, v string) string {
	switch {
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
func clipEcho(s string) string { return clip(s, 40) }

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
