package telegram

import (
	"context"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// inlinePage is how many results one answerInlineQuery carries (Telegram's
// maximum is 50).
const inlinePage = 50

// handleInline answers "@BriefBot 110" typed in any chat: matching
// statements and single figures, 50 at a time with next_offset; choosing
// one inserts its rendered text.
func (a *Adapter) handleInline(ctx context.Context, q *tgbotapi.InlineQuery) {
	lang, ok := summaries.ParseLang(q.From.LanguageCode)
	if !ok {
		lang = a.core.DefaultLang()
	}
	offset, _ := strconv.Atoi(q.Offset)
	all := a.core.Quick(q.Query, lang, bot.WesternDigits, false)
	offset = max(0, min(offset, len(all)))
	page := all[offset:min(offset+inlinePage, len(all))]
	results := make([]any, 0, len(page))
	for _, r := range page {
		msgs := a.render(a.core.QuickReply(r, lang, bot.WesternDigits)).msgs
		if len(msgs) == 0 {
			continue
		}
		art := tgbotapi.NewInlineQueryResultArticleHTML(r.ID, bot.Clean(r.Title, 120), msgs[0])
		art.Description = bot.Clean(r.Description, 120)
		if content, ok := art.InputMessageContent.(tgbotapi.InputTextMessageContent); ok {
			content.DisableWebPagePreview = true
			art.InputMessageContent = content
		}
		results = append(results, art)
	}
	next := ""
	if offset+inlinePage < len(all) {
		next = strconv.Itoa(offset + inlinePage)
	}
	cfg := tgbotapi.InlineConfig{
		InlineQueryID: q.ID, Results: results, NextOffset: next,
		CacheTime: 60, IsPersonal: true, // results follow the user's language
	}
	if _, err := a.api.Request(cfg); err != nil {
		a.log.Warn("answering an inline query", "err", a.client.redact(err))
	}
}
