package briefing

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/schedule"
)

// Scheduler writes due briefings to the outbox.
type Scheduler struct {
	Store SchedulerStore
	// Catalog is the catalog being served: a briefing may carry any of its
	// statements, newest first.
	Catalog bot.CatalogSource
	// Max is how many statements one briefing carries (BRIEFBOT_BRIEFING_MAX).
	Max int
	// Catchup is how late a missed briefing may still be sent after
	// downtime (BRIEFBOT_CATCHUP); older ones are skipped and logged.
	Catchup time.Duration
	Log     *slog.Logger
	// Enqueued is told when rows were written, so the outbox wakes up.
	Enqueued func()
	// Observer is told of due and skipped briefings; nil: nobody.
	Observer Observer
}

// batch bounds the subscriptions one Tick handles per query.
const batch = 500

// Tick enqueues every briefing due at or before now and moves each
// subscription to its next local time. Running it again, or after a crash,
// never enqueues a day twice: the outbox key is (chat, local date).
func (s *Scheduler) Tick(ctx context.Context, now time.Time) (int, error) {
	enqueued := 0
	for {
		subs, err := s.Store.DueSubscriptions(ctx, now, batch)
		if err != nil {
			return enqueued, err
		}
		if len(subs) == 0 {
			break
		}
		var due []schedule.Due
		for _, sub := range subs {
			d, ok, err := s.plan(ctx, sub, now)
			if err != nil {
				return enqueued, err
			}
			if ok {
				due = append(due, d)
				tell(s.Observer, OutcomeDue)
			}
		}
		outcomes, err := s.Store.Enqueue(ctx, due, s.Catalog.Catalog().IDs(), s.Max)
		if err != nil {
			return enqueued, fmt.Errorf("enqueueing briefings: %w", err)
		}
		n := 0
		for i, o := range outcomes {
			switch o {
			case schedule.Enqueued:
				n++
			case schedule.NothingNew:
				tell(s.Observer, OutcomeSkipped)
				s.Log.Info("no new statement; no briefing posted", "chat", due[i].Sub.Chat, "date", due[i].Date)
			case schedule.Duplicate:
				s.Log.Info("briefing already in the outbox", "chat", due[i].Sub.Chat, "date", due[i].Date)
			}
		}
		enqueued += n
		if n > 0 && s.Enqueued != nil {
			s.Enqueued() // the outbox starts on this batch while the next is written
		}
		if len(subs) < batch {
			break
		}
	}
	return enqueued, nil
}

// plan works out a due subscription's briefing, or skips it (false) when it
// is older than the catch-up window.
func (s *Scheduler) plan(ctx context.Context, sub schedule.Subscription, now time.Time) (schedule.Due, bool, error) {
	loc, err := schedule.LoadZone(sub.Zone)
	if err != nil { // cannot happen for stored subscriptions; end it rather than spin
		s.Log.Error("subscription with a bad time zone ended", "chat", sub.Chat, "zone", sub.Zone)
		_, err := s.Store.EndSubscription(ctx, sub.Chat, "bad time zone "+sub.Zone)
		return schedule.Due{}, false, err
	}
	d := schedule.Daily{Hour: sub.Hour, Minute: sub.Minute, Loc: loc}
	date := d.LocalDate(sub.NextDue)
	if late := now.Sub(sub.NextDue); late > s.Catchup {
		next := d.Next(now)
		tell(s.Observer, OutcomeDue)
		tell(s.Observer, OutcomeSkipped)
		s.Log.Warn("briefing missed during downtime; skipped", "chat", sub.Chat, "date", date, "late", late.Round(time.Second), "next", next)
		return schedule.Due{}, false, s.Store.Reschedule(ctx, sub.Chat, sub.NextDue, next)
	}
	next := d.Next(sub.NextDue)
	if next.Before(now) { // several days behind within the catch-up: one briefing, then resume
		next = d.Next(now)
	}
	return schedule.Due{Sub: sub, Date: date, Next: next}, true, nil
}

// Run ticks every interval until ctx ends. Errors are logged and the next
// tick tries again.
func (s *Scheduler) Run(ctx context.Context, clock func() time.Time, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Tick(ctx, clock()); err != nil && ctx.Err() == nil {
			s.Log.Error("scheduling briefings", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
