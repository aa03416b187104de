package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

type queuedUpdate struct {
	id   int
	data []byte
}

// updateQueue holds unconfirmed updates and wakes long polls.
type updateQueue struct {
	q       []queuedUpdate
	next    int             // next update_id to assign
	wakeCh  chan struct{}   // closed to wake waiting long polls; created lazily
	gen     uint64          // incremented by every getUpdates; older polls answer 409
	parked  int             // long polls currently waiting
	allowed map[string]bool // nil: the default set
}

func (u *updateQueue) init() { u.next = 1 }

func (u *updateQueue) wake() {
	if u.wakeCh != nil {
		close(u.wakeCh)
		u.wakeCh = nil
	}
}

func (u *updateQueue) waitCh() chan struct{} {
	if u.wakeCh == nil {
		u.wakeCh = make(chan struct{})
	}
	return u.wakeCh
}

// allows applies allowed_updates; by default everything but chat_member and reactions.
func (u *updateQueue) allows(typ string) bool {
	if u.allowed == nil {
		return typ != "chat_member" && typ != "message_reaction" && typ != "message_reaction_count"
	}
	return u.allowed[typ]
}

// confirm forgets updates as getUpdates' offset prescribes.
func (u *updateQueue) confirm(offset int64) {
	switch {
	case offset > 0:
		k := 0
		for k < len(u.q) && int64(u.q[k].id) < offset {
			k++
		}
		u.q = u.q[k:]
	case offset < 0:
		if keep := int(-offset); len(u.q) > keep {
			u.q = u.q[len(u.q)-keep:]
		}
	}
	if len(u.q) == 0 {
		u.q = nil // let the backing array go
	}
}

func updateType(u *tgbotapi.Update) string {
	switch {
	case u.Message != nil:
		return "message"
	case u.EditedMessage != nil:
		return "edited_message"
	case u.ChannelPost != nil:
		return "channel_post"
	case u.EditedChannelPost != nil:
		return "edited_channel_post"
	case u.InlineQuery != nil:
		return "inline_query"
	case u.ChosenInlineResult != nil:
		return "chosen_inline_result"
	case u.CallbackQuery != nil:
		return "callback_query"
	case u.ShippingQuery != nil:
		return "shipping_query"
	case u.PreCheckoutQuery != nil:
		return "pre_checkout_query"
	case u.Poll != nil:
		return "poll"
	case u.PollAnswer != nil:
		return "poll_answer"
	case u.MyChatMember != nil:
		return "my_chat_member"
	case u.ChatMember != nil:
		return "chat_member"
	case u.ChatJoinRequest != nil:
		return "chat_join_request"
	}
	return ""
}

func (s *Server) handleGetUpdates(rq *request, r *http.Request) (okResult, *apiError) {
	p := rq.p
	limit := int64(100)
	if l, ok := p.int64("limit"); ok {
		limit = min(max(l, 1), 100)
	}
	timeout, _ := p.int64("timeout")
	var allowed map[string]bool
	if raw := p.jsonParam("allowed_updates"); raw != "" {
		var list []string
		if err := json.Unmarshal([]byte(raw), &list); err != nil {
			return okResult{}, badRequest("can't parse allowed_updates JSON array")
		}
		if len(list) > 0 {
			allowed = make(map[string]bool, len(list))
			for _, t := range list {
				allowed[t] = true
			}
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.scriptedLocked(rq); e != nil {
		return okResult{}, e
	}
	if s.webhook.URL != "" {
		return okResult{}, &apiError{code: http.StatusConflict, violation: true,
			desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	if off, ok := p.int64("offset"); ok {
		s.upd.confirm(off)
		s.notifyLocked()
	}
	if p.has("allowed_updates") {
		s.upd.allowed = allowed
	}
	s.upd.gen++
	gen := s.upd.gen
	s.upd.wake() // an older poll still waiting is terminated with 409

	var timer <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		timer = t.C
	}
	for {
		if s.closed {
			return okResult{result: json.RawMessage("[]")}, nil
		}
		if s.upd.gen != gen {
			return okResult{}, &apiError{code: http.StatusConflict,
				desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		if s.webhook.URL != "" {
			return okResult{}, &apiError{code: http.StatusConflict, violation: true,
				desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
		}
		if len(s.upd.q) > 0 {
			n := min(int64(len(s.upd.q)), limit)
			var b bytes.Buffer
			b.WriteByte('[')
			for i, u := range s.upd.q[:n] {
				if i > 0 {
					b.WriteByte(',')
				}
				b.Write(u.data)
			}
			b.WriteByte(']')
			return okResult{result: json.RawMessage(b.Bytes())}, nil
		}
		if timer == nil {
			return okResult{result: json.RawMessage("[]")}, nil
		}
		ch := s.upd.waitCh()
		s.upd.parked++
		s.notifyLocked()
		s.mu.Unlock()
		gone := false
		select {
		case <-ch:
		case <-timer:
			timer = nil
		case <-r.Context().Done():
			gone = true
		}
		s.mu.Lock()
		s.upd.parked--
		if gone {
			return okResult{result: json.RawMessage("[]")}, nil
		}
	}
}

// PushUpdate queues an update for the bot and returns it as queued. The server
// assigns update_id if it is zero (a non-zero id must be larger than any
// before), assigns callback/inline query ids if empty, and registers the chats,
// users, messages and query ids the update mentions. Like Telegram, it drops
// updates of a type excluded by the bot's allowed_updates.
func (s *Server) PushUpdate(u tgbotapi.Update) tgbotapi.Update {
	s.mu.Lock()
	s.registerLocked(&u)
	s.mu.Unlock()
	id := u.UpdateID
	u.UpdateID = 0
	data, err := json.Marshal(&u)
	if err != nil {
		panic("telegramtest: cannot encode update: " + err.Error())
	}
	data = stripNulls(data)
	typ := updateType(&u)

	s.mu.Lock()
	defer s.mu.Unlock()
	if id == 0 {
		id = s.upd.next
	} else if id < s.upd.next {
		panic(fmt.Sprintf("telegramtest: PushUpdate: update_id %d is not above the last one (%d)", id, s.upd.next-1))
	}
	s.upd.next = id + 1
	u.UpdateID = id
	if !s.upd.allows(typ) {
		return u
	}
	const zeroPrefix = `{"update_id":0`
	if bytes.HasPrefix(data, []byte(zeroPrefix)) {
		fixed := make([]byte, 0, len(data)+12)
		fixed = append(fixed, `{"update_id":`...)
		fixed = strconv.AppendInt(fixed, int64(id), 10)
		data = append(fixed, data[len(zeroPrefix):]...)
	}
	s.upd.q = append(s.upd.q, queuedUpdate{id: id, data: data})
	s.upd.wake()
	s.notifyLocked()
	return u
}

func (s *Server) newQueryIDLocked() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

// registerLocked records what an update tells the server about the world.
func (s *Server) registerLocked(u *tgbotapi.Update) {
	for _, m := range []*tgbotapi.Message{u.Message, u.EditedMessage, u.ChannelPost, u.EditedChannelPost} {
		if m == nil || m.Chat == nil {
			continue
		}
		cs := s.ensureChatLocked(Chat{ID: m.Chat.ID, Type: m.Chat.Type, Title: m.Chat.Title, Username: m.Chat.UserName})
		if cs.Type == "private" && cs.Title == "" {
			cs.Title = m.Chat.FirstName
		}
		if m.From != nil {
			s.ensureUserLocked(User{ID: m.From.ID, FirstName: m.From.FirstName, Username: m.From.UserName, LanguageCode: m.From.LanguageCode})
			if _, ok := cs.members[m.From.ID]; !ok && cs.Type != "private" && cs.Type != "channel" {
				cs.members[m.From.ID] = "member"
			}
		}
		if m.Date == 0 {
			m.Date = int(s.now().Unix())
		}
		if m.MessageID == 0 {
			cs.lastMsg++
			m.MessageID = cs.lastMsg
		}
		if cs.msgs[m.MessageID] == nil {
			cs.addMessage(&msgRecord{m: Message{ID: m.MessageID, Text: m.Text, PlainText: m.Text, Date: time.Unix(int64(m.Date), 0)}})
		}
	}
	if cq := u.CallbackQuery; cq != nil {
		if cq.ID == "" {
			cq.ID = s.newQueryIDLocked()
		}
		s.cbs[cq.ID] = &issuedQuery{}
		if cq.From != nil {
			s.ensureUserLocked(User{ID: cq.From.ID, FirstName: cq.From.FirstName, Username: cq.From.UserName})
		}
	}
	if iq := u.InlineQuery; iq != nil {
		if iq.ID == "" {
			iq.ID = s.newQueryIDLocked()
		}
		s.inlines[iq.ID] = &issuedQuery{}
		if iq.From != nil {
			s.ensureUserLocked(User{ID: iq.From.ID, FirstName: iq.From.FirstName, Username: iq.From.UserName})
		}
	}
	if cm := u.MyChatMember; cm != nil {
		s.ensureChatLocked(Chat{ID: cm.Chat.ID, Type: cm.Chat.Type, Title: cm.Chat.Title, Username: cm.Chat.UserName})
	}
}

// stripNulls removes `"key":null` members from compact JSON, so that pushed
// updates look like Telegram's (tgbotapi marshals some nil pointers as null).
func stripNulls(in []byte) []byte {
	if !bytes.Contains(in, []byte(":null")) {
		return in
	}
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c != '"' {
			out = append(out, c)
			continue
		}
		j := i + 1
		for j < len(in) && in[j] != '"' {
			if in[j] == '\\' {
				j++
			}
			j++
		}
		if j+1 < len(in) && in[j+1] == ':' && bytes.HasPrefix(in[j+2:], []byte("null")) {
			// drop the member and one adjacent comma
			if n := len(out); n > 0 && out[n-1] == ',' {
				out = out[:n-1]
			} else if k := j + 6; k < len(in) && in[k] == ',' {
				j++ // skip the following comma instead
			}
			i = j + 5
			continue
		}
		out = append(out, in[i:j+1]...)
		i = j
	}
	return out
}
