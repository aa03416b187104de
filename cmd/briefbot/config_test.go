package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// TestConfigurationIsCheckedAsAWhole: every bad value is named in one
// message, with what is wrong with it, and the process ends with status 2
// before it connects anywhere.
func TestConfigurationIsCheckedAsAWhole(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	env := map[string]string{
		"TELEGRAM_TOKEN": srv.Token(), "TELEGRAM_API_URL": srv.URL(),
		"BRIEFBOT_DEFAULT_LANG": "fr", "BRIEFBOT_CATCHUP": "soon", "BRIEFBOT_BRIEFING_MAX": "500",
		"BRIEFBOT_LOG_FORMAT": "xml", "BRIEFBOT_HTTP_ADDR": "8080", "DISCORD_PUBLIC_KEY": "abc",
		"BRIEFBOT_DB": filepath.Join(t.TempDir(), "missing", "b.db"), "BRIEFBOT_DEFAULT_TZ": "Mars/Olympus",
	}
	_, _, err := runWith(t, env, "")
	if exitStatus(err) != 2 {
		t.Fatalf("status %d: %v", exitStatus(err), err)
	}
	msg := err.Error()
	for _, want := range []string{
		"9 configuration problems",
		`BRIEFBOT_DEFAULT_LANG="fr": want ar or en`,
		`BRIEFBOT_CATCHUP="soon": want a duration`,
		`BRIEFBOT_BRIEFING_MAX="500": want a whole number from 1 to 50`,
		`BRIEFBOT_LOG_FORMAT="xml": want text or json`,
		`BRIEFBOT_HTTP_ADDR="8080": want host:port`,
		"DISCORD_PUBLIC_KEY: want the application's public key",
		"DISCORD_TOKEN: missing",
		"BRIEFBOT_DB=" + env["BRIEFBOT_DB"] + ": its folder",
		"BRIEFBOT_DEFAULT_TZ:",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message lacks %q:\n%s", want, msg)
		}
	}
	if calls := srv.Calls(); len(calls) > 0 {
		t.Errorf("the bot called Telegram (%s) with a bad configuration", calls[0].Method)
	}
	if strings.Contains(msg, srv.Token()) {
		t.Error("the token is in the message")
	}
}

// TestSecretsFromFiles: a secret comes from its variable or from the file
// its _FILE variable names, a trailing newline trimmed; setting both, an
// unreadable file and an empty one are errors that name the file and never
// what it holds.
func TestSecretsFromFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tg := write("telegram", "123456:AAbb-cc_DD\n")
	dc := write("discord", "discord.token.value\r\n")
	hook := write("hook", "hook_secret-1\n")
	c, err := loadConfig(mapEnv(map[string]string{
		"TELEGRAM_TOKEN_FILE": tg, "DISCORD_TOKEN_FILE": dc, "TELEGRAM_WEBHOOK_SECRET_FILE": hook,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.telegramToken != "123456:AAbb-cc_DD" || c.discordToken != "discord.token.value" || c.telegramWebhookSecret != "hook_secret-1" {
		t.Errorf("read %q %q %q", c.telegramToken, c.discordToken, c.telegramWebhookSecret)
	}

	bad := write("bad", "not a token SECRET-CONTENT\n")
	_, err = loadConfig(mapEnv(map[string]string{
		"TELEGRAM_TOKEN": "1:x", "TELEGRAM_TOKEN_FILE": tg, // both
		"DISCORD_TOKEN_FILE":           filepath.Join(dir, "nowhere"), // unreadable
		"TELEGRAM_WEBHOOK_SECRET_FILE": write("empty", "\n"),
	}))
	msg := fmt.Sprint(err)
	for _, want := range []string{
		"TELEGRAM_TOKEN and TELEGRAM_TOKEN_FILE are both set",
		"DISCORD_TOKEN_FILE=" + filepath.Join(dir, "nowhere") + ": cannot read the file: no such file or directory",
		"TELEGRAM_WEBHOOK_SECRET_FILE=" + filepath.Join(dir, "empty") + ": the file is empty",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("lacks %q:\n%s", want, msg)
		}
	}
	_, err = loadConfig(mapEnv(map[string]string{"TELEGRAM_TOKEN_FILE": bad, "DISCORD_TOKEN_FILE": dir}))
	msg = fmt.Sprint(err)
	if !strings.Contains(msg, "TELEGRAM_TOKEN_FILE="+bad+": not a Telegram bot token") || !strings.Contains(msg, "DISCORD_TOKEN_FILE="+dir+": cannot read the file") {
		t.Errorf("a bad file's message:\n%s", msg)
	}
	if strings.Contains(msg, "SECRET-CONTENT") {
		t.Error("a message shows a secret file's content")
	}
}

func mapEnv(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// TestEverySettingIsDocumented: the variables the configuration reads are
// exactly the table's (which --help and the README show), the _FILE ones
// of the secrets included; the user's cache folders are the only others.
func TestEverySettingIsDocumented(t *testing.T) {
	var asked []string
	readConfig(func(k string) string {
		if !slices.Contains(asked, k) {
			asked = append(asked, k)
		}
		return ""
	})
	var names []string
	for _, s := range documented() {
		names = append(names, s.name)
	}
	for _, k := range asked {
		if !slices.Contains(names, k) && k != "XDG_CACHE_HOME" && k != "HOME" {
			t.Errorf("%s is read but not in the table of settings", k)
		}
	}
	for _, k := range names {
		if !slices.Contains(asked, k) {
			t.Errorf("%s is in the table of settings but never read", k)
		}
	}
	out, _, err := runWith(t, nil, "", "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range names {
		if !strings.Contains(out, "\n  "+k+"\n") {
			t.Errorf("--help lacks %s", k)
		}
	}
	if strings.Contains(out, "`") {
		t.Error("--help prints Markdown backquotes")
	}
}

// TestJSONLogs: BRIEFBOT_LOG_FORMAT=json writes one JSON object per line,
// at the level BRIEFBOT_LOG_LEVEL sets.
func TestJSONLogs(t *testing.T) {
	for _, tc := range []struct {
		format string
		json   bool
	}{{"json", true}, {"", false}, {"text", false}} {
		c, err := loadConfig(mapEnv(map[string]string{"BRIEFBOT_LOG_FORMAT": tc.format, "BRIEFBOT_LOG_LEVEL": "debug"}))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		log := c.logger(env{stderr: &buf})
		log.Debug("statements loaded", "statements", 1)
		var rec map[string]any
		isJSON := json.Unmarshal(buf.Bytes(), &rec) == nil
		if isJSON != tc.json || tc.json && (rec["msg"] != "statements loaded" || rec["level"] != "DEBUG") {
			t.Errorf("format %q: %s", tc.format, buf.String())
		}
	}
}
