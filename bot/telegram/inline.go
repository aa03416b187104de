package telegram

import (
	"context"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
)

// inlinePage is how many results one answerInlineQuery carries (Telegram's
// maximum is 50).
const inlinePage = 50

// inlineRequest is the lookup an inline query asks for.
func inlineRequest(q *tgbotapi.InlineQuery) *bot.Request {
	offset, _ := strconv.Atoi(q.Offset)
	return &bot.Request{
		Kind: bot.KindLookup, Args: q.Query, Lookup: bot.Lookup{Offset: max(offset, 0), Limit: inlinePage},
		Chat: bot.Chat{Key: chatKey(q.From.ID), Kind: bot.Private},
		User: bot.User{Key: userKey(q.From.ID), Lang: q.From.LanguageCode}, Caps: caps, Platform: bot.PlatformTelegram,
	}
}

// handleInline answers "@BriefBot 110" typed in any chat: the core's
// matches, statements and single figures, 50 at a time with next_offset;
// choosing one inserts its rendered reply. An inline query comes from a
// user, not a chat: the user's private chat (whose id is the user's) gives
// the settings.
func (a *Adapter) handleInline(ctx context.Context, q *tgbotapi.InlineQuery, j job) {
	reply := a.serve(ctx, j)
	results := make([]any, 0, len(reply.Results))
	for _, r := range reply.Results {
		if r.Reply == nil {
			continue
		}
		msgs := a.render(r.Reply)
		if len(msgs) == 0 {
			continue
		}
		art := tgbotapi.NewInlineQueryResultArticleHTML(r.ID, bot.Clean(r.Title, 120), msgs[0])
		art.ReplyMarkup = a.keyboard(r.Reply) // deep links: the bot may not be in that chat
		art.Description = bot.Clean(r.Description, 120)
		if content, ok := art.InputMessageContent.(tgbotapi.InputTextMessageContent); ok {
			content.DisableWebPagePreview = true
			art.InputMessageContent = content
		}
		results = append(results, art)
	}
	next := ""
	if reply.NextOffset > 0 {
		next = strconv.Itoa(reply.NextOffset)
	}
	cfg := tgbotapi.InlineConfig{
		InlineQueryID: q.ID, Results: results, NextOffset: next,
		CacheTime: 60, IsPersonal: true, // results follow the user's language
	}
	if _, err := a.api.Request(cfg); err != nil {
		a.log.Warn("answering an inline query", "err", a.client.redact(err))
	}
}
