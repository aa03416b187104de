package main

import (
	"fmt"
	"io"
	"strings"
)

// setting is one environment variable briefbot reads. settings() is the
// one table of them: `briefbot --help` prints it and the README's
// Configuration section shows it (TestREADMEConfigurationTable keeps the two
// equal; `go test ./cmd/briefbot -run README -update-readme` rewrites the README's).
type setting struct {
	name    string
	def     string // the default as documented ("" for none)
	meaning string // Markdown: --help prints `code` as plain text
	// secret marks a value that may also be read from a file, as container
	// secrets are mounted: name+"_FILE" names it (see envReader.get).
	secret bool
}

// secretFileSuffix names the variable that holds a secret's file.
const secretFileSuffix = "_FILE"

func settings() []setting {
	return []setting{
		{"TELEGRAM_TOKEN", "", "Telegram bot token; when set, the bot serves Telegram", true},
		{"TELEGRAM_API_URL", "`https://api.telegram.org`", "the Bot API server: Telegram's, a self-hosted one or a test server", false},
		{"TELEGRAM_WEBHOOK_URL", "", "receive updates through this `https` webhook, served on `BRIEFBOT_HTTP_ADDR`, instead of long polling", false},
		{"TELEGRAM_WEBHOOK_SECRET", "generated at start", "the webhook's secret token: 1 to 256 of `A-Z a-z 0-9 _ -`; give processes that share a database the same one", true},
		{"TELEGRAM_RATE_LIMIT", "`30`", "messages per second overall to Telegram (paid broadcasts allow up to 1000)", false},
		{"DISCORD_TOKEN", "", "Discord bot token, without the `Bot` prefix; when set, the bot serves Discord", true},
		{"DISCORD_API_URL", "`https://discord.com`", "the Discord API host: Discord's, a REST proxy or a test server", false},
		{"DISCORD_GUILD_ID", "", "register the slash commands in this guild only, which is instant, instead of globally", false},
		{"DISCORD_PUBLIC_KEY", "", "the application's public key (64 hex digits): serve signed HTTP interactions on `POST /discord/interactions` instead of a gateway session", false},
		{"BRIEFBOT_HTTP_ADDR", "`:8080`", "where the HTTP server listens: `/healthz`, `/readyz`, `/metrics`, the Telegram webhook, Discord interactions and the curators' desk (`/desk/`; `briefbot desk serve` alone: `127.0.0.1:8080`); give each process on one machine its own", false},
		{"BRIEFBOT_DB", "`briefbot.db`", "the SQLite database file of settings, subscriptions, the outbox, the sender lease, and the desk's curators, sessions, drafts and history; a path, not a URI; the console and `ask` use it only when it is set or the file exists", false},
		{"BRIEFBOT_SHUTDOWN_TIMEOUT", "`20s`", "on SIGINT or SIGTERM, how long the bot may take to answer what it fetched and finish its sends before it exits (up to `10m`)", false},
		{"BRIEFBOT_DEFAULT_TZ", "`Asia/Baghdad`", "the time zone of a `/subscribe` that names none", false},
		{"BRIEFBOT_BRIEFING_MAX", "`5`", "statements per briefing at most (1 to 50)", false},
		{"BRIEFBOT_CATCHUP", "`2h`", "briefings missed while the bot was down are sent at start if this recent", false},
		{"BRIEFBOT_DEFAULT_LANG", "`ar`", "`ar` or `en`: the reply language when nothing else decides", false},
		{"BRIEFBOT_DATA", "the bundled statements", "a directory of statements to serve instead; watched, so saving a file publishes it (and re-read on SIGHUP); a bad edit is reported as `file:line: ...` while the previous statements stay in service; a corrected figure is sent as a correction to the chats that received it, a new statement to `/subscribe instant` chats; the curators' desk publishes into it", false},
		{"BRIEFBOT_ADMIN_CHATS", "", "chats told when a save is refused, with its problems, once per problem set: comma-separated keys such as `telegram:-100123,discord:456`", false},
		{"BRIEFBOT_CACHE", "`$XDG_CACHE_HOME/briefbot` or `~/.cache/briefbot`", "folder of the cache of checked statements, so that a restart parses only changed files; `off`: none", false},
		{"BRIEFBOT_LOG_LEVEL", "`info`", "`debug` (a line per command answered), `info`, `warn` or `error`; logs go to stderr and never carry a token", false},
		{"BRIEFBOT_LOG_FORMAT", "`text`", "`text` or `json` (one JSON object per line)", false},
	}
}

// documented is every variable of the table, with the _FILE variables of
// the secrets after their own.
func documented() []setting {
	var out []setting
	for _, s := range settings() {
		out = append(out, s)
		if s.secret {
			out = append(out, setting{name: s.name + secretFileSuffix,
				meaning: "a file holding `" + s.name + "`, such as a mounted container secret; a trailing newline is trimmed; set this or `" + s.name + "`, not both"})
		}
	}
	return out
}

// markdownTable is the README's Configuration table.
func markdownTable() string {
	var b strings.Builder
	b.WriteString("| variable | default | meaning |\n|---|---|---|\n")
	for _, s := range documented() {
		def := s.def
		if def == "" {
			def = "—"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", s.name, def, s.meaning)
	}
	return b.String()
}

// printEnvHelp prints the table for --help: a variable, its meaning
// wrapped under it, its default.
func printEnvHelp(w io.Writer) {
	fmt.Fprintln(w, "Environment (a secret X may instead be read from the file X_FILE names):")
	for _, s := range documented() {
		text := s.meaning
		if s.def != "" {
			text += " (default: " + s.def + ")"
		}
		fmt.Fprintf(w, "  %s\n", s.name)
		for _, line := range wrap(strings.ReplaceAll(text, "`", ""), 76) {
			fmt.Fprintf(w, "      %s\n", line)
		}
	}
}

// wrap breaks text into lines of at most width bytes at spaces (a longer
// word stands alone on its line).
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) > width:
			lines = append(lines, line)
			line = w
		default:
			line += " " + w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
