package telegramtest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

type handlerFunc func(s *Server, rq *request, r *http.Request) (okResult, *apiError)

var handlers map[string]handlerFunc

func init() {
	handlers = map[string]handlerFunc{
		"getMe":                  (*Server).handleGetMe,
		"getUpdates":             (*Server).handleGetUpdates,
		"sendMessage":            (*Server).handleSendMessage,
		"editMessageText":        (*Server).handleEditMessageText,
		"editMessageReplyMarkup": (*Server).handleEditMessageReplyMarkup,
		"deleteMessage":          (*Server).handleDeleteMessage,
		"sendChatAction":         (*Server).handleSendChatAction,
		"answerCallbackQuery":    (*Server).handleAnswerCallbackQuery,
		"answerInlineQuery":      (*Server).handleAnswerInlineQuery,
		"setMyCommands":          (*Server).handleSetMyCommands,
		"getMyCommands":          (*Server).handleGetMyCommands,
		"deleteMyCommands":       (*Server).handleDeleteMyCommands,
		"setWebhook":             (*Server).handleSetWebhook,
		"deleteWebhook":          (*Server).handleDeleteWebhook,
		"getWebhookInfo":         (*Server).handleGetWebhookInfo,
		"getChat":                (*Server).handleGetChat,
		"getChatMember":          (*Server).handleGetChatMember,
		"getChatAdministrators":  (*Server).handleGetChatAdministrators,
		"leaveChat":              (*Server).handleLeaveChat,
	}
}

func (s *Server) handleGetMe(rq *request, _ *http.Request) (okResult, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.scriptedLocked(rq); e != nil {
		return okResult{}, e
	}
	return okResult{result: map[string]any{
		"id": s.bot.ID, "is_bot": true, "first_name": s.bot.FirstName, "username": s.bot.Username,
		"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": true,
		"can_connect_to_business": false, "has_main_web_app": false,
	}}, nil
}

// givenEntities decodes an explicit entities parameter (already spec-checked).
func givenEntities(p params, name string) []entity {
	raw := p.jsonParam(name)
	if raw == "" {
		return nil
	}
	var ents []entity
	_ = json.Unmarshal([]byte(raw), &ents)
	return ents
}

// replyTarget validates reply_to_message_id / reply_parameters.
func replyTarget(cs *chatState, p params) (int, *apiError) {
	id, _ := p.int64("reply_to_message_id")
	allowMissing := p.bool("allow_sending_without_reply")
	if raw := p.jsonParam("reply_parameters"); raw != "" {
		var rp struct {
			MessageID                int   `json:"message_id"`
			ChatID                   any   `json:"chat_id"`
			AllowSendingWithoutReply *bool `json:"allow_sending_without_reply"`
		}
		if json.Unmarshal([]byte(raw), &rp) == nil && rp.ChatID == nil {
			id = int64(rp.MessageID)
			if rp.AllowSendingWithoutReply != nil {
				allowMissing = *rp.AllowSendingWithoutReply
			}
		}
	}
	if id == 0 {
		return 0, nil
	}
	if rec := cs.msgs[int(id)]; rec == nil || rec.deleted {
		if allowMissing {
			return 0, nil
		}
		return 0, badRequest("message to be replied not found")
	}
	return int(id), nil
}

func (s *Server) handleSendMessage(rq *request, _ *http.Request) (okResult, *apiError) {
	p := rq.p
	text, mode := p.get("text"), p.get("parse_mode")
	plain, ents, e := renderText(text, mode, givenEntities(p, "entities"), kindMessage)
	if e != nil {
		return okResult{}, e
	}
	raw := p.jsonParam("reply_markup")
	markup, e := checkReplyMarkup(raw, false)
	if e != nil {
		return okResult{}, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, e := s.gateLocked(rq)
	if e != nil {
		return okResult{}, e
	}
	replyTo, e := replyTarget(cs, p)
	if e != nil {
		return okResult{}, e
	}
	rec := cs.addMessage(&msgRecord{fromBot: true, ents: ents, inline: strings.Contains(raw, "inline_keyboard"),
		m: Message{Method: rq.method, Text: text, ParseMode: mode, PlainText: plain, ReplyMarkup: markup, ReplyTo: replyTo, Date: rq.at}})
	return okResult{result: s.messageJSONLocked(cs, rec)}, nil
}

// editTarget finds the bot message an edit names. It returns nil, nil for
// inline messages (inline_message_id), which the server does not track.
func (s *Server) editTargetLocked(rq *request, cs *chatState, verb string) (*msgRecord, *apiError) {
	if rq.p.has("inline_message_id") {
		return nil, nil
	}
	if cs == nil {
		return nil, badRequest("chat_id is empty")
	}
	mid, ok := rq.p.int64("message_id")
	if !ok {
		return nil, badRequest("message identifier is not specified")
	}
	rec := cs.msgs[int(mid)]
	if rec == nil || rec.deleted {
		return nil, badRequest("message to " + verb + " not found")
	}
	if !rec.fromBot {
		return nil, badRequest("message can't be " + verb + "ed")
	}
	return rec, nil
}

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

func (s *Server) handleEditMessageText(rq *request, _ *http.Request) (okResult, *apiError) {
	p := rq.p
	if !p.has("text") && p.has("rich_message") {
		return s.handleGeneric(rq, nil)
	}
	text, mode := p.get("text"), p.get("parse_mode")
	plain, ents, e := renderText(text, mode, givenEntities(p, "entities"), kindMessage)
	if e != nil {
		return okResult{}, e
	}
	markup, e := checkReplyMarkup(p.jsonParam("reply_markup"), true)
	if e != nil {
		return okResult{}, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, e := s.gateLocked(rq)
	if e != nil {
		return okResult{}, e
	}
	rec, e := s.editTargetLocked(rq, cs, "edit")
	if e != nil || rec == nil {
		return okResult{result: true}, e
	}
	if rec.m.Method != "sendMessage" {
		return okResult{}, badRequest("there is no text in the message to edit")
	}
	if plain == rec.m.PlainText && slices.Equal(ents, rec.ents) && markup == rec.inlineMarkup() {
		return okResult{}, badRequest(notModified)
	}
	rec.m.Text, rec.m.ParseMode, rec.m.PlainText, rec.ents = text, mode, plain, ents
	rec.m.ReplyMarkup, rec.inline = markup, markup != ""
	rec.m.Edits++
	rec.editDate = rq.at
	return okResult{result: s.messageJSONLocked(cs, rec)}, nil
}

func (s *Server) handleEditMessageReplyMarkup(rq *request, _ *http.Request) (okResult, *apiError) {
	markup, e := checkReplyMarkup(rq.p.jsonParam("reply_markup"), true)
	if e != nil {
		return okResult{}, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, e := s.gateLocked(rq)
	if e != nil {
		return okResult{}, e
	}
	rec, e := s.editTargetLocked(rq, cs, "edit")
	if e != nil || rec == nil {
		return okResult{result: true}, e
	}
	if markup == rec.inlineMarkup() {
		return okResult{}, badRequest(notModified)
	}
	rec.m.ReplyMarkup, rec.inline = markup, markup != ""
	rec.m.Edits++
	rec.editDate = rq.at
	return okResult{result: s.messageJSONLocked(cs, rec)}, nil
}

func (s *Server) handleDeleteMessage(rq *request, _ *http.Request) (okResult, *apiError) {
	mid, _ := rq.p.int64("message_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, e := s.gateLocked(rq)
	if e != nil {
		return okResult{}, e
	}
	rec := cs.msgs[int(mid)]
	if rec == nil || rec.deleted {
		return okResult{}, badRequest("message to delete not found")
	}
	if !rec.fromBot && cs.Type != "private" && cs.members[s.bot.ID] != "administrator" {
		return okResult{}, badRequest("message can't be deleted")
	}
	rec.deleted = true
	if rec.fromBot {
		cs.live--
	}
	delete(cs.msgs, int(mid))
	return okResult{result: true}, nil
}

var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true,
	"record_voice": true, "upload_voice": true, "upload_document": true, "choose_sticker": true,
	"find_location": true, "record_video_note": true, "upload_video_note": true,
}

func (s *Server) handleSendChatAction(rq *request, _ *http.Request) (okResult, *apiError) {
	if !chatActions[rq.p.get("action")] {
		return okResult{}, badRequest("wrong parameter action in request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, e := s.gateLocked(rq); e != nil {
		return okResult{}, e
	}
	return okResult{result: true}, nil
}

// handleGeneric serves every method without a dedicated handler: the call has
// passed spec validation; captions and keyboards are checked, the usual gate
// applies, send* calls create messages and editMessage* calls need their target.
func (s *Server) handleGeneric(rq *request, _ *http.Request) (okResult, *apiError) {
	p := rq.p
	caption, mode := p.get("caption"), p.get("parse_mode")
	plain, ents, e := renderText(caption, mode, givenEntities(p, "caption_entities"), kindCaption)
	if e != nil {
		return okResult{}, e
	}
	raw := p.jsonParam("reply_markup")
	markup, e := checkReplyMarkup(raw, strings.HasPrefix(rq.method, "edit") || rq.method == "stopPoll")
	if e != nil {
		return okResult{}, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, e := s.gateLocked(rq)
	if e != nil {
		return okResult{}, e
	}
	ret := ""
	if len(rq.spec.Returns) > 0 {
		ret = rq.spec.Returns[0]
	}
	creates := cs != nil && (strings.HasPrefix(rq.method, "send") || rq.method == "forwardMessage" || rq.method == "copyMessage")
	switch {
	case creates && (ret == "Message" || ret == "MessageId"):
		replyTo, e := replyTarget(cs, p)
		if e != nil {
			return okResult{}, e
		}
		rec := cs.addMessage(&msgRecord{fromBot: true, ents: ents, inline: strings.Contains(raw, "inline_keyboard"),
			m: Message{Method: rq.method, Text: caption, ParseMode: mode, PlainText: plain, ReplyMarkup: markup, ReplyTo: replyTo, Date: rq.at}})
		if ret == "MessageId" {
			return okResult{result: map[string]int{"message_id": rec.m.ID}}, nil
		}
		return okResult{result: s.messageJSONLocked(cs, rec)}, nil
	case creates && ret == "Array of Message":
		var media []json.RawMessage
		_ = json.Unmarshal([]byte(p.jsonParam("media")), &media)
		out := make([]json.RawMessage, 0, len(media))
		for range media {
			rec := cs.addMessage(&msgRecord{fromBot: true, m: Message{Method: rq.method, Date: rq.at}})
			out = append(out, s.messageJSONLocked(cs, rec))
		}
		return okResult{result: out}, nil
	case strings.HasPrefix(rq.method, "editMessage"):
		rec, e := s.editTargetLocked(rq, cs, "edit")
		if e != nil || rec == nil {
			return okResult{result: true}, e
		}
		if rq.method == "editMessageCaption" {
			if plain == rec.m.PlainText && slices.Equal(ents, rec.ents) && markup == rec.inlineMarkup() {
				return okResult{}, badRequest(notModified)
			}
			rec.m.Text, rec.m.ParseMode, rec.m.PlainText, rec.ents = caption, mode, plain, ents
		}
		if p.has("reply_markup") || rq.method == "editMessageCaption" {
			rec.m.ReplyMarkup, rec.inline = markup, markup != ""
		}
		rec.m.Edits++
		rec.editDate = rq.at
		return okResult{result: s.messageJSONLocked(cs, rec)}, nil
	}
	return okResult{result: genericResult(rq.spec)}, nil
}
