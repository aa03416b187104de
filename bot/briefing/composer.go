package briefing

import (
	"context"
	"fmt"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/summaries"
)

// Core is what composing needs of the command core: the one language
// resolver and the briefing's reply.
type Core interface {
	DecideLang(ctx context.Context, q bot.LangQuery) bot.LangDecision
	DailyReply(lang summaries.Lang, digits bot.Digits, day time.Time, sts []*summaries.Statement) *bot.Reply
}

// Composer turns an outbox item into the reply to post, with the
// statements of the catalog being served: in the subscription's language,
// else the chat's (or its server's), else the default, as bot.DecideLang
// rules.
type Composer struct {
	Core    Core
	Catalog bot.CatalogSource
}

// Compose renders it.
func (c *Composer) Compose(ctx context.Context, it schedule.Item) (*bot.Reply, error) {
	day, err := time.Parse(time.DateOnly, it.Date)
	if err != nil {
		return nil, fmt.Errorf("outbox date %q: %w", it.Date, err)
	}
	d := c.Core.DecideLang(ctx, bot.LangQuery{Choices: []summaries.Lang{it.Lang}, Chat: it.Chat, Server: it.Parent})
	if d.Err != nil {
		return nil, d.Err
	}
	cat := c.Catalog.Catalog()
	var sts []*summaries.Statement
	for _, id := range it.Statements {
		if s := cat.Get(id); s != nil {
			sts = append(sts, s)
		}
	}
	return c.Core.DailyReply(d.Lang, d.Settings.Digits, day, sts), nil
}
