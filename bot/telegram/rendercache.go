package telegram

import (
	"strings"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
)

// rendered is a reply in Telegram's form: its messages and the keyboard
// under the last one.
type rendered struct {
	msgs   []string
	markup *tgbotapi.InlineKeyboardMarkup
}

// renderCache keeps the rendering of replies the core marks as stable
// (bot.Reply.Key), so a popular statement is rendered once, not per request.
type renderCache struct {
	mu sync.RWMutex
	m  map[string]rendered
}

const maxRendered = 2048

// render returns r's messages and keyboard, from the cache when r has a key.
func (a *Adapter) render(r *bot.Reply) rendered {
	if r.Key == "" {
		return rendered{msgs: Render(r, MaxText), markup: a.keyboard(r)}
	}
	c := &a.renders
	c.mu.RLock()
	out, ok := c.m[r.Key]
	c.mu.RUnlock()
	if ok {
		return out
	}
	out = rendered{msgs: Render(r, MaxText), markup: a.keyboard(r)}
	if out.markup != nil && hasTokens(out.markup) {
		return out // tokens expire; do not keep a keyboard that holds them
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxRendered {
		c.m = map[string]rendered{}
	}
	c.m[r.Key] = out
	c.mu.Unlock()
	return out
}

func hasTokens(kb *tgbotapi.InlineKeyboardMarkup) bool {
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil && strings.HasPrefix(*b.CallbackData, "~") {
				return true
			}
		}
	}
	return false
}
