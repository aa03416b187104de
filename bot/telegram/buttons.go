package telegram

import (
	"context"
	"errors"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
)

// keyboard is the inline keyboard for a reply's buttons, one row.
func (a *Adapter) keyboard(r *bot.Reply) *tgbotapi.InlineKeyboardMarkup {
	if r == nil || len(r.Buttons) == 0 {
		return nil
	}
	var row []tgbotapi.InlineKeyboardButton
	for _, b := range r.Buttons {
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(b.Label, a.buttons.Encode(b)))
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(row)
	return &kb
}

// callbackRequest is the request of a pressed button: its action, or an
// expired button's notice; nil for a button under an inline result, which
// has no message to edit.
func (a *Adapter) callbackRequest(cq *tgbotapi.CallbackQuery) *bot.Request {
	req := &bot.Request{User: bot.User{Key: userKey(cq.From.ID), Lang: cq.From.LanguageCode}, Caps: caps}
	if cq.Message != nil {
		req.Chat = bot.Chat{Key: chatKey(cq.Message.Chat.ID), Kind: chatKind(cq.Message.Chat)}
	}
	act, ok := a.buttons.Decode(cq.Data)
	switch {
	case !ok:
		req.Kind = bot.KindExpired
	case cq.Message == nil:
		return nil
	default:
		req.Command, req.Args, req.Lang = act.Command, act.Args, act.Lang
	}
	return req
}

// handleCallback runs a pressed button's action and shows the result in
// place of the message it was under. Every callback is answered, so the
// client stops its spinner.
func (a *Adapter) handleCallback(ctx context.Context, cq *tgbotapi.CallbackQuery, j job) {
	answer := ""
	defer func() {
		if _, err := a.api.Request(tgbotapi.NewCallback(cq.ID, answer)); err != nil {
			a.log.Warn("answering a callback", "err", a.client.redact(err))
		}
	}()
	if j.req == nil {
		return
	}
	reply := a.serve(ctx, j)
	if reply.Silent || reply.Error || j.req.Kind == bot.KindExpired || cq.Message == nil {
		answer = firstText(reply)
		return
	}
	out := a.render(reply)
	msgs, markup := out.msgs, out.markup
	if len(msgs) == 0 {
		return
	}
	chatID, msgID := cq.Message.Chat.ID, cq.Message.MessageID
	_, err := a.send(ctx, chatID, func(id int64) tgbotapi.Chattable {
		e := tgbotapi.NewEditMessageText(id, msgID, msgs[0])
		e.ParseMode = tgbotapi.ModeHTML
		e.DisableWebPagePreview = true
		if len(msgs) == 1 && markup != nil {
			e.ReplyMarkup = markup
		}
		return e
	})
	if err != nil && !errors.Is(err, errNotModified) {
		a.log.Warn("editing a message after a button press", "chat", chatID, "err", a.client.redact(err))
		return
	}
	if len(msgs) > 1 { // the rest of a long reply follows as new messages
		for _, text := range msgs[1:] {
			if _, err := a.send(ctx, chatID, func(id int64) tgbotapi.Chattable {
				c := tgbotapi.NewMessage(id, text)
				c.ParseMode = tgbotapi.ModeHTML
				return c
			}); err != nil {
				a.log.Warn("sending the rest of a reply", "chat", chatID, "err", a.client.redact(err))
				return
			}
		}
	}
}

// firstText is a reply's first paragraph, for a callback's short answer
// (at most 200 characters).
func firstText(r *bot.Reply) string {
	for _, b := range r.Blocks {
		if p, ok := b.(bot.Paragraph); ok {
			return bot.Clean(p.Text, 190)
		}
	}
	return ""
}

// rendered is a reply in Telegram's form: its messages and the keyboard
// under the last one.
type rendered struct {
	msgs   []string
	markup *tgbotapi.InlineKeyboardMarkup
}

// render returns r's messages and keyboard, from the render cache when r
// is stable; keyboards holding expiring tokens are not kept.
func (a *Adapter) render(r *bot.Reply) rendered {
	return a.renders.Render(r, func(r *bot.Reply) (rendered, bool) {
		out := rendered{msgs: Render(r, MaxText), markup: a.keyboard(r)}
		if out.markup != nil {
			for _, row := range out.markup.InlineKeyboard {
				for _, b := range row {
					if b.CallbackData != nil && bot.Expires(*b.CallbackData) {
						return out, false
					}
				}
			}
		}
		return out, true
	})
}
