package telegram

import (
	"context"
	"errors"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// maxCallbackData is Telegram's limit on a button's callback_data, in bytes.
const maxCallbackData = 64

// encodeAction writes a button's action as callback data:
// "<command>|<lang>|<args>". Actions that do not fit 64 bytes are kept in
// memory under a random token ("~<token>"), which expires with the process
// or when newer tokens push it out.
func (a *Adapter) encodeAction(b bot.Button) string {
	data := b.Command + "|" + string(b.Lang) + "|" + b.Args
	if len(data) <= maxCallbackData {
		return data
	}
	return "~" + a.buttons.Put(b)
}

// decodeAction reads callback data back into the action it stands for.
func (a *Adapter) decodeAction(data string) (bot.Button, bool) {
	if tok, ok := strings.CutPrefix(data, "~"); ok {
		return a.buttons.Get(tok)
	}
	parts := strings.SplitN(data, "|", 3)
	if len(parts) != 3 {
		return bot.Button{}, false
	}
	lang, ok := summaries.ParseLang(parts[1])
	if !ok {
		return bot.Button{}, false
	}
	return bot.Button{Command: parts[0], Lang: lang, Args: parts[2]}, true
}

// keyboard is the inline keyboard for a reply's buttons, one row.
func (a *Adapter) keyboard(r *bot.Reply) *tgbotapi.InlineKeyboardMarkup {
	if r == nil || len(r.Buttons) == 0 {
		return nil
	}
	var row []tgbotapi.InlineKeyboardButton
	for _, b := range r.Buttons {
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(b.Label, a.encodeAction(b)))
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(row)
	return &kb
}

// handleCallback runs a pressed button's action and shows the result in
// place of the message it was under. Every callback is answered, so the
// client stops its spinner.
func (a *Adapter) handleCallback(ctx context.Context, cq *tgbotapi.CallbackQuery) {
	answer := ""
	defer func() {
		if _, err := a.api.Request(tgbotapi.NewCallback(cq.ID, answer)); err != nil {
			a.log.Warn("answering a callback", "err", a.client.redact(err))
		}
	}()
	act, ok := a.decodeAction(cq.Data)
	userLang, _ := summaries.ParseLang(cq.From.LanguageCode)
	if userLang == "" {
		userLang = a.core.DefaultLang()
	}
	if !ok {
		answer = a.core.Messages().T(userLang, "button_expired")
		return
	}
	if cq.Message == nil { // a button under an inline result: no message to edit
		return
	}
	req := &bot.Request{
		Command: act.Command, Args: act.Args, Lang: act.Lang,
		Chat: bot.Chat{Key: chatKey(cq.Message.Chat.ID), Kind: chatKind(cq.Message.Chat)},
		User: bot.User{Key: userKey(cq.From.ID), Lang: cq.From.LanguageCode},
	}
	reply := a.core.Handle(ctx, req)
	if reply == nil {
		return
	}
	if reply.Error {
		answer = firstText(reply)
		return
	}
	out := a.render(reply)
	msgs, markup := out.msgs, out.markup
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
