package telegramtest

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Limits configures the flood limits the server enforces on the calls that
// post or edit messages (sendMessage, editMessageText). A zero field
// disables that limit.
type Limits struct {
	// GlobalPerSecond caps counted calls across all chats in any one-second window.
	GlobalPerSecond int
	// ChatPerSecond is the sustained per-chat rate (a token bucket's refill rate)
	// and ChatBurst the bucket size: ChatBurst calls may go out back to back.
	ChatPerSecond float64
	ChatBurst     int
	// GroupPerMinute caps counted calls to one group, supergroup or channel
	// (chat id < 0) in any sixty-second window.
	GroupPerMinute int
}

// DefaultLimits returns Telegram's documented limits: 30 messages per second
// overall, about one per second per chat (burst 3) and 20 per minute per group.
func DefaultLimits() Limits {
	return Limits{GlobalPerSecond: 30, ChatPerSecond: 1, ChatBurst: 3, GroupPerMinute: 20}
}

// Failure is a scripted error answer.
type Failure struct {
	Code            int    // error_code and HTTP status, e.g. 403
	Description     string // defaults to the standard text for Code
	RetryAfter      int    // parameters.retry_after (seconds); defaults to 1 for 429
	MigrateToChatID int64  // parameters.migrate_to_chat_id
}

// window is a sliding-window log: at most len(ring) events per period.
type window struct {
	ring []time.Time
	next int
	n    int
}

func (w *window) wait(now time.Time, limit int, per time.Duration) time.Duration {
	if w.ring == nil {
		w.ring = make([]time.Time, limit)
	}
	if w.n < limit {
		return 0
	}
	return max(w.ring[w.next].Add(per).Sub(now), 0)
}

func (w *window) add(now time.Time) {
	w.ring[w.next] = now
	w.next = (w.next + 1) % len(w.ring)
	if w.n < len(w.ring) {
		w.n++
	}
}

// bucket is a token bucket.
type bucket struct {
	tokens float64
	last   time.Time
}

func (b *bucket) wait(now time.Time, rate float64, burst int) time.Duration {
	if b.last.IsZero() {
		b.tokens, b.last = float64(burst), now
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(float64(burst), b.tokens+el*rate)
		b.last = now
	}
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) / rate * float64(time.Second))
}

type chatLimit struct {
	b bucket
	w window
}

type rateLimiter struct {
	l      Limits
	global window
	chats  map[int64]*chatLimit
}

func newRateLimiter(l Limits) *rateLimiter {
	if l.ChatBurst < 1 {
		l.ChatBurst = 1
	}
	return &rateLimiter{l: l, chats: map[int64]*chatLimit{}}
}

// admit consumes one call for chatID (0: no chat) or reports how long to wait
// and whether the global limit is the reason.
func (rl *rateLimiter) admit(chatID int64, now time.Time) (wait time.Duration, global bool) {
	l := rl.l
	if l.GlobalPerSecond > 0 {
		wait = rl.global.wait(now, l.GlobalPerSecond, time.Second)
		global = wait > 0
	}
	var cl *chatLimit
	if chatID != 0 {
		cl = rl.chats[chatID]
		if cl == nil {
			cl = &chatLimit{}
			rl.chats[chatID] = cl
		}
		if l.ChatPerSecond > 0 {
			if w := cl.b.wait(now, l.ChatPerSecond, l.ChatBurst); w > wait {
				wait, global = w, false
			}
		}
		if chatID < 0 && l.GroupPerMinute > 0 {
			if w := cl.w.wait(now, l.GroupPerMinute, time.Minute); w > wait {
				wait, global = w, false
			}
		}
	}
	if wait > 0 {
		return wait, global
	}
	if l.GlobalPerSecond > 0 {
		rl.global.add(now)
	}
	if cl != nil {
		if l.ChatPerSecond > 0 {
			cl.b.tokens--
		}
		if chatID < 0 && l.GroupPerMinute > 0 {
			cl.w.add(now)
		}
	}
	return 0, false
}

type scripted struct {
	method string // lower case; "" = any method but getUpdates
	chatID int64  // 0 = any chat
	f      Failure
}

// failures holds scripted failures and retry_after bookkeeping.
type failures struct {
	next        []scripted
	allCode     int
	allLeft     int
	blocked     map[int64]string
	migrated    map[int64]int64
	retryGlobal time.Time
	retryChat   map[int64]time.Time
}

func failureError(f Failure) *apiError {
	e := &apiError{code: f.Code, desc: f.Description, retryAfter: f.RetryAfter, migrateTo: f.MigrateToChatID}
	if e.code == http.StatusTooManyRequests && e.retryAfter <= 0 {
		e.retryAfter = 1
	}
	if e.desc == "" {
		switch e.code {
		case http.StatusBadRequest:
			e.desc = "Bad Request"
		case http.StatusTooManyRequests:
			e.desc = fmt.Sprintf("Too Many Requests: retry after %d", e.retryAfter)
		default:
			e.desc = http.StatusText(e.code)
		}
	}
	return e
}

// FailNext makes the next call to method (case-insensitive; "" matches any
// method except getUpdates) for chatID (0 matches any chat or none) fail with f.
// Failures queue up and each is used once.
func (s *Server) FailNext(method string, chatID int64, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail.next = append(s.fail.next, scripted{method: strings.ToLower(method), chatID: chatID, f: f})
}

// FailAll makes the next n calls of any method except getUpdates fail with
// code (an outage). n <= 0 ends an outage.
func (s *Server) FailAll(code, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail.allCode, s.fail.allLeft = code, max(n, 0)
}

// BlockChat makes every later call naming chatID answer 403 with description
// (by default "Forbidden: bot was blocked by the user" for users and
// "Forbidden: bot was kicked from the group chat" for groups).
func (s *Server) BlockChat(chatID int64, description string) {
	if description == "" {
		description = "Forbidden: bot was blocked by the user"
		if chatID < 0 {
			description = "Forbidden: bot was kicked from the group chat"
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail.blocked[chatID] = description
}

// MigrateChat upgrades group oldID to supergroup newID: every call naming oldID
// answers 400 "group chat was upgraded to a supergroup chat" with
// migrate_to_chat_id newID, and newID works (registered as a supergroup with
// the old chat's title and members).
func (s *Server) MigrateChat(oldID, newID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail.migrated[oldID] = newID
	old := s.chats[oldID]
	c := Chat{ID: newID, Type: "supergroup"}
	if old != nil {
		c.Title, c.Username = old.Title, old.Username
	}
	ns := s.ensureChatLocked(c)
	if old != nil {
		for id, st := range old.members {
			ns.members[id] = st
		}
	}
}

// countedMethod reports whether method is subject to flood limits: those
// that post or edit messages.
func countedMethod(m string) bool {
	return m == "sendMessage" || m == "editMessageText"
}

func retrySeconds(d time.Duration) int {
	return max(int(math.Ceil(d.Seconds())), 1)
}

func tooManyRequests(n int) *apiError {
	return &apiError{code: http.StatusTooManyRequests, desc: fmt.Sprintf("Too Many Requests: retry after %d", n), retryAfter: n}
}

// Throttle records one 429 answer.
type Throttle struct {
	Method  string
	ChatID  int64     // the chat the wait applies to; 0 for everything (global limit)
	At      time.Time // when the 429 was answered (server clock)
	RetryAt time.Time // the instant before which ChatID (or everything) must not be retried
	Early   bool      // the request was itself a retry before an earlier RetryAt (a violation)
}

// throttleLocked records a 429 of n seconds for chatID (0: everything) and
// the instant before which it must not be retried.
func (s *Server) throttleLocked(rq *request, chatID int64, n int, early bool) {
	until := rq.at.Add(time.Duration(n) * time.Second)
	s.throttles = append(s.throttles, Throttle{Method: rq.method, ChatID: chatID, At: rq.at, RetryAt: until, Early: early})
	if early {
		return
	}
	if chatID == 0 {
		if until.After(s.fail.retryGlobal) {
			s.fail.retryGlobal = until
		}
		return
	}
	if until.After(s.fail.retryChat[chatID]) {
		s.fail.retryChat[chatID] = until
	}
}

// scriptedLocked applies FailAll and FailNext. A scripted 429 is recorded
// as a throttle: everything (FailAll) or the call's chat must then wait.
func (s *Server) scriptedLocked(rq *request) *apiError {
	low := strings.ToLower(rq.method)
	next := slices.IndexFunc(s.fail.next, func(sc scripted) bool {
		return (sc.method == low || (sc.method == "" && rq.method != "getUpdates")) && (sc.chatID == 0 || sc.chatID == rq.chatID)
	})
	var f Failure
	var chatID int64
	switch {
	case s.fail.allLeft > 0 && rq.method != "getUpdates":
		s.fail.allLeft--
		f = Failure{Code: s.fail.allCode}
	case next >= 0:
		f, chatID = s.fail.next[next].f, rq.chatID
		s.fail.next = slices.Delete(s.fail.next, next, next+1)
	default:
		return nil
	}
	e := failureError(f)
	if e.code == http.StatusTooManyRequests {
		s.throttleLocked(rq, chatID, e.retryAfter, false)
	}
	return e
}

// gateLocked runs the checks every call goes through after validation:
// scripted failures, blocked/migrated/unknown/left chats and flood limits.
// It returns the target chat (nil if the call names none).
func (s *Server) gateLocked(rq *request) (*chatState, *apiError) {
	if e := s.scriptedLocked(rq); e != nil {
		return nil, e
	}
	var cs *chatState
	if rq.chatID != 0 {
		if d, ok := s.fail.blocked[rq.chatID]; ok {
			return nil, &apiError{code: http.StatusForbidden, desc: d}
		}
		if to, ok := s.fail.migrated[rq.chatID]; ok {
			return nil, &apiError{code: http.StatusBadRequest, desc: "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: to}
		}
		cs = s.chats[rq.chatID]
		if cs == nil {
			return nil, badRequest("chat not found")
		}
	}
	if !countedMethod(rq.method) {
		return cs, nil
	}
	until := s.fail.retryGlobal
	if t := s.fail.retryChat[rq.chatID]; rq.chatID != 0 && t.After(until) {
		until = t
	}
	if rq.at.Before(until) {
		left := until.Sub(rq.at)
		e := tooManyRequests(retrySeconds(left))
		s.throttleLocked(rq, rq.chatID, e.retryAfter, true)
		e.violation = true
		e.note = fmt.Sprintf("retried %.3fs before retry_after expired", left.Seconds())
		return nil, e
	}
	if s.rl == nil {
		return cs, nil
	}
	wait, global := s.rl.admit(rq.chatID, rq.at)
	if wait == 0 {
		return cs, nil
	}
	n := retrySeconds(wait)
	if global {
		s.throttleLocked(rq, 0, n, false)
	} else {
		s.throttleLocked(rq, rq.chatID, n, false)
	}
	return nil, tooManyRequests(n)
}
