package telegramtest

import (
	"encoding/json"
	"slices"
	"strings"
)

func (s *Server) handleGetMe(rq *request) (okResult, *apiError) {
	return s.gated(rq, func(*chatState) (okResult, *apiError) {
		return okResult{result: map[string]any{
			"id": s.bot.ID, "is_bot": true, "first_name": s.bot.FirstName, "username": s.bot.Username,
			"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": true,
			"can_connect_to_business": false, "has_main_web_app": false,
		}}, nil
	})
}

// content is the text (or caption) and keyboard of a call, checked against
// the rules the spec states only in prose.
type content struct {
	text, mode, plain string
	ents              []entity
	markup            string // normalised reply_markup, "" for none
	inline            bool   // markup is an inline keyboard
}

// parseContent checks a call's text and reply_markup: "text" for
// sendMessage and editMessageText, "caption" for every other method.
// withText false skips the text (edits that only change a keyboard);
// inlineOnly refuses reply keyboards.
func parseContent(rq *request, withText, inlineOnly bool) (content, *apiError) {
	var c content
	if withText {
		name, entities, kind := "caption", "caption_entities", kindCaption
		if rq.method == "sendMessage" || rq.method == "editMessageText" {
			name, entities, kind = "text", "entities", kindMessage
		}
		c.text, c.mode = rq.p.get(name), rq.p.get("parse_mode")
		var e *apiError
		if c.plain, c.ents, e = renderText(c.text, c.mode, givenEntities(rq.p, entities), kind); e != nil {
			return c, e
		}
	}
	var e *apiError
	c.markup, c.inline, e = checkReplyMarkup(rq.p.jsonParam("reply_markup"), inlineOnly)
	return c, e
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

// returns is the spec's first return type of a method.
func returns(m *methodSpec) string {
	if len(m.Returns) == 0 {
		return ""
	}
	return m.Returns[0]
}

// handleSend serves every method that posts messages: sendMessage, the other
// send* methods, forwardMessage and copyMessage.
func (s *Server) handleSend(rq *request) (okResult, *apiError) {
	c, e := parseContent(rq, true, false)
	if e != nil {
		return okResult{}, e
	}
	return s.gated(rq, func(cs *chatState) (okResult, *apiError) {
		if cs == nil {
			return okResult{result: genericResult(rq.spec)}, nil
		}
		replyTo, e := replyTarget(cs, rq.p)
		if e != nil {
			return okResult{}, e
		}
		if returns(rq.spec) == "Array of Message" { // an album: one message per medium
			var media []json.RawMessage
			_ = json.Unmarshal([]byte(rq.p.jsonParam("media")), &media)
			out := make([]json.RawMessage, 0, len(media))
			for range media {
				rec := cs.addMessage(&msgRecord{fromBot: true, m: Message{Method: rq.method, ReplyTo: replyTo, Date: rq.at}})
				out = append(out, s.messageJSONLocked(cs, rec))
			}
			return okResult{result: out}, nil
		}
		rec := cs.addMessage(&msgRecord{fromBot: true, ents: c.ents, inline: c.inline, m: Message{Method: rq.method,
			Text: c.text, ParseMode: c.mode, PlainText: c.plain, ReplyMarkup: c.markup, ReplyTo: replyTo, Date: rq.at}})
		if returns(rq.spec) == "MessageId" {
			return okResult{result: map[string]int{"message_id": rec.m.ID}}, nil
		}
		return okResult{result: s.messageJSONLocked(cs, rec)}, nil
	})
}

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

// handleEdit serves the editMessage* methods. editMessageText and
// editMessageCaption replace text and keyboard, editMessageReplyMarkup the
// keyboard, and those three refuse an edit that changes nothing, as Telegram
// does; the others (media, live location, ...) replace a keyboard they carry.
// Edits of inline messages (inline_message_id) succeed untracked.
func (s *Server) handleEdit(rq *request) (okResult, *apiError) {
	p := rq.p
	setsText := rq.method == "editMessageCaption" ||
		rq.method == "editMessageText" && (p.has("text") || !p.has("rich_message"))
	compares := setsText || rq.method == "editMessageReplyMarkup"
	c, e := parseContent(rq, setsText, true)
	if e != nil {
		return okResult{}, e
	}
	return s.gated(rq, func(cs *chatState) (okResult, *apiError) {
		if p.has("inline_message_id") {
			return okResult{result: true}, nil
		}
		rec, e := editTarget(rq, cs)
		if e != nil {
			return okResult{}, e
		}
		if setsText && rq.method == "editMessageText" && rec.m.Method != "sendMessage" {
			return okResult{}, badRequest("there is no text in the message to edit")
		}
		if compares && c.markup == rec.inlineMarkup() && (!setsText || c.plain == rec.m.PlainText && slices.Equal(c.ents, rec.ents)) {
			return okResult{}, badRequest(notModified)
		}
		if setsText {
			rec.m.Text, rec.m.ParseMode, rec.m.PlainText, rec.ents = c.text, c.mode, c.plain, c.ents
		}
		if compares || p.has("reply_markup") {
			rec.m.ReplyMarkup, rec.inline = c.markup, c.inline
		}
		rec.m.Edits++
		rec.editDate = rq.at
		return okResult{result: s.messageJSONLocked(cs, rec)}, nil
	})
}

// editTarget finds the bot message an edit names.
func editTarget(rq *request, cs *chatState) (*msgRecord, *apiError) {
	if cs == nil {
		return nil, badRequest("chat_id is empty")
	}
	mid, ok := rq.p.int64("message_id")
	if !ok {
		return nil, badRequest("message identifier is not specified")
	}
	rec := cs.msgs[int(mid)]
	if rec == nil || rec.deleted {
		return nil, badRequest("message to edit not found")
	}
	if !rec.fromBot {
		return nil, badRequest("message can't be edited")
	}
	return rec, nil
}

func (s *Server) handleDeleteMessage(rq *request) (okResult, *apiError) {
	mid, _ := rq.p.int64("message_id")
	return s.gated(rq, func(cs *chatState) (okResult, *apiError) {
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
	})
}

func (s *Server) handleSendChatAction(rq *request) (okResult, *apiError) {
	switch rq.p.get("action") {
	case "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
		"upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note":
	default:
		return okResult{}, badRequest("wrong parameter action in request")
	}
	return s.gated(rq, func(*chatState) (okResult, *apiError) { return okResult{result: true}, nil })
}

// handleGeneric serves every method without an entry in the method table: the
// call has passed the spec check; edits and message-posting methods go to
// handleEdit and handleSend, the rest have captions and keyboards checked,
// pass the gate and answer a result of the type the spec names.
func (s *Server) handleGeneric(rq *request) (okResult, *apiError) {
	ret := returns(rq.spec)
	switch {
	case strings.HasPrefix(rq.method, "editMessage"):
		return s.handleEdit(rq)
	case (strings.HasPrefix(rq.method, "send") || rq.method == "forwardMessage" || rq.method == "copyMessage") &&
		(ret == "Message" || ret == "MessageId" || ret == "Array of Message"):
		return s.handleSend(rq)
	}
	if _, e := parseContent(rq, true, rq.method == "stopPoll"); e != nil {
		return okResult{}, e
	}
	return s.gated(rq, func(*chatState) (okResult, *apiError) { return okResult{result: genericResult(rq.spec)}, nil })
}
