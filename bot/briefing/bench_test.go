package briefing_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/telegram"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// countingSender counts briefings delivered, to stop the clock at the last.
type countingSender struct {
	next bot.Sender
	n    atomic.Int64
	want int64
	done chan struct{}
}

func (c *countingSender) Send(ctx context.Context, to bot.Chat, r *bot.Reply) error {
	err := c.next.Send(ctx, to, r)
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
		limits := telegram.DefaultLimits()
		limits.GlobalPerSecond = fanoutLimit
		var counted *countingSender
		p := newPlatform(b, telegramtest.Limits{GlobalPerSecond: fanoutLimit, ChatPerSecond: 1, ChatBurst: 3, GroupPerMinute: 20}, limits,
			func(a bot.Sender) bot.Sender {
				counted = &countingSender{next: a, want: fanoutChats, done: make(chan struct{})}
				return counted
			})
		srv, ob, sch := p.srv, p.ob, p.sch
		chats := make([]telegramtest.Chat, fanoutChats)
		for i := range chats {
			chats[i] = telegramtest.Chat{ID: int64(1_000_000 + i), Type: "private", Title: "R"}
		}
		p.subscribeAll(b, chats)
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
	}
}
