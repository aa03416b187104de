package bot

import (
	"context"

	"github.com/briefbot/briefbot/bot/schedule"
)

// Subscriptions stores daily briefing subscriptions and what each chat has
// already received. bot/store implements it over SQLite.
type Subscriptions interface {
	Subscription(ctx context.Context, chat string) (schedule.Subscription, bool, error)
	// SaveSubscription creates or replaces the chat's subscription.
	SaveSubscription(ctx context.Context, s schedule.Subscription) error
	// EndSubscription ends it; false when the chat had none.
	EndSubscription(ctx context.Context, chat, reason string) (bool, error)
	// Received lists the statements the chat has had in a briefing.
	Received(ctx context.Context, chat string) (map[string]bool, error)
	// HasBriefing reports whether the chat's briefing for a local date
	// (YYYY-MM-DD) is already in the outbox, sent or not: no other is
	// posted that day.
	HasBriefing(ctx context.Context, chat, date string) (bool, error)
}
