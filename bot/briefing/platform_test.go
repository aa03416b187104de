package briefing_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// platform runs the real Telegram adapter over a fake Bot API, with the
// SQLite store as its chat states, and an outbox composing real briefings.
type platform struct {
	srv  *telegramtest.Server
	st   *store.SQLite
	ob   *briefing.Outbox
	sch  *briefing.Scheduler
	core *bot.Bot
}

// newPlatform builds it; wrap, if not nil, stands between the outbox and
// the adapter.
func newPlatform(t testing.TB, serverLimits telegramtest.Limits, botLimits telegram.Limits, wrap func(bot.Sender) bot.Sender) *platform {
	t.Helper()
	srv := telegramtest.New(telegramtest.WithLimits(serverLimits))
	t.Cleanup(srv.Close)
	c := bottest.NewCore(t, bottest.Options{SQLite: true})
	log := slog.New(slog.DiscardHandler)
	a, err := telegram.New(context.Background(), telegram.Config{Token: srv.Token(), APIURL: srv.URL(), Limits: botLimits,
		Transport: srv.Client().Transport, Logger: log}, c.Bot, c.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	var sender bot.Sender = a
	if wrap != nil {
		sender = wrap(a)
	}
	ob := &briefing.Outbox{Store: c.SQLite, Senders: map[string]bot.Sender{"telegram": sender}, Clock: time.Now, Log: log,
		Composer: &briefing.Composer{Core: c.Bot, Catalog: c.Config.Catalog}}
	sch := &briefing.Scheduler{Store: c.SQLite, Max: 5, Catchup: 2 * time.Hour, Log: log, Catalog: c.Config.Catalog, Enqueued: ob.Wake}
	return &platform{srv: srv, st: c.SQLite, ob: ob, sch: sch, core: c.Bot}
}

// subscribeAll subscribes chats due now.
func (p *platform) subscribeAll(t testing.TB, chats []telegramtest.Chat) {
	now := time.Now()
	for _, c := range chats {
		p.srv.AddChat(c)
		if err := p.st.SaveSubscription(context.Background(), schedule.Subscription{Chat: fmt.Sprintf("telegram:%d", c.ID),
			Hour: now.UTC().Hour(), Minute: now.UTC().Minute(), Zone: "UTC", NextDue: now.Add(-time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestEvery429IsWaitedOut sends briefings to a server far stricter than
// the bot's own pacing (a 429 storm), plus scripted 429s: every briefing
// arrives, and no request comes before its retry_after.
func TestEvery429IsWaitedOut(t *testing.T) {
	strict := telegramtest.Limits{GlobalPerSecond: 8, ChatPerSecond: 1, ChatBurst: 1, GroupPerMinute: 20}
	p := newPlatform(t, strict, telegram.Limits{GlobalPerSecond: 200, ChatPerSecond: 10, ChatBurst: 5, GroupPerMinute: 600}, nil)
	var chats []telegramtest.Chat
	for i := range 30 {
		chats = append(chats, telegramtest.Chat{ID: int64(100 + i), Type: "private", Title: "R"})
	}
	p.subscribeAll(t, chats)
	p.srv.FailNext("sendMessage", 105, telegramtest.Failure{Code: 429, RetryAfter: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := p.sch.Tick(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.ob.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range chats {
		if n := p.srv.MessageCount(c.ID); n != 1 {
			t.Errorf("chat %d got %d briefings", c.ID, n)
		}
	}
	if p.srv.Count429() < 5 {
		t.Errorf("only %d answers of 429: the test wanted a storm", p.srv.Count429())
	}
	// No message is sent again before the retry_after its 429 gave. (Sends
	// to other chats that were already in flight when a 429 came cannot
	// know of it; the bot still holds every send back once it does.)
	last := map[string]telegramtest.Call{}
	for _, c := range p.srv.CallsTo("sendMessage") {
		chat := c.Params.Get("chat_id")
		if prev, ok := last[chat]; ok && prev.Status == 429 {
			var n int
			fmt.Sscanf(prev.Error, "Too Many Requests: retry after %d", &n)
			if c.Time.Before(prev.Time.Add(time.Duration(n) * time.Second)) {
				t.Errorf("chat %s: resent %v after a 429 that said retry after %ds", chat, c.Time.Sub(prev.Time), n)
			}
		}
		last[chat] = c
	}
	counts, _ := p.st.OutboxCounts(ctx)
	if counts["sent"] != 30 {
		t.Errorf("outbox %v", counts)
	}
}

// TestBlockedAndMigratedChats: a blocked chat's subscription ends (logged
// once); a group upgraded to a supergroup keeps its subscription under the
// new id and gets its briefing there.
func TestBlockedAndMigratedChats(t *testing.T) {
	p := newPlatform(t, telegramtest.DefaultLimits(), telegram.DefaultLimits(), nil)
	blocked := telegramtest.Chat{ID: 201, Type: "private", Title: "B"}
	group := telegramtest.Chat{ID: -301, Type: "group", Title: "G"}
	p.subscribeAll(t, []telegramtest.Chat{blocked, group})
	p.srv.BlockChat(blocked.ID, "Forbidden: bot was blocked by the user")
	p.srv.MigrateChat(group.ID, -1000301)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p.sch.Tick(ctx, time.Now())
	p.ob.Drain(ctx)
	if _, ok, _ := p.st.Subscription(ctx, "telegram:201"); ok {
		t.Error("the blocked chat keeps its subscription")
	}
	if p.srv.MessageCount(-1000301) != 1 {
		t.Error("the migrated group did not get its briefing")
	}
	sub, ok, _ := p.st.Subscription(ctx, "telegram:-1000301")
	if !ok || sub.Hour != time.Now().UTC().Hour() && sub.Hour != time.Now().UTC().Add(-time.Minute).Hour() {
		t.Errorf("the subscription did not follow the group: %+v %v", sub, ok)
	}
	counts, _ := p.st.OutboxCounts(ctx)
	if counts["sent"] != 1 || counts["failed"] != 1 {
		t.Errorf("outbox %v", counts)
	}
	for _, v := range p.srv.Violations() {
		t.Error(v)
	}
}
