package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

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

// servePlatforms runs every configured platform until ctx ends or one of
// them fails.
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
	watchData(ctx, cfg, data, live, log)
	states, err := store.Open(ctx, cfg.db)
	if err != nil {
		return fmt.Errorf("opening BRIEFBOT_DB=%s: %w", cfg.db, err)
	}
	defer states.Close()
	core, err := newCore(cfg, live, msgs, log, coreOptions{userLimits: true, settings: states, subs: states})
	if err != nil {
		return err
	}
	senders := map[string]bot.Sender{}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg      sync.WaitGroup
		errOnce sync.Once
		runErr  error
	)
	fail := func(err error) {
		if err != nil {
			errOnce.Do(func() { runErr = err; cancel() })
		}
	}
	httpMux := http.NewServeMux()
	serveHTTP := false

	if cfg.telegramToken != "" {
		tg, err := telegram.New(ctx, cfg.telegramConfig(log), core, states)
		if err != nil {
			return err
		}
		if cfg.telegramWebhookURL != "" {
			httpMux.Handle("POST "+tg.WebhookPath(), tg.WebhookHandler())
			serveHTTP = true
		}
		senders["telegram"] = tg
		wg.Go(func() { fail(tg.Run(ctx)) })
	}
	if cfg.discordToken != "" {
		dc, err := discord.New(cfg.discordConfig(log), core, states)
		if err != nil {
			return err
		}
		if cfg.discordPublicKey != "" {
			httpMux.Handle("POST /discord/interactions", dc.HTTPHandler())
			serveHTTP = true
		}
		senders["discord"] = dc
		wg.Go(func() { fail(dc.Run(ctx)) })
	}
	daily := newBriefings(cfg, states, core, live, senders, log)
	wg.Go(func() { fail(daily.run(ctx)) })
	if serveHTTP {
		srv := &http.Server{Addr: cfg.httpAddr, Handler: httpMux, ReadHeaderTimeout: 10 * time.Second}
		ln, err := net.Listen("tcp", cfg.httpAddr)
		if err != nil {
			return fmt.Errorf("listening on BRIEFBOT_HTTP_ADDR=%s: %w", cfg.httpAddr, err)
		}
		log.Info("serving HTTP", "addr", ln.Addr().String())
		wg.Go(func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				fail(fmt.Errorf("http server: %w", err))
			}
		})
		wg.Go(func() {
			<-ctx.Done()
			shutdown, done := context.WithTimeout(context.Background(), 5*time.Second)
			defer done()
			srv.Shutdown(shutdown)
		})
	}
	wg.Wait()
	return runErr
}

// telegramConfig is the Telegram adapter's configuration from the environment.
func (c config) telegramConfig(log *slog.Logger) telegram.Config {
	return telegram.Config{
		Token: c.telegramToken, APIURL: c.telegramAPIURL,
		WebhookURL: c.telegramWebhookURL, WebhookSecret: c.telegramWebhookSecret,
		Limits: c.telegramLimits(), Logger: log,
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
func (c config) discordConfig(log *slog.Logger) discord.Config {
	return discord.Config{
		Token: c.discordToken, APIURL: c.discordAPIURL, GuildID: c.discordGuildID,
		PublicKey: c.discordPublicKey, Logger: log,
	}
}

var (
	_ bot.Sender = (*telegram.Adapter)(nil)
	_ bot.Sender = (*discord.Adapter)(nil)
)
