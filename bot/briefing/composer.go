package briefing

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/summaries"
)

// Core is what composing needs of the command core: the one language
// resolver and the reply of each kind of outbox item.
type Core interface {
	DecideLang(ctx context.Context, q bot.LangQuery) bot.LangDecision
	DailyReply(lang summaries.Lang, digits bot.Digits, day time.Time, sts []*summaries.Statement) *bot.Reply
	CorrectionReply(lang summaries.Lang, digits bot.Digits, c schedule.Correction) *bot.Reply
	InstantReply(lang summaries.Lang, digits bot.Digits, st *summaries.Statement) *bot.Reply
	RefusalReply(lang summaries.Lang, digits bot.Digits, r schedule.Refusal) *bot.Reply
}

var _ Core = (*bot.Bot)(nil)

// ErrNothingToSend means an outbox item has nothing left to say (the new
// statement of an instant post was removed before it went out): it is
// marked failed, not retried.
var ErrNothingToSend = errors.New("nothing left to send")

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
	d := c.Core.DecideLang(ctx, bot.LangQuery{Choices: []summaries.Lang{it.Lang}, Chat: it.Chat, Server: it.Parent})
	if d.Err != nil {
		return nil, d.Err
	}
	lang, digits := d.Lang, d.Settings.Digits
	switch it.Kind {
	case schedule.KindBriefing, "":
		return c.briefing(lang, digits, it)
	case schedule.KindCorrection:
		if it.Payload.Correction == nil {
			return nil, fmt.Errorf("correction %s: %w: no payload", it.Key, ErrNothingToSend)
		}
		return c.Core.CorrectionReply(lang, digits, *it.Payload.Correction), nil
	case schedule.KindInstant:
		var st *summaries.Statement
		if len(it.Statements) > 0 {
			st = c.Catalog.Catalog().Get(it.Statements[0])
		}
		if st == nil {
			return nil, fmt.Errorf("instant post %s: %w: the statement is no longer published", it.Key, ErrNothingToSend)
		}
		return c.Core.InstantReply(lang, digits, st), nil
	case schedule.KindAdmin:
		if it.Payload.Refusal == nil {
			return nil, fmt.Errorf("admin notice %s: %w: no payload", it.Key, ErrNothingToSend)
		}
		return c.Core.RefusalReply(lang, digits, *it.Payload.Refusal), nil
	}
	return nil, fmt.Errorf("outbox row %s: %w: unknown kind %q", it.Key, ErrNothingToSend, it.Kind)
}

// briefing composes a daily briefing of the statements still served.
func (c *Composer) briefing(lang summaries.Lang, digits bot.Digits, it schedule.Item) (*bot.Reply, error) {
	day, err := time.Parse(time.DateOnly, it.Date)
	if err != nil {
		return nil, fmt.Errorf("outbox date %q: %w", it.Date, err)
	}
	cat := c.Catalog.Catalog()
	var sts []*summaries.Statement
	for _, id := range it.Statements {
		if s := cat.Get(id); s != nil {
			sts = append(sts, s)
		}
	}
	return c.Core.DailyReply(lang, digits, day, sts), nil
}
