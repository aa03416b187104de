package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/metrics"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

// observability is what an operator sees of a serving process: its
// metrics, and the probes that BRIEFBOT_HTTP_ADDR serves with them.
type observability struct {
	metrics *metrics.Metrics
	health  *health
}

// newObservability makes the metrics of the platforms cfg serves (the
// outbox counted from states at each scrape) and the probes' first two
// parts: the catalog and the store; the platforms are added as they start.
func newObservability(cfg config, log *slog.Logger, states *store.SQLite, live bot.CatalogSource) (*observability, error) {
	m, err := metrics.New(log, cfg.platforms()...)
	if err != nil {
		return nil, err
	}
	if err := m.WatchOutbox(states); err != nil {
		return nil, err
	}
	m.CatalogLoaded(live.Catalog().Len(), time.Now())
	h := &health{metrics: m.Handler()}
	h.add("catalog", func(context.Context) (string, error) {
		n := live.Catalog().Len()
		if n == 0 {
			return "", errors.New("no statement loaded")
		}
		return fmt.Sprintf("%d statements", n), nil
	})
	h.add("store", func(ctx context.Context) (string, error) { return "", states.Ping(ctx) })
	return &observability{metrics: m, health: h}, nil
}

// Reloaded records a reload of the statements: its result, its time and
// the statements served (see watchData).
func (o *observability) Reloaded(_ context.Context, u summaries.Update) {
	n := 0
	if u.Accepted {
		n = u.State.Catalog().Len()
	}
	o.metrics.CatalogReloaded(u.Accepted, n, time.Now())
}

// platforms are the platforms whose tokens are set.
func (c config) platforms() []string {
	var out []string
	if c.telegramToken != "" {
		out = append(out, bot.PlatformTelegram)
	}
	if c.discordToken != "" {
		out = append(out, bot.PlatformDiscord)
	}
	return out
}
