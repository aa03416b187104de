package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/desk"
	"github.com/briefbot/briefbot/bot/store"
)

const deskUsage = `Usage:
  briefbot desk adduser NAME   add a curator, or set a curator's new password
  briefbot desk deluser NAME   remove a curator (their history stays)
  briefbot desk serve          serve the curators' desk alone, with no platform

The desk is a web page to draft, check, preview and publish statements into
BRIEFBOT_DATA. "briefbot run" serves it under /desk/ on BRIEFBOT_HTTP_ADDR
beside the platforms when BRIEFBOT_DATA is set and a curator exists.
adduser reads the password from the terminal without echo, or, when standard
input is not a terminal, its first line (for scripts). Curators live in
BRIEFBOT_DB. "desk serve" listens on BRIEFBOT_HTTP_ADDR (default here:
127.0.0.1:8080, this machine only).
`

func runDesk(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, deskUsage)
		return exitCode(2)
	}
	switch verb, rest := args[0], args[1:]; verb {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stdout, deskUsage, "\n")
		printEnvHelp(e.stdout)
		return nil
	case "adduser", "deluser":
		if len(rest) != 1 || !desk.ValidCuratorName(rest[0]) {
			fmt.Fprintf(e.stderr, "briefbot desk %s NAME: one name of letters, digits, '.', '_' or '-' (at most 64)\n", verb)
			return exitCode(2)
		}
		if verb == "adduser" {
			return deskAddUser(ctx, e, rest[0])
		}
		return deskDelUser(ctx, e, rest[0])
	case "serve":
		if len(rest) > 0 {
			fmt.Fprint(e.stderr, deskUsage)
			return exitCode(2)
		}
		return deskServe(ctx, e)
	}
	fmt.Fprintf(e.stderr, "briefbot desk: unknown command %q\n\n%s", args[0], deskUsage)
	return exitCode(2)
}

// withStore runs fn with the configuration and BRIEFBOT_DB open.
func withStore(ctx context.Context, e env, fn func(cfg config, st *store.SQLite) error) error {
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.db)
	if err != nil {
		return fmt.Errorf("opening BRIEFBOT_DB=%s: %w", cfg.db, err)
	}
	defer st.Close()
	return fn(cfg, st)
}

func deskAddUser(ctx context.Context, e env, name string) error {
	password, err := readPassword(e, name)
	if err != nil {
		return err
	}
	hash, err := desk.HashPassword(password, desk.DefaultPasswordCost)
	if err != nil {
		fmt.Fprintln(e.stderr, "briefbot desk adduser:", err)
		return exitCode(1)
	}
	return withStore(ctx, e, func(_ config, st *store.SQLite) error {
		created, err := st.SaveCurator(ctx, name, hash)
		if err != nil {
			return err
		}
		if created {
			fmt.Fprintf(e.stdout, "added curator %s\n", name)
		} else {
			fmt.Fprintf(e.stdout, "changed the password of curator %s (their sessions are ended)\n", name)
		}
		return nil
	})
}

// readPassword asks for a password on the terminal, twice and without
// echo; from anything else it reads the first line.
func readPassword(e env, name string) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(e.stderr, "password for %s: ", name)
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		fmt.Fprint(e.stderr, "again: ")
		again, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		if string(first) != string(again) {
			fmt.Fprintln(e.stderr, "briefbot desk adduser: the two passwords differ")
			return "", exitCode(1)
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(io.LimitReader(e.stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func deskDelUser(ctx context.Context, e env, name string) error {
	return withStore(ctx, e, func(_ config, st *store.SQLite) error {
		ok, err := st.DeleteCurator(ctx, name)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintf(e.stderr, "briefbot desk deluser: there is no curator %s\n", name)
			return exitCode(1)
		}
		fmt.Fprintf(e.stdout, "removed curator %s\n", name)
		return nil
	})
}

// newDesk builds the desk over BRIEFBOT_DATA; served is false (and the desk
// nil) when there is no data folder or no curator, so nothing is served.
func newDesk(ctx context.Context, cfg config, st *store.SQLite, log *slog.Logger) (*desk.Desk, error) {
	if cfg.dataDir == "" {
		return nil, nil
	}
	n, err := st.CountCurators(ctx)
	if err != nil || n == 0 {
		return nil, err
	}
	msgs, err := bot.LoadMessages()
	if err != nil {
		return nil, err
	}
	cache := ""
	if cfg.cacheDir != "" {
		cache = filepath.Join(cfg.cacheDir, "desk")
	}
	return desk.New(desk.Config{DataDir: cfg.dataDir, Store: st, Messages: msgs, DefaultLang: cfg.defaultLang, Logger: log,
		CacheDir: cache})
}

// deskHandler is the curators' desk under /desk/ when BRIEFBOT_DATA is
// set (nil otherwise). It answers 404 until a curator exists: the first
// `briefbot desk adduser`, run while the bot runs, opens it at the next
// request, with no restart.
func deskHandler(ctx context.Context, cfg config, st *store.SQLite, log *slog.Logger) (http.Handler, error) {
	if cfg.dataDir == "" {
		return nil, nil
	}
	l := &lazyDesk{open: func() (*desk.Desk, error) { return newDesk(ctx, cfg, st, log) }, log: log}
	if _, err := l.handler(); err != nil {
		return nil, err
	}
	return l, nil
}

// lazyDesk builds the desk at the first request after a curator exists.
type lazyDesk struct {
	open func() (*desk.Desk, error) // nil, nil while there is no curator
	log  *slog.Logger
	mu   sync.Mutex
	h    http.Handler
}

// handler is the desk's handler, nil while there is no curator.
func (l *lazyDesk) handler() (http.Handler, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.h != nil {
		return l.h, nil
	}
	d, err := l.open()
	if err != nil || d == nil {
		return nil, err
	}
	l.h = d.Handler()
	l.log.Info("serving the curators' desk", "path", desk.Prefix)
	return l.h, nil
}

func (l *lazyDesk) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, err := l.handler()
	if err != nil {
		l.log.Error("opening the curators' desk", "err", err)
		http.Error(w, "the curators' desk is unavailable", http.StatusServiceUnavailable)
		return
	}
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h.ServeHTTP(w, r)
}

// deskServe runs the desk alone, for a curator's own machine: no platform,
// no token; what it publishes is served by any bot watching BRIEFBOT_DATA.
func deskServe(ctx context.Context, e env) error {
	if e.getenv("BRIEFBOT_DATA") == "" {
		fmt.Fprintln(e.stderr, "briefbot desk serve: set BRIEFBOT_DATA to the folder of statements to publish into")
		return exitCode(2)
	}
	addr := e.getenv("BRIEFBOT_HTTP_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	return withStore(ctx, e, func(cfg config, st *store.SQLite) error {
		log := cfg.logger(e)
		d, err := newDesk(ctx, cfg, st, log)
		if err != nil {
			return err
		}
		if d == nil {
			fmt.Fprintf(e.stderr, "briefbot desk serve: no curator in BRIEFBOT_DB=%s; add one with: briefbot desk adduser NAME\n", cfg.db)
			return exitCode(1)
		}
		return serveDesk(ctx, addr, d, cfg, log)
	})
}

// serveDesk serves d on addr until ctx ends.
func serveDesk(ctx context.Context, addr string, d *desk.Desk, cfg config, log *slog.Logger) error {
	mux := http.NewServeMux()
	mux.Handle(desk.Prefix, d.Handler())
	mux.Handle("GET /{$}", http.RedirectHandler(desk.Prefix, http.StatusSeeOther))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on BRIEFBOT_HTTP_ADDR=%s: %w", addr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: time.Minute}
	log.Info("serving the curators' desk", "url", "http://"+ln.Addr().String()+desk.Prefix, "data", cfg.dataDir)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("desk server: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

var _ desk.Store = (*store.SQLite)(nil)
