package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/data"
	"github.com/briefbot/briefbot/summaries"
)

// dataFS is where the curated statements come from: BRIEFBOT_DATA when set,
// the bundled data otherwise.
func (c config) dataFS() (fs.FS, string) {
	if c.dataDir != "" {
		return os.DirFS(c.dataDir), c.dataDir
	}
	return data.FS(), "bundled data"
}

// loadCatalog loads the statements to serve. Statements with problems are
// logged and left out; the others are served.
func loadCatalog(c config, log *slog.Logger) (*summaries.Catalog, error) {
	fsys, name := c.dataFS()
	cat, problems, err := summaries.Load(fsys)
	if err != nil {
		return nil, fmt.Errorf("loading statements from %s: %w", name, err)
	}
	for _, p := range problems {
		log.Warn("statement problem; left out", "where", name, "problem", p.String())
	}
	log.Debug("statements loaded", "from", name, "statements", cat.Len())
	return cat, nil
}

// watchReload re-reads BRIEFBOT_DATA on SIGHUP. A reload with any problem
// keeps the catalog already served, so a bad edit loses nothing. Without
// BRIEFBOT_DATA there is nothing to re-read: SIGHUP is logged and ignored
// (its default action would end the process). It is handled until ctx
// ends, the shutdown included.
func watchReload(ctx context.Context, c config, live *summaries.Live, log *slog.Logger) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		defer signal.Stop(hup)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if c.dataDir == "" {
					log.Info("SIGHUP ignored: BRIEFBOT_DATA is not set, so there is nothing to reload")
					continue
				}
				reload(c.dataDir, live, log)
			}
		}
	}()
}

// reload re-reads dir into live. Any problem keeps the catalog being served
// and is logged; it reports whether the new catalog was taken.
func reload(dir string, live *summaries.Live, log *slog.Logger) bool {
	cat, problems, err := summaries.Load(os.DirFS(dir))
	switch {
	case err != nil:
		log.Error("reload failed; still serving the previous statements", "err", err)
	case len(problems) > 0:
		for _, p := range problems {
			log.Error("reload rejected; still serving the previous statements", "problem", p.String())
		}
	default:
		live.Store(cat)
		log.Info("statements reloaded", "statements", cat.Len())
		return true
	}
	return false
}

// coreOptions tune the core per front end.
type coreOptions struct {
	userLimits bool // per-user rate limits: on for chat platforms, off for the console
	settings   bot.Settings
	subs       bot.Subscriptions // nil: no daily briefing commands
}

// newCore builds the command core over a catalog.
func newCore(c config, live *summaries.Live, log *slog.Logger, o coreOptions) (*bot.Bot, error) {
	msgs, err := bot.LoadMessages()
	if err != nil {
		return nil, err
	}
	msgs.OnMissing = func(lang summaries.Lang, id string, err error) {
		log.Error("message missing from catalog", "lang", lang, "id", id, "err", err)
	}
	cfg := bot.Config{
		Catalog: live, Settings: o.settings, Messages: msgs,
		DefaultLang: c.defaultLang, Logger: log,
		Subscriptions: o.subs, DefaultZone: c.defaultZone, BriefingMax: c.briefingMax,
	}
	if o.userLimits {
		cfg.UserRate, cfg.UserBurst = bot.DefaultUserRate, bot.DefaultUserBurst
	}
	return bot.New(cfg), nil
}

// terminalSetup reads the environment for a command that writes to the
// terminal (console, ask, briefing preview): logs are kept to warnings, and
// the catalog is loaded.
func terminalSetup(e env) (config, *slog.Logger, *summaries.Live, error) {
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return cfg, nil, nil, err
	}
	if cfg.logLevel < consoleMinLog {
		cfg.logLevel = consoleMinLog // keep the terminal for replies
	}
	log := cfg.logger(e)
	cat, err := loadCatalog(cfg, log)
	if err != nil {
		return cfg, nil, nil, err
	}
	return cfg, log, summaries.NewLive(cat), nil
}
