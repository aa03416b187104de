package bot

import (
	"cmp"
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/time/rate"

	"github.com/briefbot/briefbot/summaries"
)

// recoverer turns a panicking handler into a short apology for the user and
// a log line with the stack for us; the bot keeps serving.
func (b *Bot) recoverer(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) (reply *Reply) {
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("handler panicked", "command", req.Command, "kind", req.Kind, "chat", req.Chat.Key, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				reply = b.errorReply(cmp.Or(req.Lang, b.defaultLang), b.msgs.T(cmp.Or(req.Lang, b.defaultLang), "error_internal"))
			}
		}()
		return next.Handle(ctx, req)
	})
}

// snapshot takes the catalog and index the request is answered from, once,
// so that every handler and helper it reaches sees the same pair even when
// a reload swaps them meanwhile.
func (b *Bot) snapshot(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) *Reply {
		b.served(req)
		return next.Handle(ctx, req)
	})
}

// logger records each request with its timing, in one debug line and in
// the observer's metrics; never its arguments' text, which may be long or
// private, only their length. Metrics are labelled from closed sets only
// (see CommandLabel).
func (b *Bot) logger(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) *Reply {
		start := b.now()
		reply := next.Handle(ctx, req)
		took := b.now().Sub(start)
		b.log.Debug("request", "kind", kindName(req.Kind), "command", req.Command, "chat", req.Chat.Key, "user", req.User.Key,
			"args_len", len(req.Args), "lang", req.Lang, "error", reply != nil && reply.Error, "took", took)
		b.observer.Command(platformLabel(req), b.CommandLabel(req), langLabel(string(req.Lang)), took)
		return reply
	})
}

func kindName(k RequestKind) string {
	switch k {
	case KindLookup:
		return "lookup"
	case KindExpired:
		return "expired-button"
	case KindText:
		return "text"
	}
	return "command"
}

// language settles the reply language with DecideLang, taking the
// command's reply options (a Discord "lang" or "private" option) into
// account, and gives handlers the chat's settings.
func (b *Bot) language(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) *Reply {
		if c := b.command(req.Command); c != nil {
			for _, p := range c.Params {
				switch {
				case p.Role == RoleReplyLang && req.Lang == "":
					req.Lang, _ = summaries.ParseLang(req.Options.Text(p.Name))
				case p.Role == RoleReplyPrivate && req.Options.Flag(p.Name):
					req.Private = true
				}
			}
		}
		d := b.DecideLang(ctx, langQuery(req))
		req.Lang, req.LangBy, req.Settings = d.Lang, d.By, d.Settings
		return next.Handle(ctx, req)
	})
}

// argLimit answers over-long arguments before any handler sees them; a
// lookup's text is cut instead, since it is typed a letter at a time, and
// so is free text in a private chat or a command's text (a search), whose
// handler cuts it and says so.
func (b *Bot) argLimit(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) *Reply {
		n := utf8.RuneCountInString(req.Args)
		switch c := b.command(req.Command); {
		case n <= b.maxArgLen:
		case req.Kind == KindText, req.Kind == KindCommand && c != nil && c.takesText():
		case req.Kind == KindLookup:
			req.Args = Clean(req.Args, b.maxArgLen)
		default:
			f := b.fmt(req)
			return b.errorReply(req.Lang, f.n("error_too_long", n, "Max", f.digitsOf(fmt.Sprint(b.maxArgLen))))
		}
		return next.Handle(ctx, req)
	})
}

// options reads a command's typed text into typed options by its
// declaration, once, for every handler; a value of the wrong kind is
// answered here ("“two” is not a page number").
func (b *Bot) options(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) *Reply {
		c := b.command(req.Command)
		if req.Kind != KindCommand || c == nil || !req.Options.Empty() || req.Args == "" {
			return next.Handle(ctx, req)
		}
		o, bad := c.parseArgs(req.Args, req.Can)
		if bad != nil {
			return b.badArgReply(req, bad)
		}
		b.completeArgs(req, c, &o)
		req.Options = o
		return next.Handle(ctx, req)
	})
}

// userLimiter keeps one person from flooding the bot: each user has a token
// bucket; the first refused command gets a short notice, further ones in the
// same burst get no answer at all (answering them would be the flood).
type userLimiter struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	users map[string]*userBucket
	swept time.Time
}

type userBucket struct {
	lim    *rate.Limiter
	warned bool
	seen   time.Time
}

func newUserLimiter(every rate.Limit, burst int) *userLimiter {
	return &userLimiter{every: every, burst: burst, users: map[string]*userBucket{}}
}

// allow reports whether user may run a command now, and whether a refusal
// should be answered.
func (l *userLimiter) allow(user string, now time.Time) (ok, notify bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > 10*time.Minute {
		for k, u := range l.users { // forget users idle long enough to have a full bucket
			if now.Sub(u.seen) > 10*time.Minute {
				delete(l.users, k)
			}
		}
		l.swept = now
	}
	u, found := l.users[user]
	if !found {
		u = &userBucket{lim: rate.NewLimiter(l.every, l.burst)}
		l.users[user] = u
	}
	u.seen = now
	if u.lim.AllowN(now, 1) {
		u.warned = false
		return true, false
	}
	notify = !u.warned
	u.warned = true
	return false, notify
}

// wait returns how long until user may send again.
func (l *userLimiter) wait(user string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	u, ok := l.users[user]
	if !ok {
		return 0
	}
	r := u.lim.ReserveN(now, 1)
	d := r.DelayFrom(now)
	r.CancelAt(now)
	return d
}

// rateLimit judges each user's rate when a request arrives: commands and
// lookups (typed a letter at a time, so allowed more) have buckets of their
// own. The first refused command is answered with a short notice; further
// ones in the same burst are Silent, which platforms that may stay silent
// honour. A request Admit let in is not judged again.
func (b *Bot) rateLimit(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) *Reply {
		if req.Admitted {
			return next.Handle(ctx, req)
		}
		lim := b.limiter
		if req.Kind == KindLookup {
			lim = b.lookupLimiter
		}
		if lim == nil || req.User.Key == "" {
			return next.Handle(ctx, req)
		}
		now := b.now()
		ok, notify := lim.allow(req.User.Key, now)
		if ok {
			return next.Handle(ctx, req)
		}
		b.log.Info("user rate limited", "user", req.User.Key, "chat", req.Chat.Key, "kind", kindName(req.Kind))
		secs := int(lim.wait(req.User.Key, now).Round(time.Second) / time.Second)
		f := b.fmt(req)
		r := b.errorReply(req.Lang, f.n("error_rate_limited", max(secs, 1)))
		r.Private, r.Silent = true, !notify || req.Kind == KindLookup
		return r
	})
}
