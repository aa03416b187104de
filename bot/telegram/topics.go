package telegram

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// update is a Telegram update with what tgbotapi v5.5.1 does not decode:
// the forum topic a message was sent in.
type update struct {
	tgbotapi.Update
	// topic is the message_thread_id of a message sent in a forum topic
	// (is_topic_message), or of the message whose button was pressed; 0
	// otherwise: the chat's General topic, a reply thread of a plain group,
	// a private chat.
	topic int
}

// topicMessage is what tgbotapi leaves out of a message: its topic.
type topicMessage struct {
	Thread  int  `json:"message_thread_id"`
	IsTopic bool `json:"is_topic_message"`
}

func (m *topicMessage) topic() int {
	if m == nil || !m.IsTopic {
		return 0
	}
	return m.Thread
}

// UnmarshalJSON decodes the update as tgbotapi does, and its topic.
func (u *update) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &u.Update); err != nil {
		return err
	}
	var raw struct {
		Message       *topicMessage `json:"message"`
		CallbackQuery *struct {
			Message *topicMessage `json:"message"`
		} `json:"callback_query"`
	}
	if json.Unmarshal(b, &raw) != nil {
		return nil
	}
	u.topic = raw.Message.topic()
	if raw.CallbackQuery != nil {
		u.topic = raw.CallbackQuery.Message.topic()
	}
	return nil
}

// topicOf is the topic of a bot.Chat's Thread (0: none).
func topicOf(thread string) int {
	n, err := strconv.Atoi(thread)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func threadOf(topic int) string {
	if topic == 0 {
		return ""
	}
	return strconv.Itoa(topic)
}

// messageParams are sendMessage's parameters for one message of a reply:
// HTML without link previews, in topic (message_thread_id, which tgbotapi
// v5 lacks, hence explicit parameters), replying to replyTo if it still
// exists, with markup under it.
func messageParams(chatID int64, topic int, text string, replyTo int, markup *tgbotapi.InlineKeyboardMarkup) tgbotapi.Params {
	p := tgbotapi.Params{"text": text, "parse_mode": tgbotapi.ModeHTML}
	p.AddNonZero64("chat_id", chatID)
	p.AddNonZero("message_thread_id", topic)
	p.AddBool("disable_web_page_preview", true)
	p.AddNonZero("reply_to_message_id", replyTo)
	p.AddBool("allow_sending_without_reply", replyTo != 0)
	if markup != nil {
		_ = p.AddInterface("reply_markup", *markup) // a keyboard of strings always encodes
	}
	return p
}

// sendMessage sends the message params builds for chatID through send's
// limiter, retries and migrations.
func (a *Adapter) sendMessage(ctx context.Context, chatID int64, build func(chatID int64) tgbotapi.Params) (tgbotapi.Message, error) {
	return a.deliver(ctx, chatID, func(id int64) (tgbotapi.Message, error) {
		resp, err := a.api.MakeRequest("sendMessage", build(id))
		var m tgbotapi.Message
		if err == nil {
			err = json.Unmarshal(resp.Result, &m)
		}
		return m, err
	})
}

// typing shows "typing…" in a chat's topic while the bot works through
// several requests at once. It is a hint: a failure is only logged.
func (a *Adapter) typing(chatID int64, topic int) {
	p := tgbotapi.Params{"action": tgbotapi.ChatTyping}
	p.AddNonZero64("chat_id", chatID)
	p.AddNonZero("message_thread_id", topic)
	if _, err := a.api.MakeRequest("sendChatAction", p); err != nil {
		a.log.Debug("sendChatAction", "chat", chatID, "err", a.client.redact(err))
	}
}

// busyChats counts the updates of each chat waiting for or in the hands of
// a worker. A chat with several at once is busy until all are answered:
// each of its answers is preceded by a typing action, so people who asked
// at the same time see the bot working through them, in order.
type busyChats struct {
	mu    sync.Mutex
	n     map[int64]int
	burst map[int64]bool
}

func (b *busyChats) add(chat int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.n == nil {
		b.n, b.burst = map[int64]int{}, map[int64]bool{}
	}
	b.n[chat]++
	if b.n[chat] > 1 {
		b.burst[chat] = true
	}
}

func (b *busyChats) done(chat int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.n[chat]--; b.n[chat] <= 0 {
		delete(b.n, chat)
		delete(b.burst, chat)
	}
}

// busy reports whether chat has had several updates pending at once since
// it was last idle.
func (b *busyChats) busy(chat int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.burst[chat]
}
