package telegram

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limits are the flood limits the bot keeps to before Telegram has to
// enforce them. Telegram documents them loosely: about 30 messages a second
// overall, one a second per chat, 20 a minute per group.
type Limits struct {
	GlobalPerSecond int     // 0: no global limit
	ChatPerSecond   float64 // 0: no per-chat limit
	ChatBurst       int
	GroupPerMinute  int // 0: no per-group limit
}

// DefaultLimits are Telegram's documented limits.
func DefaultLimits() Limits {
	return Limits{GlobalPerSecond: 30, ChatPerSecond: 1, ChatBurst: 3, GroupPerMinute: 20}
}

// NoLimits switches the bot's own limiter off (benchmarks against a server
// that enforces none).
func NoLimits() Limits { return Limits{} }

// limiter paces sends so that a server counting with sliding windows and a
// token bucket of the documented sizes never has to refuse one. Token
// buckets admit burst+rate×T in any window T, so each bucket is sized below
// the documented figure: the global one at 95% of the rate with a burst of
// 1%, leaving 4% for requests that bunch up on the way, the per-group one at
// (limit-3)/minute with a burst of 2, the per-chat one one token short of
// the server's burst.
type limiter struct {
	l      Limits
	global *rate.Limiter
	mu     sync.Mutex
	chats  map[int64]*chatLimiter
	// pausedUntil holds every send back after a 429: Telegram does not say
	// whether a flood limit was the chat's or the bot's, so after one, no
	// request goes out before its retry_after has passed.
	pausedUntil time.Time
}

// pause holds every send until d from now.
func (l *limiter) pause(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := time.Now().Add(d); until.After(l.pausedUntil) {
		l.pausedUntil = until
	}
}

// waitPause blocks while sends are paused.
func (l *limiter) waitPause(ctx context.Context) error {
	for {
		l.mu.Lock()
		d := time.Until(l.pausedUntil)
		l.mu.Unlock()
		if d <= 0 {
			return nil
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

type chatLimiter struct {
	chat, group *rate.Limiter
	used        time.Time
}

func newLimiter(l Limits) *limiter {
	lim := &limiter{l: l, chats: map[int64]*chatLimiter{}}
	if l.GlobalPerSecond > 0 {
		burst := max(1, l.GlobalPerSecond/100)
		lim.global = rate.NewLimiter(rate.Limit(float64(l.GlobalPerSecond)*0.95), burst)
	}
	return lim
}

func (l *limiter) forChat(chatID int64, now time.Time) *chatLimiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.chats[chatID]
	if c == nil {
		if len(l.chats) > 50_000 {
			for id, old := range l.chats { // forget chats idle for a while
				if now.Sub(old.used) > 2*time.Minute {
					delete(l.chats, id)
				}
			}
		}
		c = &chatLimiter{}
		if l.l.ChatPerSecond > 0 {
			c.chat = rate.NewLimiter(rate.Limit(l.l.ChatPerSecond), max(1, l.l.ChatBurst-1))
		}
		if chatID < 0 && l.l.GroupPerMinute > 3 {
			c.group = rate.NewLimiter(rate.Limit(float64(l.l.GroupPerMinute-3)/60), 2)
		}
		l.chats[chatID] = c
	}
	c.used = now
	return c
}

// wait blocks until one message may go to chatID, or ctx ends.
func (l *limiter) wait(ctx context.Context, chatID int64) error {
	if err := l.waitPause(ctx); err != nil {
		return err
	}
	c := l.forChat(chatID, time.Now())
	for _, rl := range []*rate.Limiter{c.chat, c.group, l.global} {
		if rl == nil {
			continue
		}
		if err := rl.Wait(ctx); err != nil {
			return err
		}
	}
	return l.waitPause(ctx) // a 429 may have come while this one waited its turn
}
