// Package briefing posts the daily briefing: a scheduler finds the
// subscriptions that are due (by their local time, correct across daylight
// saving changes) and writes each briefing to a durable outbox under a
// unique (subscription, local date) key before anything is sent; a worker
// sends outbox rows through the platform adapters and marks them sent. A
// crash never loses a briefing and never repeats one marked sent.
package briefing

import (
	"context"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// Item is one briefing in the outbox.
type Item struct {
	ID         int64
	Key        string // chat + "|" + local date: unique
	Chat       string
	Date       string // the subscription's local date (YYYY-MM-DD)
	DueAt      time.Time
	Statements []string       // statement ids, newest first
	Lang       summaries.Lang // "" = the chat's language when sent
	EveryDay   bool
	Attempts   int // sends started, this one included
}

// Due is one briefing to enqueue: the subscription as read, the local date
// it is due for, and the time after it.
type Due struct {
	Sub  bot.Subscription
	Date string
	Next time.Time
}

// Outcome says what Enqueue did.
type Outcome int

// Enqueue outcomes.
const (
	Enqueued   Outcome = iota // a new outbox row
	Duplicate                 // the row for that day existed: nothing new written
	NothingNew                // no statement the chat has not had, and it did not ask for a daily post
	Changed                   // the subscription changed or ended meanwhile: nothing written
)

// Store is what the scheduler and the outbox need of the database.
type Store interface {
	// DueSubscriptions lists active subscriptions due at or before now.
	DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]bot.Subscription, error)
	// Enqueue, for each due briefing and in one transaction: picks up to
	// max of candidates (newest first) the chat has not received, writes the
	// briefing for the subscription's current due date, records those
	// statements as received, and moves the subscription to its next time.
	// It writes nothing for a subscription that changed since it was read.
	Enqueue(ctx context.Context, due []Due, candidates []string, max int) ([]Outcome, error)
	// Reschedule moves a subscription that is still due at was to next
	// (a briefing skipped after downtime).
	Reschedule(ctx context.Context, chat string, was, next time.Time) error
	// Claim marks up to limit pending rows due by now as being sent.
	Claim(ctx context.Context, now time.Time, limit int) ([]Item, error)
	Sent(ctx context.Context, id int64, at time.Time) error
	Retry(ctx context.Context, id int64, at time.Time, reason string) error
	Failed(ctx context.Context, id int64, reason string) error
	// RecoverInFlight returns rows left "sending" by a crash to "pending":
	// their send may have gone out, so they may be sent once more.
	RecoverInFlight(ctx context.Context) (int, error)
	EndSubscription(ctx context.Context, chat, reason string) (bool, error)
	bot.ChatStates
}
