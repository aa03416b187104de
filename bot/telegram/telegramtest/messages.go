package telegramtest

import (
	"net/http"
	"slices"
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

// content is the text and keyboard of a call, checked against the rules
// the spec states only in prose.
type content struct {
	text, mode, plain string
	ents              []entity
	markup            string // normalised inline keyboard, "" for none
}

// parseContent checks the text and reply_markup of sendMessage and
// editMessageText.
func parseContent(rq *request) (content, *apiError) {
	c := content{text: rq.p.get("text"), mode: rq.p.get("parse_mode")}
	var e *apiError
	if c.plain, c.ents, e = renderText(c.text, c.mode); e != nil {
		return c, e
	}
	c.markup, e = checkReplyMarkup(rq.p.jsonParam("reply_markup"))
	return c, e
}

// replyTarget validates reply_to_message_id.
func replyTarget(cs *chatState, p params) (int, *apiError) {
	id, _ := p.int64("reply_to_message_id")
	if id == 0 {
		return 0, nil
	}
	if cs.msgs[int(id)] == nil {
		if p.bool("allow_sending_without_reply") {
			return 0, nil
		}
		return 0, badRequest("message to be replied not found")
	}
	return int(id), nil
}

// handleSend serves sendMessage.
func (s *Server) handleSend(rq *request) (okResult, *apiError) {
	c, e := parseContent(rq)
	if e != nil {
		return okResult{}, e
	}
	return s.gated(rq, func(cs *chatState) (okResult, *apiError) {
		replyTo, e := replyTarget(cs, rq.p)
		if e != nil {
			return okResult{}, e
		}
		thread, e := threadTarget(cs, rq.p, replyTo)
		if e != nil {
			return okResult{}, e
		}
		rec := cs.addMessage(&msgRecord{fromBot: true, ents: c.ents, m: Message{
			Text: c.text, ParseMode: c.mode, PlainText: c.plain, ReplyMarkup: c.markup, ReplyTo: replyTo, Thread: thread, Date: rq.at}})
		return okResult{result: s.messageJSONLocked(cs, rec)}, nil
	})
}

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

// handleEdit serves editMessageText: it replaces text and keyboard (no
// reply_markup removes the keyboard) and refuses an edit that changes
// nothing, as Telegram does. Edits of inline messages (inline_message_id)
// succeed untracked.
func (s *Server) handleEdit(rq *request) (okResult, *apiError) {
	c, e := parseContent(rq)
	if e != nil {
		return okResult{}, e
	}
	return s.gated(rq, func(cs *chatState) (okResult, *apiError) {
		if rq.p.has("inline_message_id") {
			return okResult{result: true}, nil
		}
		rec, e := editTarget(rq, cs)
		if e != nil {
			return okResult{}, e
		}
		if c.markup == rec.m.ReplyMarkup && c.plain == rec.m.PlainText && slices.Equal(c.ents, rec.ents) {
			return okResult{}, badRequest(notModified)
		}
		rec.m.Text, rec.m.ParseMode, rec.m.PlainText, rec.ents = c.text, c.mode, c.plain, c.ents
		rec.m.ReplyMarkup = c.markup
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
	if rec == nil {
		return nil, badRequest("message to edit not found")
	}
	if !rec.fromBot {
		return nil, badRequest("message can't be edited")
	}
	return rec, nil
}

func (s *Server) handleSendChatAction(rq *request) (okResult, *apiError) {
	switch rq.p.get("action") {
	case "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
		"upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note":
	default:
		return okResult{}, badRequest("wrong parameter action in request")
	}
	return s.gated(rq, func(cs *chatState) (okResult, *apiError) {
		if cs != nil {
			if _, e := threadTarget(cs, rq.p, 0); e != nil {
				return okResult{}, e
			}
		}
		return okResult{result: true}, nil
	})
}

// handleUnmodelled answers a method of the spec the fake does not model
// (the bot does not call it): the call passed the spec check, so a
// malformed call still gets Telegram's 400, but a well-formed one is
// refused as a violation rather than answered with a made-up result.
func (s *Server) handleUnmodelled(rq *request) (okResult, *apiError) {
	return okResult{}, unmodelled(rq.method + " (add it to the method table in New)")
}

// unmodelled is the answer to a well-formed call the fake does not model.
func unmodelled(what string) *apiError {
	return &apiError{code: http.StatusNotImplemented, violation: true, desc: "Not Implemented: telegramtest does not model " + what}
}
