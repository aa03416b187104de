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
	Store Store
	// Candidates lists the statements a briefing may carry, newest first.
	Candidates func() []string
	// Max is how many statements one briefing carries (BRIEFBOT_BRIEFING_MAX).
	Max int
	// Catchup is how late a missed briefing may still be sent after
	// downtime (BRIEFBOT_CATCHUP); older ones are skipped and logged.
	Catchup time.Duration
	Log     *slog.Logger
	// Enqueued is told when rows were written, so the outbox wakes up.
	Enqueued func()
}

// batch bounds the subscriptions one Tick handles per query.
const batch = 500

// Tick enqueues every briefing due at or before now and moves each
// subscription to its next local time. Running it again, or after a crash,
// never enqueues a day twice: the outbox key is (chat, local date).
func (s *Scheduler) Tick(ctx context.Context, now time.Time) (int, error) {
	enqueued := 0
	for {
		due, err := s.Store.DueSubscriptions(ctx, now, batch)
		if err != nil {
			return enqueued, err
		}
		if len(due) == 0 {
			break
		}
		candidates := s.Candidates()
		for _, sub := range due {
			n, err := s.one(ctx, sub, now, candidates)
			if err != nil {
				return enqueued, err
			}
			enqueued += n
		}
		if len(due) < batch {
			break
		}
	}
	if enqueued > 0 && s.Enqueued != nil {
		s.Enqueued()
	}
	return enqueued, nil
}

func (s *Scheduler) one(ctx context.Context, sub bot.Subscription, now time.Time, candidates []string) (int, error) {
	loc, err := schedule.LoadZone(sub.Zone)
	if err != nil { // cannot happen for stored subscriptions; end it rather than spin
		s.Log.Error("subscription with a bad time zone ended", "chat", sub.Chat, "zone", sub.Zone)
		_, err := s.Store.EndSubscription(ctx, sub.Chat, "bad time zone "+sub.Zone)
		return 0, err
	}
	d := schedule.Daily{Hour: sub.Hour, Minute: sub.Minute, Loc: loc}
	date := d.LocalDate(sub.NextDue)
	if late := now.Sub(sub.NextDue); late > s.Catchup {
		next := d.Next(now)
		s.Log.Warn("briefing missed during downtime; skipped", "chat", sub.Chat, "date", date, "late", late.Round(time.Second), "next", next)
		return 0, s.Store.Reschedule(ctx, sub.Chat, sub.NextDue, next)
	}
	next := d.Next(sub.NextDue)
	if next.Before(now) { // several days behind within the catch-up: one briefing, then resume
		next = d.Next(now)
	}
	_, outcome, err := s.Store.Enqueue(ctx, sub, date, candidates, s.Max, next)
	if err != nil {
		return 0, fmt.Errorf("briefing of %s: %w", sub.Chat, err)
	}
	switch outcome {
	case Enqueued:
		return 1, nil
	case NothingNew:
		s.Log.Info("no new statement; no briefing posted", "chat", sub.Chat, "date", date)
	case Duplicate:
		s.Log.Info("briefing already in the outbox", "chat", sub.Chat, "date", date)
	}
	return 0, nil
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
