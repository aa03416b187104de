package bot

import (
	"context"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

// Subscription is a chat's daily briefing.
type Subscription struct {
	Chat         string
	Hour, Minute int
	Zone         string         // IANA time zone name
	Lang         summaries.Lang // "" = the chat's language when the briefing is sent
	EveryDay     bool           // post even when no statement is new
	NextDue      time.Time      // the next briefing's instant (UTC)
}

// Subscriptions stores daily briefing subscriptions and what each chat has
// already received. bot/store implements it over SQLite.
type Subscriptions interface {
	Subscription(ctx context.Context, chat string) (Subscription, bool, error)
	// SaveSubscription creates or replaces the chat's subscription.
	SaveSubscription(ctx context.Context, s Subscription) error
	// EndSubscription ends it; false when the chat had none.
	EndSubscription(ctx context.Context, chat, reason string) (bool, error)
	// Received lists the statements the chat has had in a briefing.
	Received(ctx context.Context, chat string) (map[string]bool, error)
}
