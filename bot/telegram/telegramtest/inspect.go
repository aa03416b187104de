package telegramtest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
)

// ErrClosed is returned by WaitFor when the server is closed while waiting.
var ErrClosed = errors.New("telegramtest: server closed")

// locked returns f's result computed with mu held.
func locked[T any](mu *sync.Mutex, f func() T) T {
	mu.Lock()
	defer mu.Unlock()
	return f()
}

// Calls returns every request received so far, in arrival order.
func (s *Server) Calls() []Call { return locked(&s.mu, func() []Call { return slices.Clone(s.calls) }) }

// CallsTo returns the requests to one method (case-insensitive).
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if strings.EqualFold(c.Method, method) {
			out = append(out, c)
		}
	}
	return out
}

// Messages returns the current state of the messages the bot sent to a
// chat, oldest first.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chats[chatID]
	if cs == nil {
		return nil
	}
	out := make([]Message, len(cs.botMsgs))
	for i, r := range cs.botMsgs {
		out[i] = r.m
	}
	return out
}

// MessageCount returns how many messages the bot has sent to a chat,
// without copying them.
func (s *Server) MessageCount(chatID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cs := s.chats[chatID]; cs != nil {
		return len(cs.botMsgs)
	}
	return 0
}

// WaitFor blocks until cond returns true, ctx ends (returning ctx.Err()) or
// the server closes (ErrClosed). cond is re-evaluated after every request and
// every state change; it runs without the server's lock held and may call
// any Server method.
func (s *Server) WaitFor(ctx context.Context, cond func(*Server) bool) error {
	for {
		s.mu.Lock()
		if s.changed == nil {
			s.changed = make(chan struct{})
		}
		ch, closed := s.changed, s.closed
		s.mu.Unlock()
		if cond(s) {
			return nil
		}
		if closed {
			return ErrClosed
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// WaitMessages waits until the bot has sent at least n messages to the chat
// and returns them.
func (s *Server) WaitMessages(ctx context.Context, chatID int64, n int) ([]Message, error) {
	err := s.WaitFor(ctx, func(s *Server) bool { return s.MessageCount(chatID) >= n })
	return s.Messages(chatID), err
}

// PendingUpdates returns how many pushed updates the bot has not confirmed yet.
func (s *Server) PendingUpdates() int { return locked(&s.mu, func() int { return len(s.upd.q) }) }

// CallbackAnswers returns the successful answerCallbackQuery calls.
func (s *Server) CallbackAnswers() []CallbackAnswer {
	return locked(&s.mu, func() []CallbackAnswer { return slices.Clone(s.cbAns) })
}

// InlineAnswers returns the successful answerInlineQuery calls.
func (s *Server) InlineAnswers() []InlineAnswer {
	return locked(&s.mu, func() []InlineAnswer { return slices.Clone(s.inAns) })
}

// Violations lists every rule the bot broke, one line each: requests Telegram
// would reject as malformed (400, 401, 404, 409) and retries before a 429's
// retry_after expired. Scripted failures and first 429s are not violations.
func (s *Server) Violations() []string {
	return locked(&s.mu, func() []string { return slices.Clone(s.viols) })
}

// Count429 returns how many 429 Too Many Requests answers were sent.
func (s *Server) Count429() int { return locked(&s.mu, func() int { return s.n429 }) }

// Throttles returns every 429 answered, with the instant before which the
// chat (or, for the global limit, everything) must not be retried.
func (s *Server) Throttles() []Throttle {
	return locked(&s.mu, func() []Throttle { return slices.Clone(s.throttles) })
}
