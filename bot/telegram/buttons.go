package telegram

import (
	"context"
	"errors"
	"net/url"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
)

// rowWidth is how many buttons one keyboard row holds at most, so that
// labels stay readable on a phone.
const rowWidth = 3

// keyboard is the inline keyboard for a reply's buttons, a row per
// bot.Button.Row. A button that opens apart (under a briefing, an inline
// result) is a deep link into the bot's private chat with its view; the
// others run their action here when pressed.
func (a *Adapter) keyboard(r *bot.Reply) *tgbotapi.InlineKeyboardMarkup {
	if r == nil || len(r.Buttons) == 0 {
		return nil
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	for i, b := range r.Buttons {
		btn := tgbotapi.NewInlineKeyboardButtonData(b.Label, a.buttons.Encode(b))
		if b.Apart {
			if link, ok := a.deepLink(b); ok {
				btn = tgbotapi.NewInlineKeyboardButtonURL(b.Label, link)
			}
		}
		if i == 0 || b.Row != r.Buttons[i-1].Row || len(rows[len(rows)-1]) == rowWidth {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], btn)
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return &kb
}

// deepLink is the t.me link that opens b's view in the bot's private chat
// (sent there as "/start <payload>").
func (a *Adapter) deepLink(b bot.Button) (string, bool) {
	payload, ok := bot.StartPayload(b)
	if !ok || a.Username() == "" {
		return "", false
	}
	return "https://t.me/" + url.PathEscape(a.Username()) + "?start=" + payload, true
}

// callbackRequest is the request of a pressed button, built when it
// arrives (so the per-user limit judges it then): its action, or an
// expired button's notice. topic is the forum topic of the button's
// message, where what it shows goes.
func (a *Adapter) callbackRequest(cq *tgbotapi.CallbackQuery, topic int) *bot.Request {
	req := &bot.Request{User: bot.User{Key: userKey(cq.From.ID), Lang: cq.From.LanguageCode}, Caps: caps, Platform: bot.PlatformTelegram}
	if cq.Message != nil {
		req.Chat = bot.Chat{Key: chatKey(cq.Message.Chat.ID), Kind: chatKind(cq.Message.Chat), Thread: threadOf(topic)}
	}
	act, ok := a.buttons.Decode(cq.Data)
	if !ok {
		req.Kind = bot.KindExpired
		return req
	}
	req.Command, req.Args, req.Lang = act.Command, act.Args, act.Lang
	return req
}

// handleCallback runs a pressed button's action. Pressed by whoever may
// change the message (see bot.Button.Changes), the result replaces the
// message; pressed by someone else in a group or channel, or on a pointer
// that opens apart, the message stays as it is and the callback's answer
// opens the presser's private chat with the bot on that view; in a private
// chat such a view comes as a new message. Every callback is answered, so
// the client stops its spinner.
func (a *Adapter) handleCallback(ctx context.Context, cq *tgbotapi.CallbackQuery, j job) {
	answer := tgbotapi.NewCallback(cq.ID, "")
	defer func() {
		if _, err := a.api.Request(answer); err != nil {
			a.log.Warn("answering a callback", "err", a.client.redact(err))
		}
	}()
	req := j.req
	if req.Kind == bot.KindExpired {
		answer.Text = firstText(a.serve(ctx, j))
		return
	}
	act, _ := a.buttons.Decode(cq.Data)
	privateChat := cq.Message != nil && req.Chat.Kind == bot.Private
	if !act.Changes(req.User.Key) || cq.Message == nil {
		if !privateChat { // someone else's message, or an inline one: open it privately
			if link, ok := a.deepLink(act); ok {
				answer.URL = link
			}
			return
		}
	}
	reply := a.serve(ctx, j)
	if reply.Silent || reply.Error {
		answer.Text = firstText(reply)
		return
	}
	chatID, topic := cq.Message.Chat.ID, j.u.topic
	if !act.Changes(req.User.Key) { // a pointer in a private chat: a new message
		if _, err := a.sendReply(ctx, chatID, topic, reply, 0); err != nil {
			a.log.Warn("sending a view after a button press", "chat", chatID, "err", a.client.redact(err))
		}
		return
	}
	a.replace(ctx, chatID, topic, cq.Message.MessageID, reply)
}

// replace shows reply in place of message msgID, its first message edited
// in and the rest of a long reply following as new messages, in the same
// forum topic (0: none).
func (a *Adapter) replace(ctx context.Context, chatID int64, topic, msgID int, reply *bot.Reply) {
	msgs, markup := a.render(reply), a.keyboard(reply)
	if len(msgs) == 0 {
		return
	}
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
	for i, text := range msgs[1:] {
		if _, err := a.sendMessage(ctx, chatID, func(id int64) tgbotapi.Params {
			kb := (*tgbotapi.InlineKeyboardMarkup)(nil)
			if i == len(msgs)-2 {
				kb = markup
			}
			return messageParams(id, topic, text, 0, kb)
		}); err != nil {
			a.log.Warn("sending the rest of a reply", "chat", chatID, "err", a.client.redact(err))
			return
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

// render returns r's messages, from the render cache when r is stable.
// Keyboards are built for each send: their buttons carry who asked.
func (a *Adapter) render(r *bot.Reply) []string {
	return a.renders.Render(r, func(r *bot.Reply) ([]string, bool) { return Render(r, MaxText), true })
}
