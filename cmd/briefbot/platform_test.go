package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
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
