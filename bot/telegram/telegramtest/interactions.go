package telegramtest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Limits of answerCallbackQuery and answerInlineQuery.
const (
	maxCallbackAnswerText = 200
	maxInlineResults      = 50
	maxInlineResultID     = 64
	maxNextOffset         = 64
)

// CallbackAnswer is a successful answerCallbackQuery call.
type CallbackAnswer struct {
	QueryID   string
	Text      string
	ShowAlert bool
	URL       string
	CacheTime int
	Time      time.Time
}

// InlineAnswer is a successful answerInlineQuery call.
type InlineAnswer struct {
	QueryID    string
	Results    []json.RawMessage // the results exactly as sent
	ResultIDs  []string
	NextOffset string
	CacheTime  int
	IsPersonal bool
	Time       time.Time
}

const queryTooOld = "query is too old and response timeout expired or query ID is invalid"

// answerLocked marks an issued callback or inline query answered; each may
// be answered once.
func answerLocked(issued map[string]bool, id string) *apiError {
	if answered, ok := issued[id]; !ok || answered {
		return badRequest(queryTooOld)
	}
	issued[id] = true
	return nil
}

func (s *Server) handleAnswerCallbackQuery(rq *request) (okResult, *apiError) {
	p := rq.p
	if utf16Len(p.get("text")) > maxCallbackAnswerText {
		return okResult{}, badRequest("MESSAGE_TOO_LONG")
	}
	id := p.get("callback_query_id")
	return s.gated(rq, func(*chatState) (okResult, *apiError) {
		if e := answerLocked(s.cbs, id); e != nil {
			return okResult{}, e
		}
		ct, _ := p.int64("cache_time")
		s.cbAns = append(s.cbAns, CallbackAnswer{QueryID: id, Text: p.get("text"), ShowAlert: p.bool("show_alert"),
			URL: p.get("url"), CacheTime: int(ct), Time: rq.at})
		return okResult{result: true}, nil
	})
}

func (s *Server) handleAnswerInlineQuery(rq *request) (okResult, *apiError) {
	p := rq.p
	var results []json.RawMessage
	if err := json.Unmarshal([]byte(p.get("results")), &results); err != nil {
		return okResult{}, badRequest("can't parse results JSON array")
	}
	if len(results) > maxInlineResults {
		return okResult{}, badRequest("RESULTS_TOO_MUCH")
	}
	if len(p.get("next_offset")) > maxNextOffset {
		return okResult{}, badRequest("NEXT_OFFSET_INVALID")
	}
	ids := make([]string, 0, len(results))
	seen := make(map[string]bool, len(results))
	for i, raw := range results {
		id, e := checkInlineResult(i, raw)
		if e != nil {
			return okResult{}, e
		}
		if seen[id] {
			return okResult{}, badRequest("RESULT_ID_DUPLICATE")
		}
		seen[id] = true
		ids = append(ids, id)
	}
	qid := p.get("inline_query_id")
	return s.gated(rq, func(*chatState) (okResult, *apiError) {
		if e := answerLocked(s.inlines, qid); e != nil {
			return okResult{}, e
		}
		ct, _ := p.int64("cache_time")
		s.inAns = append(s.inAns, InlineAnswer{QueryID: qid, Results: results, ResultIDs: ids, NextOffset: p.get("next_offset"),
			CacheTime: int(ct), IsPersonal: p.bool("is_personal"), Time: rq.at})
		return okResult{result: true}, nil
	})
}

// checkInlineResult checks result i of answerInlineQuery (past the spec
// check): its id, the text it sends and its keyboard. It returns the id.
func checkInlineResult(i int, raw json.RawMessage) (string, *apiError) {
	var r struct {
		ID                  any             `json:"id"`
		ReplyMarkup         json.RawMessage `json:"reply_markup"`
		InputMessageContent *struct {
			MessageText *string `json:"message_text"`
			ParseMode   string  `json:"parse_mode"`
		} `json:"input_message_content"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return "", badRequest(fmt.Sprintf("can't parse inline query result %d", i))
	}
	id, _ := r.ID.(string)
	if id == "" || len(id) > maxInlineResultID {
		return "", badRequest("RESULT_ID_INVALID")
	}
	var e *apiError
	if c := r.InputMessageContent; c != nil && c.MessageText != nil {
		_, _, e = renderText(*c.MessageText, c.ParseMode)
	}
	if m := string(r.ReplyMarkup); e == nil && m != "" && m != "null" {
		_, e = checkReplyMarkup(m)
	}
	if e != nil {
		e.note = fmt.Sprintf("in inline result %q", id)
	}
	return id, e
}

// commandEntities marks bot commands ("/start", "/help@SomeBot") that begin
// the text or follow whitespace, as Telegram does for incoming messages.
func commandEntities(text string) []tgbotapi.MessageEntity {
	var out []tgbotapi.MessageEntity
	for i := 0; i < len(text); i++ {
		if text[i] != '/' || (i > 0 && !isHTMLSpace(text[i-1])) {
			continue
		}
		j := i + 1
		for j < len(text) && j-i-1 < 64 && (isAlnum(text[j]) || text[j] == '_') {
			j++
		}
		if j == i+1 {
			continue
		}
		if j < len(text) && text[j] == '@' {
			k := j + 1
			for k < len(text) && (isAlnum(text[k]) || text[k] == '_') {
				k++
			}
			if k-j-1 >= 3 {
				j = k
			}
		}
		out = append(out, tgbotapi.MessageEntity{Type: "bot_command", Offset: utf16Len(text[:i]), Length: j - i})
		i = j - 1
	}
	return out
}

// SendText pushes a text message from a user in a chat (registering both) and
// returns the pushed update. Leading "/command" and "/command@bot" words get
// bot_command entities.
func (s *Server) SendText(chat Chat, from User, text string) tgbotapi.Update {
	return s.sendText(chat, 0, from, text)
}

// SendTopicText pushes a text message from a user in a topic of a forum
// supergroup (see CreateTopic), as SendText does: the message carries the
// topic's message_thread_id and is_topic_message.
func (s *Server) SendTopicText(chat Chat, topic int, from User, text string) tgbotapi.Update {
	chat.Type, chat.IsForum = "supergroup", true
	return s.sendText(chat, topic, from, text)
}

func (s *Server) sendText(chat Chat, topic int, from User, text string) tgbotapi.Update {
	s.mu.Lock()
	cs := s.ensureChatLocked(chat)
	s.ensureUserLocked(from)
	msg := &tgbotapi.Message{From: from.tg(), Date: int(s.now().Unix()), Chat: s.tgChatLocked(cs),
		Text: text, Entities: commandEntities(text)}
	s.mu.Unlock()
	return s.pushUpdate(tgbotapi.Update{Message: msg}, topic)
}

// ChannelPost pushes a post in a channel (registering it) and returns the update.
func (s *Server) ChannelPost(chat Chat, text string) tgbotapi.Update {
	if chat.Type == "" {
		chat.Type = "channel"
	}
	s.mu.Lock()
	cs := s.ensureChatLocked(chat)
	c := s.tgChatLocked(cs)
	msg := &tgbotapi.Message{SenderChat: c, Date: int(s.now().Unix()), Chat: c, Text: text, Entities: commandEntities(text)}
	s.mu.Unlock()
	return s.PushUpdate(tgbotapi.Update{ChannelPost: msg})
}

// PressButton pushes a callback query as if from pressed an inline button with
// callback data on message messageID in chat, and returns the query id that
// answerCallbackQuery must use (once). A message in a forum topic comes
// with its message_thread_id, as Telegram sends it.
func (s *Server) PressButton(chat Chat, from User, messageID int, data string) string {
	s.mu.Lock()
	cs := s.ensureChatLocked(chat)
	s.ensureUserLocked(from)
	msg := &tgbotapi.Message{MessageID: messageID, Chat: s.tgChatLocked(cs)}
	topic := 0
	if rec := cs.msgs[messageID]; rec != nil {
		topic = rec.m.Thread
		msg.Date = int(rec.m.Date.Unix())
		msg.Text = rec.m.PlainText
		if rec.fromBot {
			msg.From = s.bot.tg()
			msg.From.IsBot = true
		}
		if rec.m.ReplyMarkup != "" {
			var kb tgbotapi.InlineKeyboardMarkup
			if json.Unmarshal([]byte(rec.m.ReplyMarkup), &kb) == nil {
				msg.ReplyMarkup = &kb
			}
		}
	}
	id := s.newQueryIDLocked()
	s.mu.Unlock()
	s.pushUpdate(tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{ID: id, From: from.tg(), Message: msg,
		ChatInstance: strconv.FormatInt(chat.ID*7919+104729, 10), Data: data}}, topic)
	return id
}

// InlineQuery pushes an inline query from a user and returns its id, which
// answerInlineQuery must use (once).
func (s *Server) InlineQuery(from User, query, offset string) string {
	s.mu.Lock()
	s.ensureUserLocked(from)
	id := s.newQueryIDLocked()
	s.mu.Unlock()
	s.PushUpdate(tgbotapi.Update{InlineQuery: &tgbotapi.InlineQuery{ID: id, From: from.tg(), Query: query, Offset: offset}})
	return id
}
