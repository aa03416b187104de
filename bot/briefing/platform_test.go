package briefing_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
	"github.com/briefbot/briefbot/data"
	"github.com/briefbot/briefbot/summaries"
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

func newPlatform(t *testing.T, serverLimits telegramtest.Limits, botLimits telegram.Limits) *platform {
	t.Helper()
	srv := telegramtest.New(telegramtest.WithLimits(serverLimits))
	t.Cleanup(srv.Close)
	st, err := store.Open(context.Background(), t.TempDir()+"/b.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat, _, _ := summaries.Load(data.FS())
	live := summaries.NewLive(cat)
	msgs, _ := bot.LoadMessages()
	core := bot.New(bot.Config{Catalog: live, Settings: st, Subscriptions: st, Messages: msgs})
	log := slog.New(slog.DiscardHandler)
	a, err := telegram.New(context.Background(), telegram.Config{Token: srv.Token(), APIURL: srv.URL(), Limits: botLimits,
		Transport: srv.Client().Transport, Logger: log}, core, st)
	if err != nil {
		t.Fatal(err)
	}
	ob := &briefing.Outbox{Store: st, Senders: map[string]bot.Sender{"telegram": a}, Clock: time.Now, Log: log,
		Compose: func(_ context.Context, it briefing.Item) (*bot.Reply, error) {
			var sts []*summaries.Statement
			for _, id := range it.Statements {
				sts = append(sts, cat.Get(id))
			}
			day, _ := time.Parse(time.DateOnly, it.Date)
			return core.Briefing(summaries.AR, bot.WesternDigits, day, sts), nil
		}}
	sch := &briefing.Scheduler{Store: st, Max: 5, Catchup: 2 * time.Hour, Log: log,
		Candidates: func() []string { return []string{"coalition-ministers-2019-11"} }}
	return &platform{srv: srv, st: st, ob: ob, sch: sch, core: core}
}

// subscribeAll subscribes chats due now.
func (p *platform) subscribeAll(t *testing.T, chats []telegramtest.Chat) {
	now := time.Now()
	for _, c := range chats {
		p.srv.AddChat(c)
		if err := p.st.SaveSubscription(context.Background(), bot.Subscription{Chat: fmt.Sprintf("telegram:%d", c.ID),
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
	p := newPlatform(t, strict, telegram.Limits{GlobalPerSecond: 200, ChatPerSecond: 10, ChatBurst: 5, GroupPerMinute: 600})
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
	p := newPlatform(t, telegramtest.DefaultLimits(), telegram.DefaultLimits())
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
