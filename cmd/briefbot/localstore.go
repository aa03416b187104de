package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/store"
)

// localStore keeps what the console and ask remember: settings and
// subscriptions.
type localStore interface {
	bot.Settings
	bot.Subscriptions
}

// openLocalStore opens the store of the console and ask: the SQLite
// database at BRIEFBOT_DB when that variable is set or the default file
// exists, and it opens; else memory, so that trying /subscribe leaves no
// file behind. where says which, for the console's banner. Nothing is ever
// posted from the console: it has no outbox worker.
func openLocalStore(ctx context.Context, e env, cfg config, log *slog.Logger) (st localStore, where string, closeStore func()) {
	if _, err := os.Stat(cfg.db); e.getenv("BRIEFBOT_DB") != "" || err == nil {
		db, err := store.Open(ctx, cfg.db)
		if err == nil {
			return db, "subscriptions in " + cfg.db, func() { db.Close() }
		}
		log.Warn("the database cannot be opened; subscriptions are kept in memory", "db", cfg.db, "err", err)
	}
	return store.NewMemory(), "subscriptions in memory", func() {}
}
