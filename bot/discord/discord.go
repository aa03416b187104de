// Package discord serves briefbot's command core on Discord through
// github.com/bwmarrin/discordgo: slash commands with autocomplete, embeds
// within Discord's limits, buttons that update the message in place,
// ephemeral answers, the gateway or signed HTTP interactions. It is the only
// package that imports discordgo.
package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// DefaultAPIURL is Discord's API host.
const DefaultAPIURL = "https://discord.com"

// Config configures the adapter; Token is required.
type Config struct {
	Token string
	// APIURL (DISCORD_API_URL) points the REST client, and through GET
	// /gateway the gateway, at a proxy or a test server.
	APIURL string
	// GuildID (DISCORD_GUILD_ID) registers the commands in one guild, which
	// is instant, instead of globally.
	GuildID string
	// PublicKey (DISCORD_PUBLIC_KEY, hex) switches to HTTP interactions:
	// no gateway session; Discord POSTs signed interactions to the bot.
	PublicKey string
	Logger    *slog.Logger
	// Transport carries REST requests (default http.DefaultTransport).
	Transport http.RoundTripper
	// DeferAfter is how long an interaction may take before the bot
	// acknowledges it and completes it later (default 1.5 s; Discord allows 3).
	DeferAfter time.Duration
	// Observer is told how sends go (metrics); nil: nobody.
	Observer bot.DeliveryObserver
}

// Core is what the adapter needs of the command core: every interaction
// goes through Handle; Commands declares the slash commands.
type Core interface {
	bot.Handler
	Commands(lang summaries.Lang) []bot.CommandInfo
}

// Adapter serves the core on Discord.
type Adapter struct {
	cfg      Config
	core     Core
	commands map[string]bot.CommandInfo // the core's declarations, by name
	states   bot.ChatStates
	log      *slog.Logger
	s        *discordgo.Session
	pub      ed25519.PublicKey
	buttons  *bot.ButtonCodec
	renders  bot.RenderCache[[]part]
	appID    string
	obs      bot.DeliveryObserver
	gateway  atomic.Bool // the gateway session is up (READY or RESUMED, no disconnect since)
	ready    chan struct{}
	once     sync.Once
	wg       sync.WaitGroup // interactions in hand
	ctx      atomic.Pointer[context.Context]
	stop     chan struct{} // closed by Shutdown
	finished chan struct{} // closed when Run returns

	mu       sync.Mutex
	started  bool // Run began
	stopping bool // Shutdown was called: no new interaction is taken
}

// runCtx is the context Run was called with (work outlives HTTP requests).
func (a *Adapter) runCtx() context.Context {
	if p := a.ctx.Load(); p != nil {
		return *p
	}
	return context.Background()
}

var _ bot.Sender = (*Adapter)(nil)

// New prepares the adapter; nothing is sent before Run.
func New(cfg Config, core Core, states bot.ChatStates) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("discord: no token")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.DeferAfter <= 0 {
		cfg.DeferAfter = 1500 * time.Millisecond
	}
	if cfg.Observer == nil {
		cfg.Observer = bot.NopObserver{}
	}
	a := &Adapter{cfg: cfg, core: core, states: states, log: cfg.Logger.With("platform", "discord"), obs: cfg.Observer,
		buttons: bot.NewButtonCodec(bot.DiscordButtonData, 4096), ready: make(chan struct{}),
		commands: map[string]bot.CommandInfo{}, stop: make(chan struct{}), finished: make(chan struct{})}
	for _, c := range core.Commands(summaries.EN) {
		a.commands[c.Name] = c
	}
	if cfg.PublicKey != "" {
		k, err := hex.DecodeString(cfg.PublicKey)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, errors.New("discord: DISCORD_PUBLIC_KEY is not a hex Ed25519 public key")
		}
		a.pub = k
	}
	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	rt := cfg.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	if cfg.APIURL != "" && cfg.APIURL != DefaultAPIURL {
		base, err := url.Parse(cfg.APIURL)
		if err != nil || base.Host == "" {
			return nil, fmt.Errorf("discord: DISCORD_API_URL %q is not a URL", cfg.APIURL)
		}
		rt = &rewriteTransport{base: base, next: rt}
	}
	rt = &observeTransport{next: rt, a: a}
	s.Client = &http.Client{Transport: rt, Timeout: 20 * time.Second}
	s.Identify.Intents = discordgo.IntentsGuilds
	s.LogLevel = discordgo.LogWarning
	s.ShouldReconnectOnError = true
	routeLibraryLogs(cfg.Token, a.log)
	a.s = s
	a.observeRateLimits()
	return a, nil
}

// Run serves interactions, through the gateway or, with a public key,
// through the HTTP endpoint the caller serves (HTTPHandler), until ctx
// ends or Shutdown has answered the interactions in hand.
func (a *Adapter) Run(ctx context.Context) error {
	a.mu.Lock()
	if a.stopping || a.started {
		a.mu.Unlock()
		return nil
	}
	a.started = true
	a.mu.Unlock()
	defer close(a.finished)
	a.ctx.Store(&ctx)
	if a.pub != nil {
		app, err := a.s.Application("@me")
		if err != nil {
			return fmt.Errorf("discord: reading the application: %w", err)
		}
		a.setReady(app.ID)
		return a.serve(ctx, "serving HTTP interactions", nil)
	}
	a.s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		if r.Application != nil {
			a.setReady(r.Application.ID)
		}
		a.gateway.Store(true)
	})
	a.watchGateway()
	// Interactions are taken raw, not as discordgo's InteractionCreate:
	// that one hides a decoding error and passes a half-decoded (or nil)
	// interaction on.
	a.s.AddHandler(func(_ *discordgo.Session, e *discordgo.Event) {
		if e.Type != "INTERACTION_CREATE" {
			return
		}
		if i, ok := a.decode(e.RawData); ok && !a.track(func() { a.handle(ctx, i, a.gatewayResponder(i.Interaction)) }) {
			a.log.Warn("interaction received while stopping; not answered", "interaction", i.ID)
		}
	})
	if err := a.s.Open(); err != nil {
		return fmt.Errorf("discord: opening the gateway: %w", err)
	}
	closed := false
	closeGateway := func() {
		if !closed {
			closed = true
			a.s.Close()
		}
	}
	defer closeGateway()
	select {
	case <-a.ready:
	case <-ctx.Done():
		return nil
	case <-a.stop:
		return nil
	case <-time.After(30 * time.Second):
		return errors.New("discord: no READY from the gateway within 30 s")
	}
	return a.serve(ctx, "serving the gateway", closeGateway)
}

// serve registers the commands once the application is known, then serves
// until ctx ends or Shutdown is called; stopReceiving (the gateway's) runs
// before the interactions in hand are waited for.
func (a *Adapter) serve(ctx context.Context, how string, stopReceiving func()) error {
	if err := a.registerCommands(); err != nil {
		return err
	}
	a.log.Info(how, "application", a.appID)
	select {
	case <-ctx.Done():
	case <-a.stop:
	}
	a.mu.Lock()
	a.stopping = true
	a.mu.Unlock()
	if stopReceiving != nil {
		stopReceiving()
	}
	a.wg.Wait()
	return nil
}

// track runs f as an interaction in hand, unless the adapter is stopping.
func (a *Adapter) track(f func()) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stopping {
		return false
	}
	a.wg.Go(f)
	return true
}

// Shutdown stops taking interactions (the gateway session is closed; the
// HTTP endpoint answers 503) and waits until those in hand are answered,
// or until ctx ends. It returns at once when Run never started.
func (a *Adapter) Shutdown(ctx context.Context) error {
	a.mu.Lock()
	started := a.started
	if !a.stopping {
		a.stopping = true
		close(a.stop)
	}
	a.mu.Unlock()
	if !started {
		return nil
	}
	select {
	case <-a.finished:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("discord: interactions still in hand at the shutdown deadline: %w", ctx.Err())
	}
}

func (a *Adapter) setReady(appID string) {
	a.once.Do(func() {
		a.appID = appID
		close(a.ready)
	})
}

// Ready is closed once the adapter knows its application and serves.
func (a *Adapter) Ready() <-chan struct{} { return a.ready }

// rewriteTransport sends requests for discord.com to the configured API URL;
// discordgo's endpoints are fixed at package init, so this is the way to
// point it elsewhere without touching its globals.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (t *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if h := r.URL.Hostname(); h == "discord.com" || strings.HasSuffix(h, ".discord.com") || h == "discordapp.com" {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host = t.base.Scheme, t.base.Host
		r.Host = t.base.Host
	}
	return t.next.RoundTrip(r)
}

var (
	logMu     sync.Mutex
	logTokens []string
	logTarget *slog.Logger
)

// routeLibraryLogs sends discordgo's own log lines to slog with every known
// token removed. discordgo logs through a package variable, so this is set
// once per process for all adapters.
func routeLibraryLogs(token string, log *slog.Logger) {
	logMu.Lock()
	defer logMu.Unlock()
	logTokens = append(logTokens, token)
	logTarget = log
	discordgo.Logger = func(level, _ int, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if strings.HasPrefix(msg, "error unmarshalling INTERACTION_CREATE event") {
			level = discordgo.LogDebug // the adapter logs it once, with the interaction's id
		}
		logMu.Lock()
		for _, t := range logTokens {
			msg = strings.ReplaceAll(msg, t, "<token>")
		}
		l := logTarget
		logMu.Unlock()
		switch level {
		case discordgo.LogError:
			l.Error("discordgo: " + msg)
		case discordgo.LogWarning:
			l.Warn("discordgo: " + msg)
		default:
			l.Debug("discordgo: " + msg)
		}
	}
}
