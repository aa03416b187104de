package main

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

// briefings wires the daily briefing and the notices: the scheduler and
// the notifier that fill the outbox, and the outbox that sends through the
// platform adapters. Only the holder of the sender lease runs it: a
// standby neither sends nor writes notices (the holder, watching the same
// data, writes them once).
type briefings struct {
	scheduler *briefing.Scheduler
	outbox    *briefing.Outbox
	// notices turns data reloads into corrections, instant posts and admin
	// notices (see watchData).
	notices *briefing.Notifier
	running atomic.Bool   // Run is serving: this process holds the lease
	stop    chan struct{} // closed by Shutdown
	once    sync.Once
}

func newBriefings(c config, st *store.SQLite, core *bot.Bot, live bot.CatalogSource, senders map[string]bot.Sender, log *slog.Logger, obs briefing.Observer) *briefings {
	ob := &briefing.Outbox{
		Store: st, Senders: senders, Clock: time.Now, Log: log.With("part", "outbox"), Observer: obs,
		Composer: &briefing.Composer{Core: core, Catalog: live},
	}
	sch := &briefing.Scheduler{
		Store: st, Catalog: live, Max: c.briefingMax, Catchup: c.catchup, Log: log.With("part", "scheduler"),
		Enqueued: ob.Wake, Observer: obs,
	}
	notices := &briefing.Notifier{
		Store: st, Admins: c.adminChats, Clock: time.Now, Log: log.With("part", "notices"), Enqueued: ob.Wake, Catalog: live,
	}
	for _, chat := range c.unservedAdminChats() {
		log.Warn("BRIEFBOT_ADMIN_CHATS names a chat on a platform whose token is not set; it cannot be told", "chat", chat)
	}
	return &briefings{scheduler: sch, outbox: ob, notices: notices, stop: make(chan struct{})}
}

// Reloaded writes what a reload tells chats to the outbox, while this
// process holds the sender lease.
func (b *briefings) Reloaded(ctx context.Context, u summaries.Update) {
	if b.running.Load() {
		b.notices.Reloaded(ctx, u)
	}
}

// Run schedules and sends until ctx ends or Shutdown has finished.
func (b *briefings) Run(ctx context.Context) error {
	b.running.Store(true)
	defer b.running.Store(false)
	// What changed while no process of this deployment was sending (the
	// bot stopped, or this one on standby) is told now.
	if err := b.notices.Reconcile(context.WithoutCancel(ctx)); err != nil {
		b.notices.Log.Error("telling the edits made while the bot was not sending; the next start tries again", "err", err)
	}
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
