package bot

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/search"
)

// Config wires the core. Catalog, Settings and Messages are required.
type Config struct {
	Catalog  CatalogSource
	Settings Settings
	Messages *Messages
	// DefaultLang is the language when nothing else decides (BRIEFBOT_DEFAULT_LANG).
	DefaultLang summaries.Lang
	Logger      *slog.Logger
	// UserRate and UserBurst bound commands per user; a zero UserRate
	// disables the limit (the local console has one user: its operator).
	UserRate  rate.Limit
	UserBurst int
	// MaxArgLen bounds a command's arguments in characters (default 200).
	MaxArgLen int
	Now       func() time.Time
	// Subscriptions enables the daily briefing commands (/subscribe,
	// /unsubscribe, /subscription, /briefing); nil leaves them out.
	Subscriptions Subscriptions
	// DefaultZone is the time zone of a /subscribe that names none
	// (BRIEFBOT_DEFAULT_TZ, default Asia/Baghdad).
	DefaultZone string
	// BriefingMax bounds the statements of one briefing (default 5).
	BriefingMax int
	// Observer is told of every request answered (metrics); nil: none.
	Observer CommandObserver
}

// Default per-user limits: a short burst, then one command every two seconds.
const (
	DefaultUserRate  = rate.Limit(0.5)
	DefaultUserBurst = 6
	DefaultMaxArgLen = 200
)

// Bot is the command core shared by every platform.
type Bot struct {
	catalog     CatalogSource
	settings    Settings
	msgs        *Messages
	defaultLang summaries.Lang
	log         *slog.Logger
	limiter     *userLimiter
	maxArgLen   int
	now         func() time.Time
	mux         *Mux
	commands    []Command
	byName      map[string]int
	cache       atomic.Pointer[replyCache]
	cacheGen    atomic.Int64 // numbers each catalog's cache, for rendering keys
	subs        Subscriptions
	defaultZone string
	briefingMax int
	observer    CommandObserver
	// lookupLimiter is the per-user limit on quick lookups, which phones
	// send as the user types.
	lookupLimiter *userLimiter
	// admission is the part of the middleware that Admit runs when a
	// request arrives: recovery, language (for the notice) and the limit.
	admission Handler
}

var _ Handler = (*Bot)(nil)

// New builds the core with every command routed.
func New(cfg Config) *Bot {
	b := &Bot{
		catalog: cfg.Catalog, settings: cfg.Settings, msgs: cfg.Messages,
		defaultLang: cfg.DefaultLang, log: cfg.Logger, maxArgLen: cfg.MaxArgLen, now: cfg.Now,
		subs: cfg.Subscriptions, defaultZone: cfg.DefaultZone, briefingMax: cfg.BriefingMax,
		observer: cfg.Observer,
	}
	if b.observer == nil {
		b.observer = NopObserver{}
	}
	if b.defaultZone == "" {
		b.defaultZone = DefaultZone
	}
	if b.briefingMax <= 0 {
		b.briefingMax = DefaultBriefingMax
	}
	if b.defaultLang == "" {
		b.defaultLang = summaries.AR
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.maxArgLen <= 0 {
		b.maxArgLen = DefaultMaxArgLen
	}
	if b.now == nil {
		b.now = time.Now
	}
	if cfg.UserRate > 0 {
		b.limiter = newUserLimiter(cfg.UserRate, max(cfg.UserBurst, 1))
		b.lookupLimiter = newUserLimiter(cfg.UserRate*lookupRateFactor, max(cfg.UserBurst, 1)*lookupRateFactor)
	}
	b.mux = NewMux(HandlerFunc(b.unknown))
	b.mux.Use(b.recoverer, b.snapshot, b.logger, b.language, b.rateLimit, b.argLimit, b.options)
	b.admission = b.recoverer(b.language(b.rateLimit(HandlerFunc(func(context.Context, *Request) *Reply { return nil }))))
	b.commands = coreCommands()
	if b.subs != nil {
		b.commands = append(b.commands, subscriptionCommands()...)
	}
	b.byName = map[string]int{}
	for i, c := range b.commands {
		b.byName[c.Name] = i
		b.mux.Route(c.Name, b.needs(c.Needs, HandlerFunc(c.handle(b))))
	}
	b.mux.RouteKind(KindLookup, HandlerFunc(b.lookup))
	b.mux.RouteKind(KindExpired, HandlerFunc(b.expired))
	b.mux.RouteKind(KindText, HandlerFunc(b.text))
	return b
}

// lookupRateFactor is how many more lookups than commands a user may send:
// a phone sends one per pause in typing.
const lookupRateFactor = 4

// Handle answers one request; it never returns nil (a handler with nothing
// to say answers Silent). Renderers place the direction marks its lines
// need (see Directed).
func (b *Bot) Handle(ctx context.Context, req *Request) *Reply {
	reply := b.mux.Handle(ctx, req)
	if reply == nil {
		reply = &Reply{Silent: true}
	}
	return b.finish(reply, req)
}

// Admit judges the per-user rate of req when it arrives, for adapters that
// serve a request later than that (a Telegram chat's queue waits on the
// chat's send pacing): judged when served, a flood would find the bucket
// refilled. It returns nil when req may be served, and marks it Admitted so
// that Handle does not count it again; otherwise the reply to give instead:
// a notice for the first refusal of a burst, Silent for the others.
func (b *Bot) Admit(ctx context.Context, req *Request) *Reply {
	probe := *req // the language middleware writes to the request
	reply := b.admission.Handle(ctx, &probe)
	if reply == nil {
		req.Admitted = true
		return nil
	}
	return b.finish(reply, &probe)
}

// finish completes a reply the middleware returned for req.
func (b *Bot) finish(reply *Reply, req *Request) *Reply {
	if reply.Lang == "" {
		reply.Lang = req.Lang
	}
	reply.Private = reply.Private || req.Private || req.Settings.Private
	reply.Buttons = ownButtons(reply.Buttons, req)
	return reply
}

// served returns what req is answered from: the catalog and index taken
// when it arrived, or now for a request that did not pass the Mux (a
// briefing's). The index is nil while it is being built, and always with a
// CatalogSource that has none.
func (b *Bot) served(req *Request) *search.Served {
	if req.served == nil {
		if s, ok := b.catalog.(ServedSource); ok {
			req.served = s.Served()
		} else {
			req.served = &search.Served{Catalog: b.catalog.Catalog()}
		}
	}
	return req.served
}

// catalogOf returns the catalog req is answered from (nil when none is loaded).
func (b *Bot) catalogOf(req *Request) *summaries.Catalog { return b.served(req).Catalog }

// DefaultLang returns the language used when nothing else decides.
func (b *Bot) DefaultLang() summaries.Lang { return b.defaultLang }

func (b *Bot) fmt(req *Request) formatter {
	return formatter{msgs: b.msgs, lang: req.Lang, digits: req.Settings.Digits}
}

// errorReply is a one-paragraph answer to a request that could not be served.
func (b *Bot) errorReply(lang summaries.Lang, text string) *Reply {
	return &Reply{Lang: lang, Error: true, Blocks: []Block{Paragraph{Text: text}}}
}

// needs refuses a command the request's platform cannot serve.
func (b *Bot) needs(c Capability, h Handler) Handler {
	if c == "" {
		return h
	}
	return HandlerFunc(func(ctx context.Context, req *Request) *Reply {
		if !req.Can(c) {
			return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_not_here", "Command", "/"+req.Command))
		}
		return h.Handle(ctx, req)
	})
}

func (b *Bot) unknown(_ context.Context, req *Request) *Reply {
	return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_unknown_command", "Command", "/"+Clean(req.Command, 32)))
}

// expired answers a press on a button whose action is no longer known.
func (b *Bot) expired(_ context.Context, req *Request) *Reply {
	r := b.errorReply(req.Lang, b.msgs.T(req.Lang, "button_expired"))
	r.Private = true
	return r
}
