// Package briefing posts the daily briefing and the notices of data
// reloads: a scheduler finds the subscriptions that are due (by their local
// time, correct across daylight saving changes) and writes each briefing to
// a durable outbox under a unique (subscription, local date) key before
// anything is sent; a notifier writes what a reload tells chats
// (corrections, instant posts of new statements, refused reloads for the
// admin chats) to the same outbox, each under its own unique key; a worker
// composes each outbox row into a reply and sends it through the platform
// adapters, and marks it sent. A crash never loses a row and never repeats
// one marked sent.
package briefing

import (
	"context"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
)

// SchedulerStore is what the scheduler needs of the database.
type SchedulerStore interface {
	// DueSubscriptions lists active subscriptions due at or before now.
	DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]schedule.Subscription, error)
	// Enqueue, for each due briefing and in one transaction: picks what
	// it carries of candidates (schedule.Carries, at most max), writes the
	// briefing for the subscription's current due date, records those
	// statements as received, and moves the subscription to its next time.
	// It writes nothing for a subscription that changed since it was read.
	Enqueue(ctx context.Context, due []schedule.Due, candidates []string, max int) ([]schedule.Outcome, error)
	// Reschedule moves a subscription that is still due at was to next
	// (a briefing skipped after downtime).
	Reschedule(ctx context.Context, chat string, was, next time.Time) error
	EndSubscription(ctx context.Context, chat, reason string) (bool, error)
}

// OutboxStore is what the outbox worker needs of the database.
type OutboxStore interface {
	// Claim marks up to limit pending rows due by now as being sent. Only
	// the process holding the database's sender lease claims any; the one
	// that takes a lapsed lease over returns its owner's rows left
	// "sending" to pending (they may be sent once more).
	Claim(ctx context.Context, now time.Time, limit int) ([]schedule.Item, error)
	Sent(ctx context.Context, id int64, at time.Time) error
	Retry(ctx context.Context, id int64, at time.Time, reason string) error
	Failed(ctx context.Context, id int64, reason string) error
	EndSubscription(ctx context.Context, chat, reason string) (bool, error)
}

// Outcome is what became of a daily briefing, for metrics.
type Outcome string

// Briefing outcomes. A due briefing ends sent, skipped or failed (or is
// still in the outbox); corrections, instant posts and admin notices are
// no briefings and count in none.
const (
	OutcomeDue     Outcome = "due"     // a subscription's time came
	OutcomeSent    Outcome = "sent"    // posted
	OutcomeSkipped Outcome = "skipped" // nothing new to carry, or missed for longer than the catch-up
	OutcomeFailed  Outcome = "failed"  // given up: the chat is gone, or retried past GiveUp
)

// Outcomes lists every Outcome, so that metrics show each from zero.
func Outcomes() []Outcome {
	return []Outcome{OutcomeDue, OutcomeSent, OutcomeSkipped, OutcomeFailed}
}

// Observer is told what becomes of briefings (metrics). It must be safe
// for concurrent use.
type Observer interface {
	Briefing(o Outcome)
}

// tell tells obs of o, if there is an observer.
func tell(obs Observer, o Outcome) {
	if obs != nil {
		obs.Briefing(o)
	}
}

// isBriefing reports whether an outbox item is a daily briefing.
func isBriefing(it schedule.Item) bool {
	return it.Kind == "" || it.Kind == schedule.KindBriefing
}
