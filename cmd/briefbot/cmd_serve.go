package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram"
)

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "run", "[run]",
		"Serves the command core on every platform whose token is set (TELEGRAM_TOKEN,\nDISCORD_TOKEN). With no token it runs the local console on the bundled data.")
	if err := parseFlags(fs, args); err != nil {
		return helpOK(err)
	}
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return err
	}
	if cfg.telegramToken == "" && cfg.discordToken == "" {
		return serveConsole(ctx, e, "", " (no TELEGRAM_TOKEN or DISCORD_TOKEN set, so no platform)")
	}
	return servePlatforms(ctx, e, cfg)
}

// servePlatforms runs every configured platform until ctx ends (SIGINT,
// SIGTERM) or one of them fails, then shuts down within
// BRIEFBOT_SHUTDOWN_TIMEOUT (see lifecycle.run).
//
// Of the processes on one database, only the holder of the sender lease
// polls Telegram (Telegram allows one long-polling client per token), opens
// the Discord gateway, schedules and sends briefings; another waits as a
// standby and takes over when the holder's lease lapses. The Telegram
// webhook and Discord HTTP interactions are served by every process: an
// update arrives at one of them only.
func servePlatforms(ctx context.Context, e env, cfg config) error {
	log := cfg.logger(e)
	data, err := loadState(ctx, cfg, log)
	if err != nil {
		return err
	}
	msgs, err := loadMessages(log)
	if err != nil {
		return err
	}
	live := serveCatalog(ctx, data, msgs, log)
	states, err := store.Open(ctx, cfg.db)
	if err != nil {
		return fmt.Errorf("BRIEFBOT_DB=%s: %w", cfg.db, err)
	}
	defer states.Close()
	obs, err := newObservability(cfg, log, states, live)
	if err != nil {
		return err
	}
	core, err := newCore(cfg, live, msgs, log, coreOptions{userLimits: true, settings: states, subs: states, observer: obs.metrics})
	if err != nil {
		return err
	}
	// work outlives the signal while fetched updates are answered and
	// sends finished; it ends at the shutdown deadline.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	senders := map[string]bot.Sender{}
	daily := newBriefings(cfg, states, core, live, senders, log, obs.metrics) // senders are added below, before it runs
	watchData(work, cfg, data, live, log, reloadAll{daily, obs})
	curators, err := deskHandler(work, cfg, states, log)
	if err != nil {
		return err
	}

	lc := &lifecycle{log: log, lease: newSenderLease(states, log), health: obs.health}
	var webhook, interactions http.Handler
	if cfg.telegramToken != "" {
		tg, err := telegram.New(work, cfg.telegramConfig(log, obs.metrics), core, states)
		if err != nil {
			return err
		}
		senders["telegram"] = tg
		if cfg.telegramWebhookURL != "" {
			webhook = tg.WebhookHandler()
		}
		lc.addPlatform("telegram", tg, cfg.telegramWebhookURL != "")
	}
	if cfg.discordToken != "" {
		dc, err := discord.New(cfg.discordConfig(log, obs.metrics), core, states)
		if err != nil {
			return err
		}
		senders["discord"] = dc
		if cfg.discordPublicKey != "" {
			interactions = dc.HTTPHandler()
		}
		lc.addPlatform("discord", dc, cfg.discordPublicKey != "")
	}
	lc.held = append(lc.held, daily)
	mux, err := httpRoutes(append(cfg.routes(webhook, interactions, curators), opsRoutes(obs.health)...))
	if err != nil {
		return configError{err}
	}
	ln, err := net.Listen("tcp", cfg.httpAddr)
	if err != nil {
		return fmt.Errorf("listening on BRIEFBOT_HTTP_ADDR=%s: %w", cfg.httpAddr, err)
	}
	log.Info("serving HTTP", "addr", ln.Addr().String())
	lc.srv, lc.ln = newHTTPServer(mux), ln
	return lc.run(ctx, work, stopWork, cfg.shutdownTimeout)
}

// telegramConfig is the Telegram adapter's configuration from the environment.
func (c config) telegramConfig(log *slog.Logger, obs bot.DeliveryObserver) telegram.Config {
	return telegram.Config{
		Token: c.telegramToken, APIURL: c.telegramAPIURL,
		WebhookURL: c.telegramWebhookURL, WebhookSecret: c.telegramWebhookSecret,
		Limits: c.telegramLimits(), Logger: log, Observer: obs,
	}
}

// telegramLimits are Telegram's documented limits with the overall rate
// from TELEGRAM_RATE_LIMIT (paid broadcasts allow up to 1000 a second).
func (c config) telegramLimits() telegram.Limits {
	l := telegram.DefaultLimits()
	l.GlobalPerSecond = c.telegramRate
	return l
}

// discordConfig is the Discord adapter's configuration from the environment.
func (c config) discordConfig(log *slog.Logger, obs bot.DeliveryObserver) discord.Config {
	return discord.Config{
		Token: c.discordToken, APIURL: c.discordAPIURL, GuildID: c.discordGuildID,
		PublicKey: c.discordPublicKey, Logger: log, Observer: obs,
	}
}

var (
	_ bot.Sender = (*telegram.Adapter)(nil)
	_ bot.Sender = (*discord.Adapter)(nil)
)
