package briefing_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
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

// countingSender counts briefings delivered, to stop the clock at the last.
type countingSender struct {
	next bot.Sender
	n    atomic.Int64
	want int64
	done chan struct{}
}

func (c *countingSender) Send(ctx context.Context, chat string, r *bot.Reply) error {
	err := c.next.Send(ctx, chat, r)
	if err == nil && c.n.Add(1) == c.want {
		close(c.done)
	}
	return err
}

const (
	fanoutChats = 10_000
	fanoutLimit = 1000 // messages per second the fake server allows overall
)

// BenchmarkFanout sends one briefing to 10,000 chats through the real
// Telegram adapter and outbox, against a fake server enforcing a global
// limit of 1,000 messages a second, and reports wall time over the
// physical minimum (10,000 / 1,000 = 10 s; goal 1.10 or less) and the
// number of 429 answers (goal 0).
func BenchmarkFanout(b *testing.B) {
	for b.Loop() {
		srv := telegramtest.New(telegramtest.WithLimits(telegramtest.Limits{GlobalPerSecond: fanoutLimit, ChatPerSecond: 1, ChatBurst: 3, GroupPerMinute: 20}))
		st, err := store.Open(context.Background(), b.TempDir()+"/b.db")
		if err != nil {
			b.Fatal(err)
		}
		cat, _, _ := summaries.Load(data.FS())
		msgs, _ := bot.LoadMessages()
		core := bot.New(bot.Config{Catalog: summaries.NewLive(cat), Settings: st, Subscriptions: st, Messages: msgs})
		log := slog.New(slog.DiscardHandler)
		limits := telegram.DefaultLimits()
		limits.GlobalPerSecond = fanoutLimit
		a, err := telegram.New(context.Background(), telegram.Config{Token: srv.Token(), APIURL: srv.URL(), Limits: limits,
			Transport: srv.Client().Transport, Logger: log}, core, st)
		if err != nil {
			b.Fatal(err)
		}
		now := time.Now().UTC()
		for i := range fanoutChats {
			id := int64(1_000_000 + i)
			srv.AddChat(telegramtest.Chat{ID: id, Type: "private", Title: "R"})
			st.SaveSubscription(context.Background(), bot.Subscription{Chat: fmt.Sprintf("telegram:%d", id), Hour: now.Hour(), Minute: now.Minute(), Zone: "UTC", NextDue: now.Add(-time.Second)})
		}
		counted := &countingSender{next: a, want: fanoutChats, done: make(chan struct{})}
		ob := &briefing.Outbox{Store: st, Senders: map[string]bot.Sender{"telegram": counted}, Clock: time.Now, Log: log,
			Compose: func(_ context.Context, it briefing.Item) (*bot.Reply, error) {
				day, _ := time.Parse(time.DateOnly, it.Date)
				var sts []*summaries.Statement
				for _, id := range it.Statements {
					sts = append(sts, cat.Get(id))
				}
				return core.Briefing(summaries.AR, bot.WesternDigits, day, sts), nil
			}}
		sch := &briefing.Scheduler{Store: st, Max: 5, Catchup: time.Hour, Log: log, Enqueued: ob.Wake,
			Candidates: func() []string { return []string{"coalition-ministers-2019-11"} }}
		ctx, cancel := context.WithCancel(context.Background())
		start := time.Now()
		done := make(chan error, 1)
		go func() { done <- ob.Run(ctx) }()
		if _, err := sch.Tick(ctx, time.Now()); err != nil {
			b.Fatal(err)
		}
		select {
		case <-counted.done:
		case <-time.After(5 * time.Minute):
			b.Fatalf("only %d sent", counted.n.Load())
		}
		wall := time.Since(start)
		cancel()
		<-done
		minimum := time.Duration(float64(fanoutChats) / fanoutLimit * float64(time.Second))
		b.ReportMetric(wall.Seconds()/minimum.Seconds(), "wall/min")
		b.ReportMetric(float64(srv.Count429()), "429s")
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.Logf("%d chats at %d/s: wall %v, physical minimum %v, ratio %.3f, 429 answers %d",
			fanoutChats, fanoutLimit, wall.Round(time.Millisecond), minimum, wall.Seconds()/minimum.Seconds(), srv.Count429())
		st.Close()
		srv.Close()
	}
}
