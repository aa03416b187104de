package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

// briefings wires the daily briefing and the notices: the scheduler and
// the notifier that fill the outbox, and the outbox that sends through the
// platform adapters.
type briefings struct {
	scheduler *briefing.Scheduler
	outbox    *briefing.Outbox
	// notices turns data reloads into corrections, instant posts and admin
	// notices (see watchData).
	notices *briefing.Notifier
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
	notices := &briefing.Notifier{
		Store: st, Admins: c.adminChats, Clock: time.Now, Log: log.With("part", "notices"), Enqueued: ob.Wake,
	}
	for _, chat := range c.unservedAdminChats() {
		log.Warn("BRIEFBOT_ADMIN_CHATS names a chat on a platform whose token is not set; it cannot be told", "chat", chat)
	}
	return &briefings{scheduler: sch, outbox: ob, notices: notices}
}

// run sends what a crash left in flight, then schedules and sends until
// ctx ends.
func (b *briefings) run(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- b.outbox.Run(ctx) }()
	b.scheduler.Run(ctx, time.Now, time.Second)
	return <-done
}
