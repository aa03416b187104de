package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// TestRunServesTelegram runs the whole program with TELEGRAM_TOKEN set
// against the fake Bot API: a command gets its answer, and the token never
// reaches the logs.
func TestRunServesTelegram(t *testing.T) {
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer srv.Close()
	env := map[string]string{
		"TELEGRAM_TOKEN": srv.Token(), "TELEGRAM_API_URL": srv.URL(),
		"BRIEFBOT_LOG_LEVEL": "debug", "BRIEFBOT_DB": t.TempDir() + "/briefbot.db", "BRIEFBOT_HTTP_ADDR": "127.0.0.1:0",
	}
	var stdout, stderr bottest.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, nil, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	}()
	user := telegramtest.User{ID: 42, FirstName: "Rana", LanguageCode: "en"}
	srv.SendText(user.PrivateChat(), user, "/figures")
	wctx, wcancel := context.WithTimeout(ctx, 15*time.Second)
	defer wcancel()
	msgs, err := srv.WaitMessages(wctx, user.ID, 1)
	if err != nil {
		t.Fatalf("no reply: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(msgs[0].PlainText, "about 110,000 km²") {
		t.Errorf("reply:\n%s", msgs[0].PlainText)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("run did not stop")
	}
	if strings.Contains(stderr.String(), srv.Token()) || strings.Contains(stdout.String(), srv.Token()) {
		t.Error("the token was printed")
	}
	if !strings.Contains(stderr.String(), "long polling") {
		t.Errorf("logs:\n%s", stderr.String())
	}
	for _, v := range srv.Violations() {
		t.Error(v)
	}
}

// TestRunServesDiscordAndTelegramTogether runs the program with both tokens
// against both fakes.
func TestRunServesDiscordAndTelegramTogether(t *testing.T) {
	tg := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer tg.Close()
	dc := discordtest.New()
	defer dc.Close()
	dc.AddChannel("200", "100", "newsroom")
	env := map[string]string{
		"TELEGRAM_TOKEN": tg.Token(), "TELEGRAM_API_URL": tg.URL(),
		"DISCORD_TOKEN": dc.Token(), "DISCORD_API_URL": dc.URL(), "DISCORD_GUILD_ID": "100",
		"BRIEFBOT_DB": t.TempDir() + "/briefbot.db", "BRIEFBOT_HTTP_ADDR": "127.0.0.1:0",
	}
	var stdout, stderr bottest.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"run"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	}()
	wctx, wcancel := context.WithTimeout(ctx, 20*time.Second)
	defer wcancel()
	user := telegramtest.User{ID: 42, FirstName: "Rana", LanguageCode: "ar"}
	tg.SendText(user.PrivateChat(), user, "/figures")
	if _, err := tg.WaitMessages(wctx, user.ID, 1); err != nil {
		t.Fatalf("telegram: %v\n%s", err, stderr.String())
	}
	for len(dc.Commands("100")) == 0 {
		if wctx.Err() != nil {
			t.Fatalf("discord commands not registered\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	p, err := dc.SlashCommand(wctx, discordtest.SlashSpec{ChannelID: "200", User: discordtest.User{ID: "5", Username: "u"}, Name: "figures"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := dc.WaitFor(wctx, p.ID, func(r discordtest.Response) bool { return r.Answered() })
	if err != nil || !strings.Contains(string(r.Data), "110,000") {
		t.Fatalf("discord: %v %s", err, r.Data)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("run did not stop")
	}
	for _, tok := range []string{tg.Token(), dc.Token()} {
		if strings.Contains(stderr.String(), tok) {
			t.Error("a token was logged")
		}
	}
	for _, v := range append(tg.Violations(), dc.Violations()...) {
		t.Error(v)
	}
}

// TestTokensNeverReachTheLogs runs the bot with both tokens set (from
// files, as container secrets are mounted) at debug level in JSON, through
// errors and retries on both platforms: sends answered 502 and 429, a
// blocked Telegram chat and a Discord channel the bot may not post in
// (both due a briefing), a dropped gateway connection, and at last a Bot
// API that stops answering, so that getUpdates fails with the URL that
// holds the token. Neither token appears anywhere in the log, nor in the
// probes' answers.
func TestTokensNeverReachTheLogs(t *testing.T) {
	tg := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer tg.Close()
	dc := discordtest.New()
	defer dc.Close()
	dc.AddChannel("200", "100", "newsroom")
	dc.AddChannel("201", "100", "locked")
	dc.DenyChannel("201")
	dir := t.TempDir()
	tgFile, dcFile := filepath.Join(dir, "telegram_token"), filepath.Join(dir, "discord_token")
	os.WriteFile(tgFile, []byte(tg.Token()+"\n"), 0o600)
	os.WriteFile(dcFile, []byte(dc.Token()+"\n"), 0o600)
	db := filepath.Join(dir, "b.db")
	blocked := telegramtest.User{ID: 43, FirstName: "Gone", LanguageCode: "ar"}
	tg.AddChat(blocked.PrivateChat())
	tg.BlockChat(blocked.ID, "Forbidden: bot was blocked by the user")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(-time.Minute).UTC()
	for _, chat := range []string{"telegram:43", "discord:201"} {
		st.SaveSubscription(context.Background(), schedule.Subscription{Chat: chat, Hour: due.Hour(), Minute: due.Minute(), Zone: "UTC", NextDue: due, EveryDay: true})
	}
	st.Close()

	stderr, _ := serveInProcess(t, map[string]string{
		"TELEGRAM_TOKEN_FILE": tgFile, "TELEGRAM_API_URL": tg.URL(),
		"DISCORD_TOKEN_FILE": dcFile, "DISCORD_API_URL": dc.URL(), "DISCORD_GUILD_ID": "100",
		"BRIEFBOT_DB": db, "BRIEFBOT_LOG_LEVEL": "debug", "BRIEFBOT_LOG_FORMAT": "json",
	})
	base := "http://" + httpAddrOf(t, stderr)
	user := telegramtest.User{ID: 42, FirstName: "Rana", LanguageCode: "en"}
	tg.FailNext("sendMessage", user.ID, telegramtest.Failure{Code: 502})
	tg.FailNext("sendMessage", user.ID, telegramtest.Failure{Code: 429, RetryAfter: 1})
	tg.SendText(user.PrivateChat(), user, "/figures")
	tg.SendText(blocked.PrivateChat(), blocked, "/help")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := tg.WaitMessages(ctx, user.ID, 1); err != nil {
		t.Fatalf("telegram: %v", err)
	}
	if err := dc.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	for len(dc.Commands("100")) == 0 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	dc.DisconnectAll()
	p, err := dc.SlashCommand(ctx, discordtest.SlashSpec{ChannelID: "200", User: discordtest.User{ID: "5", Username: "u"}, Name: "figures"})
	if err == nil {
		_, err = dc.WaitFor(ctx, p.ID, func(r discordtest.Response) bool { return r.Answered() })
	}
	if err != nil {
		t.Fatalf("discord: %v", err)
	}
	logs := func() string { return stderr.String() }
	if !eventually(20*time.Second, func() bool {
		l := logs()
		return strings.Contains(l, "channel is gone; marked inactive") && strings.Contains(l, "chat is gone; marked inactive")
	}) {
		t.Fatalf("the briefings to the closed chats were not refused:\n%s", logs())
	}
	_, metrics := get(t, base+"/metrics")
	_, ready := get(t, base+"/readyz")
	tg.Close() // getUpdates now fails, with the token in its URL
	if !eventually(15*time.Second, func() bool { return strings.Contains(logs(), "getUpdates failed; retrying") }) {
		t.Fatalf("getUpdates did not fail:\n%s", logs())
	}

	all := logs()
	for _, want := range []string{"send failed; retrying", "throttled by Telegram", `"level":"DEBUG","msg":"request"`} {
		if !strings.Contains(all, want) {
			t.Errorf("the run did not go through %q", want)
		}
	}
	for i, line := range strings.Split(strings.TrimSpace(all), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line %d is not JSON: %s", i+1, line)
		}
	}
	for name, tok := range map[string]string{"telegram": tg.Token(), "discord": dc.Token()} {
		secret := tok[strings.Index(tok, ":")+1:] // the secret half of a Telegram token, all of Discord's
		for where, text := range map[string]string{"the log": all, "/metrics": metrics, "/readyz": ready} {
			if strings.Contains(text, tok) || strings.Contains(text, secret) {
				t.Errorf("the %s token appears in %s", name, where)
			}
		}
	}
}
