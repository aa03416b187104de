package discordtest

import (
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RateLimit allows Requests per window of length Per. Requests 0 means unlimited.
type RateLimit struct {
	Requests int
	Per      time.Duration
}

// Limits configures the fake's rate limits. Route buckets are per route and
// per major parameter (channel, guild, webhook/interaction token, application);
// message and command ids share their route's bucket, as on Discord.
type Limits struct {
	// Global applies to all bot-authenticated routes together (interaction
	// callbacks and webhook routes are exempt, as on Discord).
	Global RateLimit
	// Routes overrides the limit of a route, keyed "METHOD /template", e.g.
	// "POST /channels/{channel_id}/messages".
	Routes map[string]RateLimit
	// Default applies to routes not listed in Routes.
	Default RateLimit
}

// DefaultLimits are Discord-like limits: 50 requests/s globally, 5 messages
// per 5 s per channel (sends and edits), 5 follow-ups per 2 s per
// interaction token, 50/s for every other route bucket.
func DefaultLimits() Limits {
	return Limits{
		Global: RateLimit{50, time.Second},
		Routes: map[string]RateLimit{
			"POST /channels/{channel_id}/messages":               {5, 5 * time.Second},
			"PATCH /channels/{channel_id}/messages/{message_id}": {5, 5 * time.Second},
			"POST /webhooks/{webhook_id}/{webhook_token}":        {5, 2 * time.Second},
		},
		Default: RateLimit{50, time.Second},
	}
}

// retryTolerance is how early a retry may come without being a violation:
// discordgo truncates retry_after to whole milliseconds.
const retryTolerance = time.Millisecond

type limiter struct {
	on  bool
	cfg Limits

	mu              sync.Mutex
	buckets         map[string]*window
	global          window
	notBefore       map[string]time.Time
	globalNotBefore time.Time
}

type window struct {
	count   int
	resetAt time.Time
}

func newLimiter(l Limits, on bool) *limiter {
	return &limiter{on: on, cfg: l, buckets: map[string]*window{}, notBefore: map[string]time.Time{}}
}

// limitResult describes the bucket of one request, for headers and 429s.
type limitResult struct {
	limited, global bool
	retryAfter      time.Duration // time until reset, rounded up, plus 1 ms slack
	limit           int
	remaining       int
	resetAt         time.Time
	bucket          string
}

// headers writes the X-RateLimit-* headers discordgo's rate limiter reads.
func (lr *limitResult) headers(h http.Header) {
	after := strconv.FormatFloat(lr.retryAfter.Seconds(), 'f', 3, 64)
	if lr.global {
		h.Set("X-RateLimit-Global", "true")
		h.Set("X-RateLimit-Reset-After", after)
		return
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(lr.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(lr.remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(lr.resetAt.UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", after)
	h.Set("X-RateLimit-Bucket", lr.bucket)
}

// until rounds d up to whole milliseconds and adds one, so a client that
// waits exactly the advertised time never arrives early.
func until(d time.Duration) time.Duration {
	if d < 0 {
		d = 0
	}
	return (d+time.Millisecond-1)/time.Millisecond*time.Millisecond + time.Millisecond
}

// take counts a request against the global and route buckets. It returns nil
// when the route is unlimited.
func (l *limiter) take(rt *route, key string, now time.Time) *limitResult {
	rl, ok := l.cfg.Routes[rt.key]
	if !ok {
		rl = l.cfg.Default
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	g := l.cfg.Global
	if rt.global && g.Requests > 0 {
		if !now.Before(l.global.resetAt) {
			l.global = window{resetAt: now.Add(g.Per)}
		}
		if l.global.count >= g.Requests {
			return &limitResult{limited: true, global: true, retryAfter: until(l.global.resetAt.Sub(now)),
				limit: g.Requests, resetAt: l.global.resetAt, bucket: "global"}
		}
	}
	if rl.Requests <= 0 {
		if rt.global && g.Requests > 0 {
			l.global.count++
		}
		return nil
	}
	w := l.buckets[key]
	if w == nil {
		w = &window{}
		l.buckets[key] = w
	}
	if !now.Before(w.resetAt) {
		*w = window{resetAt: now.Add(rl.Per)}
	}
	res := &limitResult{limit: rl.Requests, resetAt: w.resetAt, retryAfter: until(w.resetAt.Sub(now)), bucket: rt.bucketHash}
	if w.count >= rl.Requests {
		res.limited = true
		return res
	}
	w.count++
	if rt.global && g.Requests > 0 {
		l.global.count++
	}
	res.remaining = rl.Requests - w.count
	return res
}

// noteRetryAfter remembers that key (or everything, if global) must not be
// retried before t.
func (l *limiter) noteRetryAfter(key string, global bool, t time.Time) {
	l.mu.Lock()
	if global {
		if t.After(l.globalNotBefore) {
			l.globalNotBefore = t
		}
	} else if t.After(l.notBefore[key]) {
		l.notBefore[key] = t
	}
	l.mu.Unlock()
}

// early reports a request that arrives before its bucket's advertised reset.
func (l *limiter) early(key string, global bool, now time.Time) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.notBefore) == 0 && l.globalNotBefore.IsZero() {
		return ""
	}
	if nb, ok := l.notBefore[key]; ok {
		if now.Before(nb.Add(-retryTolerance)) {
			return "retried " + nb.Sub(now).Round(time.Millisecond).String() + " before its rate limit reset (bucket " + key + ")"
		}
		delete(l.notBefore, key)
	}
	if global && !l.globalNotBefore.IsZero() {
		if now.Before(l.globalNotBefore.Add(-retryTolerance)) {
			return "sent " + l.globalNotBefore.Sub(now).Round(time.Millisecond).String() + " before the global rate limit reset"
		}
		l.globalNotBefore = time.Time{}
	}
	return ""
}

// bucketKey is "METHOD /template|<major parameter values>".
func (rt *route) bucketKey(params []string) string {
	var b strings.Builder
	b.Grow(len(rt.key) + 64)
	b.WriteString(rt.key)
	b.WriteByte('|')
	i := 0
	for _, sg := range rt.segs {
		if sg[0] != '{' {
			continue
		}
		switch sg { // the major parameters, which split buckets
		case "{channel_id}", "{guild_id}", "{webhook_id}", "{webhook_token}",
			"{interaction_id}", "{interaction_token}", "{application_id}":
			b.WriteString(params[i])
			b.WriteByte('/')
		}
		i++
	}
	return b.String()
}

func bucketHash(key string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	return strconv.FormatUint(h.Sum64(), 16)
}
