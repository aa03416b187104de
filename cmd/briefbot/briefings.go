package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

// briefings wires the daily briefing: the scheduler that fills the outbox
// and the outbox that sends through the platform adapters. Only the holder
// of the sender lease runs it.
type briefings struct {
	scheduler *briefing.Scheduler
	outbox    *briefing.Outbox
	stop      chan struct{} // closed by Shutdown
	once      sync.Once
}

func newBriefings(c config, st *store.SQLite, core *bot.Bot, live *summaries.Live, senders map[string]bot.Sender, log *slog.Logger) *briefings {
	ob := &briefing.Outbox{
		Store: st, Senders: senders, Clock: time.Now, Log: log.With("part", "outbox"),
		Composer: &briefing.Composer{Core: core, Catalog: live},
	}
	sch := &briefing.Scheduler{
		Store: st, Catalog: live, Max: c.briefingMax, Catchup: c.catchup, Log: log.With("part", "scheduler"),
		Enqueued: ob.Wake,
	}
	return &briefings{scheduler: sch, outbox: ob, stop: make(chan struct{})}
}

// Run schedules and sends until ctx ends or Shutdown has finished.
func (b *briefings) Run(ctx context.Context) error {
	scheduling, stopScheduling := context.WithCancel(ctx)
	defer stopScheduling()
	go func() {
		select {
		case <-b.stop:
			stopScheduling()
		case <-scheduling.Done():
		}
	}()
	done := make(chan error, 1)
	go func() { done <- b.outbox.Run(ctx) }()
	b.scheduler.Run(scheduling, time.Now, time.Second)
	return <-done
}

// Shutdown stops scheduling and lets the outbox finish or release the
// sends in hand, bounded by ctx.
func (b *briefings) Shutdown(ctx context.Context) error {
	b.once.Do(func() { close(b.stop) })
	return b.outbox.Shutdown(ctx)
}
