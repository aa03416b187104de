package discord_test

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
)

// TestThreads: a command in a thread is answered there, and /subscribe in
// a thread posts the briefings in the thread, not in its channel.
func TestThreads(t *testing.T) {
	e := start(t, option{sqlite: true})
	const thread = "300"
	e.fake.AddThread(thread, channelID, "election night")
	r := e.ask(thread, reporter, 0, "figures", discordtest.CommandOption{Name: "lang", Value: "en"})
	if r.Original == nil || r.Original.ChannelID != thread || !strings.Contains(embedText(r.Original), "about 110,000 km²") {
		t.Fatalf("a command in a thread: %+v", r.Original)
	}
	r = e.ask(thread, reporter, int64(discordgo.PermissionManageChannels), "subscribe",
		discordtest.CommandOption{Name: "time", Value: "7 صباحًا"}, discordtest.CommandOption{Name: "timezone", Value: "بغداد"})
	if text := embedText(r.Original); !strings.Contains(text, "07:00 Asia/Baghdad") {
		t.Fatalf("/subscribe in a thread:\n%s", text)
	}
	ctx := context.Background()
	sub, ok, _ := e.db.Subscription(ctx, "discord:"+thread)
	if !ok || sub.Parent != "discord-guild:"+guildID {
		t.Fatalf("stored %+v %v", sub, ok)
	}
	sub.NextDue = time.Now().Add(-time.Second)
	if err := e.db.SaveSubscription(ctx, sub); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	sch := &briefing.Scheduler{Store: e.db, Max: 5, Catchup: time.Hour, Log: log, Catalog: e.core.Config.Catalog}
	ob := &briefing.Outbox{Store: e.db, Senders: map[string]bot.Sender{"discord": e.a}, Clock: time.Now, Log: log,
		Composer: &briefing.Composer{Core: e.core.Bot, Catalog: e.core.Config.Catalog}}
	if n, err := sch.Tick(ctx, time.Now()); err != nil || n != 1 {
		t.Fatalf("tick: %d %v", n, err)
	}
	if _, err := ob.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	var posted []string
	for _, m := range e.fake.ChannelMessages(thread) {
		if m.Interaction == nil && m.WebhookID == "" {
			posted = append(posted, embedText(m))
		}
	}
	if len(posted) != 1 || !strings.Contains(posted[0], "الموجز اليومي") {
		t.Errorf("briefings in the thread: %q", posted)
	}
	for _, m := range e.fake.ChannelMessages(channelID) {
		if strings.Contains(embedText(m), "الموجز اليومي") {
			t.Error("the briefing went to the thread's channel")
		}
	}
}

// TestOwnLanguageOnDiscord: /lang with scope me sets the user's own
// language, which their replies follow in any channel; others keep the
// channel's.
func TestOwnLanguageOnDiscord(t *testing.T) {
	e := start(t, option{})
	var scope *discordgo.ApplicationCommandOption
	for _, c := range e.fake.Commands(guildID) {
		for _, o := range c.Options {
			if c.Name == "lang" && o.Name == "scope" {
				scope = o
			}
		}
	}
	if scope == nil || !slices.ContainsFunc(scope.Choices, func(c *discordgo.ApplicationCommandOptionChoice) bool { return c.Value == "me" }) {
		t.Fatalf("/lang has no scope me: %+v", scope)
	}
	r := e.ask(channelID, reporter, 0, "lang", discordtest.CommandOption{Name: "lang", Value: "en"}, discordtest.CommandOption{Name: "scope", Value: "me"})
	if text := embedText(r.Original); !strings.Contains(text, "replies to you will be in English") {
		t.Fatalf("/lang en scope:me without any permission:\n%s", text)
	}
	if text := embedText(e.ask(otherChan, reporter, 0, "list").Original); !strings.Contains(text, "Statements") {
		t.Errorf("the reporter's own language is not honoured:\n%s", text)
	}
	other := discordtest.User{ID: "9002", Username: "editor", Locale: "en-US"}
	if text := embedText(e.ask(otherChan, other, 0, "list").Original); !strings.Contains(text, "البيانات") {
		t.Errorf("another user follows the reporter's language:\n%s", text)
	}
	// /lang is open to everyone, but the channel's language still needs
	// Manage Channels.
	r = e.ask(otherChan, other, 0, "lang", discordtest.CommandOption{Name: "lang", Value: "en"})
	if d := decode(t, r); d.Flags&int(discordgo.MessageFlagsEphemeral) == 0 || !strings.Contains(embedText(r.Original), "مشرفي") {
		t.Errorf("a member changed the channel's language:\n%s", embedText(r.Original))
	}
}

// TestHelpOnDiscord: /help lists exactly the commands Discord registers,
// in slash-option syntax, and what decides the language there.
func TestHelpOnDiscord(t *testing.T) {
	e := start(t, option{sqlite: true})
	text := embedText(e.ask(channelID, reporter, 0, "help", discordtest.CommandOption{Name: "lang", Value: "en"}).Original)
	var registered []string
	for _, c := range e.fake.Commands(guildID) {
		registered = append(registered, c.Name)
		if !strings.Contains(text, "/"+c.Name) {
			t.Errorf("/help does not list /%s", c.Name)
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if name, ok := strings.CutPrefix(strings.TrimPrefix(line, "`"), "/"); ok {
			name, _, _ = strings.Cut(name, " ")
			if !slices.Contains(registered, name) {
				t.Errorf("/help lists /%s, which Discord does not register", name)
			}
		}
	}
	for _, want := range []string{"/lang lang:<English|العربية>", "[scope:<This channel|Whole server|Only me>]", "[timezone:<city or zone>]", "your own language", "the lang option"} {
		if !strings.Contains(text, want) {
			t.Errorf("/help lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"ar|en", "your app's language"} {
		if strings.Contains(text, not) {
			t.Errorf("/help claims %q:\n%s", not, text)
		}
	}
}

// TestThreadFollowsItsChannelsLanguage: a thread answers in its channel's
// /lang until it has its own, and a subscription made in it keeps the
// channel's language.
func TestThreadFollowsItsChannelsLanguage(t *testing.T) {
	e := start(t, option{sqlite: true})
	const thread, other = "300", "301"
	e.fake.AddThread(thread, channelID, "election night")
	e.fake.AddThread(other, channelID, "morning desk")
	manage := int64(discordgo.PermissionManageChannels)
	if text := embedText(e.ask(channelID, reporter, manage, "lang", discordtest.CommandOption{Name: "lang", Value: "en"}).Original); text == "" {
		t.Fatal("no answer to /lang in the channel")
	}
	if text := embedText(e.ask(thread, reporter, 0, "figures").Original); !strings.Contains(text, "about 110,000 km²") {
		t.Errorf("the thread did not follow its channel's English:\n%s", text)
	}
	e.ask(thread, reporter, manage, "lang", discordtest.CommandOption{Name: "lang", Value: "ar"})
	if text := embedText(e.ask(thread, reporter, 0, "figures").Original); !strings.Contains(text, "حوالي") {
		t.Errorf("the thread's own /lang ar did not win:\n%s", text)
	}
	if text := embedText(e.ask(channelID, reporter, 0, "figures").Original); !strings.Contains(text, "about 110,000 km²") {
		t.Errorf("the thread's /lang changed its channel:\n%s", text)
	}
	e.ask(other, reporter, manage, "subscribe", discordtest.CommandOption{Name: "time", Value: "07:00"}, discordtest.CommandOption{Name: "timezone", Value: "Baghdad"})
	sub, ok, _ := e.db.Subscription(context.Background(), "discord:"+other)
	if !ok || sub.Lang != "en" {
		t.Errorf("a subscription made in the thread: %+v %v; want the channel's language, en", sub, ok)
	}
}
