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
	"github.com/briefbot/briefbot/summaries/search"
)

// dataFS is where the curated statements come from: BRIEFBOT_DATA when set,
// the bundled data otherwise.
func (c config) dataFS() (fs.FS, string) {
	if c.dataDir != "" {
		return summaries.DirFS(c.dataDir), c.dataDir
	}
	return data.FS(), "bundled data"
}

// loadState loads the statements to serve and the state a reload starts
// from. Statements with problems are logged and left out; the others are
// served. A data folder is loaded with the statement cache, so that a
// restart parses only the files that changed.
func loadState(ctx context.Context, c config, log *slog.Logger) (*summaries.State, error) {
	fsys, name := c.dataFS()
	opts := summaries.LoadOptions{Logger: log}
	if c.dataDir != "" {
		opts.CacheDir = c.cacheDir
	}
	st, problems, err := summaries.LoadState(ctx, fsys, opts)
	if err != nil {
		return nil, fmt.Errorf("loading statements from %s: %w", name, err)
	}
	for _, p := range problems {
		log.Warn("statement problem; left out", "where", name, "problem", p.String())
	}
	log.Debug("statements loaded", "from", name, "statements", st.Catalog().Len())
	return st, nil
}

// watchData reloads BRIEFBOT_DATA when its files change and on SIGHUP.
// Saving a file is enough to publish it; a reload with any problem keeps
// the catalog already served, so a bad edit loses nothing. Without
// BRIEFBOT_DATA there is nothing to re-read: SIGHUP is logged and ignored
// (its default action would end the process). Both are handled until ctx
// ends, the shutdown included. notices (nil: none) is told of every reload.
func watchData(ctx context.Context, c config, st *summaries.State, live *search.Live, log *slog.Logger, notices reloadNotices) {
	var w *summaries.Watcher
	if c.dataDir != "" {
		w = summaries.NewWatcher(c.dataDir, st, summaries.WatchOptions{
			Logger: log, Report: func(u summaries.Update) { publish(ctx, live, u, log, notices) },
		})
		go w.Run(ctx)
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		defer signal.Stop(hup)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if w == nil {
					log.Info("SIGHUP ignored: BRIEFBOT_DATA is not set, so there is nothing to reload")
					continue
				}
				w.Rescan()
			}
		}
	}()
}

// publish serves the catalog of an accepted reload, and logs every problem
// of a refused one as file:line: field: message (a refusal that repeats the
// previous one is logged once). Then, the new catalog being served, notices
// writes what the reload tells chats to the outbox.
func publish(ctx context.Context, live *search.Live, u summaries.Update, log *slog.Logger, notices reloadNotices) bool {
	switch {
	case u.Accepted:
		live.Reload(u) // the catalog at once, with its search index updated or being rebuilt
		log.Info("statements reloaded", "statements", u.State.Catalog().Len(),
			"added", len(u.Added), "removed", len(u.Removed), "changed", len(u.Changed))
	case u.Repeated:
		log.Debug("reload still refused; same problems", "problems", len(u.Problems))
	default:
		for _, p := range u.Problems {
			log.Error("reload rejected; still serving the previous statements", "problem", p.String())
		}
	}
	if notices != nil {
		notices.Reloaded(ctx, u)
	}
	return u.Accepted
}

// reloadNotices writes what a reload tells chats (corrections, instant
// posts, admin notices) to the outbox; see briefings.Reloaded.
type reloadNotices interface {
	Reloaded(ctx context.Context, u summaries.Update)
}

// reloadAll tells each of its members of every reload, in order.
type reloadAll []reloadNotices

// Reloaded tells every member.
func (all reloadAll) Reloaded(ctx context.Context, u summaries.Update) {
	for _, n := range all {
		n.Reloaded(ctx, u)
	}
}

// coreOptions tune the core per front end.
type coreOptions struct {
	userLimits bool // per-user rate limits: on for chat platforms, off for the console
	settings   bot.Settings
	subs       bot.Subscriptions   // nil: no daily briefing commands
	observer   bot.CommandObserver // nil: no metrics
}

// loadMessages loads the bot's message catalogs; a missing message is
// logged.
func loadMessages(log *slog.Logger) (*bot.Messages, error) {
	msgs, err := bot.LoadMessages()
	if err != nil {
		return nil, err
	}
	msgs.OnMissing = func(lang summaries.Lang, id string, err error) {
		log.Error("message missing from catalog", "lang", lang, "id", id, "err", err)
	}
	return msgs, nil
}

// serveCatalog serves st's catalog at once and builds its search index in
// the background (seconds for a large BRIEFBOT_DATA; serving does not wait
// for it), with the bot's own wording of amounts, so that an editor finds
// a figure by the words the bot displays. The build stops when ctx ends.
func serveCatalog(ctx context.Context, st *summaries.State, msgs *bot.Messages, log *slog.Logger) *search.Live {
	return search.NewLive(ctx, st.Catalog(), bot.Amounts(msgs), log.With("part", "search"))
}

// newCore builds the command core over a catalog.
func newCore(c config, live bot.CatalogSource, msgs *bot.Messages, log *slog.Logger, o coreOptions) (*bot.Bot, error) {
	cfg := bot.Config{
		Catalog: live, Settings: o.settings, Messages: msgs,
		DefaultLang: c.defaultLang, Logger: log,
		Subscriptions: o.subs, DefaultZone: c.defaultZone, BriefingMax: c.briefingMax,
		Observer: o.observer,
	}
	if o.userLimits {
		cfg.UserRate, cfg.UserBurst = bot.DefaultUserRate, bot.DefaultUserBurst
	}
	return bot.New(cfg), nil
}

// terminalSetup reads the environment for a command that writes to the
// terminal (console, ask, briefing preview): logs are kept to warnings, and
// the statements are loaded.
func terminalSetup(e env) (config, *slog.Logger, *summaries.State, error) {
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return cfg, nil, nil, err
	}
	if cfg.logLevel < consoleMinLog {
		cfg.logLevel = consoleMinLog // keep the terminal for replies
	}
	log := cfg.logger(e)
	st, err := loadState(context.Background(), cfg, log)
	if err != nil {
		return cfg, nil, nil, err
	}
	return cfg, log, st, nil
}

// terminal is the core as the console and ask serve it: over the local
// store, with searches that wait for the index.
type terminal struct {
	handler     bot.Handler
	live        *search.Live
	where, from string // where settings are kept, where the statements come from
	close       func()
}

// openTerminal sets up a terminal; with watch, BRIEFBOT_DATA is reloaded
// as it changes (the console has no outbox, so no notices).
func openTerminal(ctx context.Context, e env, watch bool) (*terminal, error) {
	cfg, log, data, err := terminalSetup(e)
	if err != nil {
		return nil, err
	}
	msgs, err := loadMessages(log)
	if err != nil {
		return nil, err
	}
	live := serveCatalog(ctx, data, msgs, log)
	if watch {
		watchData(ctx, cfg, data, live, log, nil)
	}
	st, where, closeStore := openLocalStore(ctx, e, cfg, log)
	core, err := newCore(cfg, live, msgs, log, coreOptions{settings: st, subs: st})
	if err != nil {
		closeStore()
		return nil, err
	}
	_, from := cfg.dataFS()
	return &terminal{handler: searchesWait(core, live, log), live: live, where: where, from: from, close: closeStore}, nil
}

// searchesWait answers a search (or text, which is one) only once live's
// index is built: a terminal asks one question at a time and would
// otherwise be told to try again, where a server already serves the rest
// while it builds. Other commands need no index and do not wait.
func searchesWait(h bot.Handler, live *search.Live, log *slog.Logger) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, req *bot.Request) *bot.Reply {
		if req.Command == "search" || req.Kind == bot.KindText {
			if err := live.Ready(ctx); err != nil {
				log.Warn("the search index is not built", "err", err)
			}
		}
		return h.Handle(ctx, req)
	})
}
