package bot

import (
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
				b.log.Error("handler panicked", "command", req.Command, "chat", req.Chat.Key, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				lang := req.Lang
				if lang == "" {
					lang = b.defaultLang
				}
				reply = b.errorReply(lang, b.msgs.T(lang, "error_internal"))
			}
		}()
		return next.Handle(ctx, req)
	})
}

// logger records each command with its timing; never its arguments' text,
// which may be long or private, only their length.
func (b *Bot) logger(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) *Reply {
		start := b.now()
		reply := next.Handle(ctx, req)
		b.log.Debug("command", "command", req.Command, "chat", req.Chat.Key, "user", req.User.Key,
			"args_len", len(req.Args), "lang", req.Lang, "error", reply != nil && reply.Error, "took", b.now().Sub(start))
		return reply
	})
}

// language settles the reply language: an explicit request language wins,
// then the chat's /lang setting, then its server's, then the user's platform
// language when it is Arabic or English, then the configured default.
func (b *Bot) language(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) *Reply {
		s, err := b.settings.ChatSettings(ctx, req.Chat.Key)
		if err != nil {
			b.log.Warn("reading chat settings", "chat", req.Chat.Key, "err", err)
		}
		if req.Chat.Parent != "" && (s.Lang == "" || s.Digits == "") {
			ps, err := b.settings.ChatSettings(ctx, req.Chat.Parent)
			if err != nil {
				b.log.Warn("reading server settings", "server", req.Chat.Parent, "err", err)
			}
			if s.Lang == "" {
				s.Lang = ps.Lang
			}
			if s.Digits == "" {
				s.Digits = ps.Digits
			}
		}
		req.Settings = s
		switch {
		case req.Lang != "":
		case s.Lang != "":
			req.Lang = s.Lang
		default:
			if l, ok := summaries.ParseLang(req.User.Lang); ok {
				req.Lang = l
			} else {
				req.Lang = b.defaultLang
			}
		}
		return next.Handle(ctx, req)
	})
}

// argLimit answers over-long arguments before any handler sees them.
func (b *Bot) argLimit(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) *Reply {
		if n := utf8.RuneCountInString(req.Args); n > b.maxArgLen {
			f := b.fmt(req)
			return b.errorReply(req.Lang, f.n("error_too_long", n, "Max", f.digitsOf(fmt.Sprint(b.maxArgLen))))
		}
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

func (b *Bot) rateLimit(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) *Reply {
		if b.limiter == nil || req.User.Key == "" {
			return next.Handle(ctx, req)
		}
		now := b.now()
		ok, notify := b.limiter.allow(req.User.Key, now)
		if ok {
			return next.Handle(ctx, req)
		}
		b.log.Info("user rate limited", "user", req.User.Key, "chat", req.Chat.Key)
		if !notify {
			return nil
		}
		secs := int(b.limiter.wait(req.User.Key, now).Round(time.Second) / time.Second)
		f := b.fmt(req)
		r := b.errorReply(req.Lang, f.n("error_rate_limited", max(secs, 1)))
		r.Private = true
		return r
	})
}
