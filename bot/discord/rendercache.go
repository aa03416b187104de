package discord

import (
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// rendered is a reply in Discord's form.
type rendered struct {
	parts      []part
	components []discordgo.MessageComponent
}

// renderCache keeps the rendering of replies the core marks as stable
// (bot.Reply.Key). Cached parts and components are shared and never modified.
type renderCache struct {
	mu sync.RWMutex
	m  map[string]rendered
}

const maxRendered = 2048

func (a *Adapter) render(r *bot.Reply) rendered {
	if r.Key == "" {
		return rendered{parts: Render(r), components: a.components(r)}
	}
	c := &a.renders
	c.mu.RLock()
	out, ok := c.m[r.Key]
	c.mu.RUnlock()
	if ok {
		return out
	}
	out = rendered{parts: Render(r), components: a.components(r)}
	for _, row := range out.components {
		for _, b := range row.(discordgo.ActionsRow).Components {
			if strings.HasPrefix(b.(discordgo.Button).CustomID, "t|") {
				return out // tokens expire; do not keep components that hold them
			}
		}
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxRendered {
		c.m = map[string]rendered{}
	}
	c.m[r.Key] = out
	c.mu.Unlock()
	return out
}
