package telegram

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
)

// Retry policy for 5xx answers and network errors: exponential backoff from
// retryBase up to retryMax between attempts, at most maxAttempts attempts.
// 429 answers do not count as attempts: their retry_after is always waited
// out and the same message sent again.
const (
	retryBase   = 500 * time.Millisecond
	retryMax    = 30 * time.Second
	maxAttempts = 8
	max429      = 50
)

// errNotModified is Telegram refusing an edit that changes nothing (a
// button pressed twice); it is not a failure.
var errNotModified = errors.New("message is not modified")

// send sends what build makes for chatID through the limiter, honouring 429
// retry_after, following a supergroup migration, and retrying transient
// failures. A chat that is gone is marked inactive (logged once) and
// reported as bot.ErrChatGone; a migration as *bot.ChatMovedError after
// the message was resent to the new chat.
func (a *Adapter) send(ctx context.Context, chatID int64, build func(chatID int64) tgbotapi.Chattable) (tgbotapi.Message, error) {
	return a.deliver(ctx, chatID, func(id int64) (tgbotapi.Message, error) { return a.api.Send(build(id)) })
}

// deliver makes the call do makes for chatID (a tgbotapi config, or a
// method with parameters tgbotapi lacks) as send describes.
// Each outcome is told to the observer: the message sent or failed, each
// retry, each 429, and the time spent waiting on the rate limits.
func (a *Adapter) deliver(ctx context.Context, chatID int64, do func(chatID int64) (tgbotapi.Message, error)) (tgbotapi.Message, error) {
	msg, err := a.attempt(ctx, chatID, do)
	var moved *bot.ChatMovedError
	switch {
	case err == nil || errors.As(err, &moved):
		a.obs.Delivered(platform, bot.DeliverySent)
	case errors.Is(err, errNotModified), ctx.Err() != nil: // nothing to send; or stopped, not failed
	default:
		a.obs.Delivered(platform, bot.DeliveryFailed)
	}
	return msg, err
}

// platform is the adapter's name in metrics.
const platform = bot.PlatformTelegram

// attempt is deliver's loop of attempts.
func (a *Adapter) attempt(ctx context.Context, chatID int64, do func(chatID int64) (tgbotapi.Message, error)) (tgbotapi.Message, error) {
	var moved *bot.ChatMovedError
	attempts, throttled := 0, 0
	for {
		began := time.Now()
		err := a.limits.wait(ctx, chatID)
		if d := time.Since(began); d >= time.Millisecond {
			a.obs.Waited(platform, d)
		}
		if err != nil {
			return tgbotapi.Message{}, fmt.Errorf("waiting for the rate limit: %w", err)
		}
		msg, err := do(chatID)
		if err == nil {
			if moved != nil {
				return msg, moved
			}
			return msg, nil
		}
		var te *tgbotapi.Error
		switch {
		case errors.As(err, &te) && te.Code == 429:
			throttled++
			a.obs.RateLimited(platform)
			if throttled > max429 {
				return msg, fmt.Errorf("still throttled after %d answers of 429: %w", throttled, err)
			}
			wait := time.Duration(max(te.RetryAfter, 1))*time.Second + 50*time.Millisecond
			a.log.Warn("throttled by Telegram; every send waits", "chat", chatID, "retry_after", te.RetryAfter)
			a.limits.pause(wait) // the loop's next wait honours it, for every sender
		case errors.As(err, &te) && te.MigrateToChatID != 0:
			from, to := chatKey(chatID), chatKey(te.MigrateToChatID)
			a.log.Info("group upgraded to a supergroup; moving its settings", "from", from, "to", to)
			if err := a.states.MoveChat(ctx, from, to); err != nil {
				a.log.Error("moving chat settings", "from", from, "to", to, "err", err)
			}
			moved = &bot.ChatMovedError{From: from, To: to}
			chatID = te.MigrateToChatID
		case errors.As(err, &te) && isGone(te):
			a.markGone(ctx, chatID, te.Message)
			return msg, fmt.Errorf("%s: %w", te.Message, bot.ErrChatGone)
		case errors.As(err, &te) && te.Code == 400 && strings.Contains(te.Message, "message is not modified"):
			return msg, errNotModified
		case errors.As(err, &te) && te.Code < 500:
			return msg, fmt.Errorf("telegram refused the message: %w", err)
		default: // 5xx or a network error
			if ctx.Err() != nil {
				return msg, ctx.Err()
			}
			attempts++
			if attempts >= maxAttempts {
				return msg, fmt.Errorf("giving up after %d attempts: %w", attempts, err)
			}
			wait := min(retryBase<<(attempts-1), retryMax)
			a.obs.Delivered(platform, bot.DeliveryRetried)
			a.log.Warn("send failed; retrying", "chat", chatID, "attempt", attempts, "in", wait, "err", a.client.redact(err))
			if err := sleep(ctx, wait); err != nil {
				return msg, err
			}
		}
	}
}

// isGone reports the answers that mean the bot can no longer write to a
// chat: blocked by the user, kicked, the chat deleted, no right to post.
func isGone(te *tgbotapi.Error) bool {
	if te.Code == 403 {
		return true
	}
	if te.Code != 400 {
		return false
	}
	m := strings.ToLower(te.Message)
	return strings.Contains(m, "chat not found") || strings.Contains(m, "not enough rights") ||
		strings.Contains(m, "have no rights") || strings.Contains(m, "bot was kicked") || strings.Contains(m, "chat_write_forbidden")
}

// markGone records a chat the bot cannot write to; the log line is written
// once per chat, not once per message.
func (a *Adapter) markGone(ctx context.Context, chatID int64, reason string) {
	changed, err := a.states.MarkInactive(ctx, chatKey(chatID), reason)
	if err != nil {
		a.log.Error("marking chat inactive", "chat", chatID, "err", err)
		return
	}
	if changed {
		a.log.Warn("chat is gone; marked inactive", "chat", chatID, "reason", reason)
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// chatKey is a Telegram chat's platform-neutral key.
func chatKey(id int64) string { return "telegram:" + strconv.FormatInt(id, 10) }

// ParseChatKey returns the Telegram chat id of a chat key.
func ParseChatKey(key string) (int64, bool) {
	rest, ok := strings.CutPrefix(key, "telegram:")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil
}
