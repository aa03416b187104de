package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/store"
)

// briefings wires the daily briefing: the scheduler that fills the outbox
// and the outbox that sends through the platform adapters.
type briefings struct {
	scheduler *briefing.Scheduler
	outbox    *briefing.Outbox
}

func newBriefings(c config, st *store.SQLite, core *bot.Bot, live bot.CatalogSource, senders map[string]bot.Sender, log *slog.Logger) *briefings {
	ob := &briefing.Outbox{
		Store: st, Senders: senders, Clock: time.Now, Log: log.With("part", "outbox"),
		Composer: &briefing.Composer{Core: core, Catalog: live},
	}
	sch := &briefing.Scheduler{
		Store: st, Catalog: live, Max: c.briefingMax, Catchup: c.catchup, Log: log.With("part", "scheduler"),
		Enqueued: ob.Wake,
	}
	return &briefings{scheduler: sch, outbox: ob}
}

// run sends what a crash left in flight, then schedules and sends until
// ctx ends.
func (b *briefings) run(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- b.outbox.Run(ctx) }()
	b.scheduler.Run(ctx, time.Now, time.Second)
	return <-done
}
