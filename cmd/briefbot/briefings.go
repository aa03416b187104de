package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

// briefings wires the daily briefing: the scheduler that fills the outbox
// and the outbox that sends through the platform adapters.
type briefings struct {
	scheduler *briefing.Scheduler
	outbox    *briefing.Outbox
}

func newBriefings(c config, st *store.SQLite, core *bot.Bot, live *summaries.Live, senders map[string]bot.Sender, log *slog.Logger) *briefings {
	ob := &briefing.Outbox{
		Store: st, Senders: senders, Clock: time.Now, Log: log.With("part", "outbox"),
		Compose: composer(st, core, live),
	}
	sch := &briefing.Scheduler{
		Store: st, Max: c.briefingMax, Catchup: c.catchup, Log: log.With("part", "scheduler"),
		Candidates: func() []string { return statementIDs(live.Catalog()) },
		Enqueued:   ob.Wake,
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

// statementIDs lists a catalog's statements, newest first.
func statementIDs(cat *summaries.Catalog) []string {
	if cat == nil {
		return nil
	}
	ids := make([]string, 0, cat.Len())
	for _, st := range cat.All() {
		ids = append(ids, st.ID)
	}
	return ids
}

// composer renders an outbox row with the statements of the catalog being
// served, in the subscription's language or else the chat's.
func composer(st *store.SQLite, core *bot.Bot, live *summaries.Live) briefing.Composer {
	return func(ctx context.Context, it briefing.Item) (*bot.Reply, error) {
		settings, err := st.ChatSettings(ctx, it.Chat)
		if err != nil {
			return nil, err
		}
		lang := it.Lang
		if lang == "" {
			lang = settings.Lang
		}
		if lang == "" {
			lang = core.DefaultLang()
		}
		day, err := time.Parse(time.DateOnly, it.Date)
		if err != nil {
			return nil, fmt.Errorf("outbox date %q: %w", it.Date, err)
		}
		cat := live.Catalog()
		var sts []*summaries.Statement
		for _, id := range it.Statements {
			if s := cat.Get(id); s != nil {
				sts = append(sts, s)
			}
		}
		return core.Briefing(lang, settings.Digits, day, sts), nil
	}
}
