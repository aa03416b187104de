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
	atOnce  bool            // answer every getUpdates at once (AnswerAtOnce)
}

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

// setAllowed replaces allowed_updates; an empty list restores the default set.
func (u *updateQueue) setAllowed(list []string) {
	u.allowed = nil
	if len(list) > 0 {
		u.allowed = make(map[string]bool, len(list))
		for _, t := range list {
			u.allowed[t] = true
		}
	}
}

// parseAllowedUpdates reads allowed_updates (getUpdates, setWebhook); nil
// when absent, null or blank.
func parseAllowedUpdates(p params) ([]string, *apiError) {
	raw := p.jsonParam("allowed_updates")
	if raw == "" {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		return nil, badRequest("can't parse allowed_updates JSON array")
	}
	return list, nil
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

// add queues the JSON of update id and wakes long polls.
func (u *updateQueue) add(id int, data []byte) {
	u.next = max(u.next, id+1)
	u.q = append(u.q, queuedUpdate{id: id, data: data})
	u.wake()
}

const webhookActive = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"

func (s *Server) handleGetUpdates(rq *request) (okResult, *apiError) {
	p := rq.p
	limit := int64(100)
	if l, ok := p.int64("limit"); ok {
		limit = min(max(l, 1), 100)
	}
	timeout, _ := p.int64("timeout")
	allowed, e := parseAllowedUpdates(p)
	if e != nil {
		return okResult{}, e
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.scriptedLocked(rq); e != nil {
		return okResult{}, e
	}
	if s.webhook.URL != "" {
		return okResult{}, &apiError{code: http.StatusConflict, violation: true, desc: webhookActive}
	}
	if off, ok := p.int64("offset"); ok {
		s.upd.confirm(off)
		s.notifyLocked()
	}
	if p.has("allowed_updates") {
		s.upd.setAllowed(allowed)
	}
	s.upd.gen++
	gen := s.upd.gen
	s.upd.wake() // an older poll still waiting is terminated with 409

	var timer <-chan time.Time
	if timeout > 0 && !s.upd.atOnce {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		timer = t.C
	}
	for {
		switch {
		case s.closed:
			return okResult{result: json.RawMessage("[]")}, nil
		case s.upd.gen != gen:
			return okResult{}, &apiError{code: http.StatusConflict,
				desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		case s.webhook.URL != "":
			return okResult{}, &apiError{code: http.StatusConflict, violation: true, desc: webhookActive}
		case len(s.upd.q) > 0:
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
		case timer == nil:
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
		case <-rq.ctx.Done():
			gone = true
		}
		s.mu.Lock()
		s.upd.parked--
		if gone {
			return okResult{result: json.RawMessage("[]")}, nil
		}
	}
}

// AnswerAtOnce makes getUpdates answer at once, with an empty list when
// nothing is queued, whatever its timeout: a proxy that does not hold long
// polls behaves so. AnswerAtOnce(false) restores long polling.
func (s *Server) AnswerAtOnce(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.upd.atOnce = on
}

// PushUpdate queues an update for the bot and returns it as queued. The server
// assigns update_id if it is zero (a non-zero id must be larger than any
// before; a smaller one is a violation and replaced), assigns callback/inline
// query ids if empty, and registers the chats, users, messages and query ids
// the update mentions. Like Telegram, it drops updates of a type excluded by
// the bot's allowed_updates.
func (s *Server) PushUpdate(u tgbotapi.Update) tgbotapi.Update { return s.pushUpdate(u, 0) }

// pushUpdate is PushUpdate for a message sent in forum topic (0: none),
// whose message_thread_id tgbotapi cannot encode.
func (s *Server) pushUpdate(u tgbotapi.Update, topic int) tgbotapi.Update {
	s.mu.Lock()
	s.registerLocked(&u, topic)
	s.mu.Unlock()
	id := u.UpdateID
	u.UpdateID = 0
	data, err := json.Marshal(&u) // outside the lock: benchmarks push many
	if err == nil && topic != 0 {
		data, err = inTopic(data, topic)
	}
	// What follows update_id: the update's one non-null member, or "}".
	rest := bytes.TrimPrefix(bytes.TrimPrefix(stripNulls(data), []byte(`{"update_id":0`)), []byte(","))
	typ := ""
	if r, ok := bytes.CutPrefix(rest, []byte(`"`)); ok {
		name, _, _ := bytes.Cut(r, []byte(`"`))
		typ = string(name)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.violationLocked("telegramtest: PushUpdate: cannot encode the update: " + err.Error())
		return u
	}
	if id < s.upd.next {
		if id != 0 {
			s.violationLocked(fmt.Sprintf("telegramtest: PushUpdate: update_id %d is not above the last one (%d); queued as %d", id, s.upd.next-1, s.upd.next))
		}
		id = s.upd.next
	}
	u.UpdateID = id
	if !s.upd.allows(typ) {
		s.upd.next = id + 1
		return u
	}
	s.upd.add(id, withUpdateID(id, rest))
	s.notifyLocked()
	return u
}

// QueueRawUpdate queues raw, as given, as the next update getUpdates
// delivers (not filtered by allowed_updates), for tests of malformed or
// unusual updates, and returns its update_id: raw's own numeric update_id
// if it has one (it should be above the last one), else the next id,
// inserted first when raw is a JSON object. Anything else (an array, a
// number, broken JSON) is delivered verbatim; a getUpdates answer is then
// not valid JSON, which Telegram never sends.
func (s *Server) QueueRawUpdate(raw []byte) int {
	raw = bytes.Clone(raw)
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.upd.next
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil && obj != nil {
		if n, err := strconv.Atoi(string(obj["update_id"])); err == nil {
			id = n
		} else if _, ok := obj["update_id"]; !ok {
			raw = withUpdateID(id, bytes.TrimPrefix(bytes.TrimSpace(raw), []byte("{")))
		}
	}
	s.upd.add(id, raw)
	s.notifyLocked()
	return id
}

// withUpdateID makes a JSON object whose first member is update_id; rest is
// the rest of an object after its "{" (members and the closing "}").
func withUpdateID(id int, rest []byte) []byte {
	out := strconv.AppendInt(append(make([]byte, 0, len(rest)+24), `{"update_id":`...), int64(id), 10)
	if r := bytes.TrimSpace(rest); len(r) > 0 && r[0] != '}' {
		out = append(out, ',')
	}
	return append(out, rest...)
}

func (s *Server) newQueryIDLocked() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

// inTopic adds the forum topic to an encoded update: to its message, or to
// the message of its callback query (a button pressed in the topic).
func inTopic(data []byte, topic int) ([]byte, error) {
	var obj map[string]any
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	m, _ := obj["message"].(map[string]any)
	if cq, ok := obj["callback_query"].(map[string]any); ok {
		m, _ = cq["message"].(map[string]any)
	}
	if m == nil {
		return data, nil
	}
	m["message_thread_id"], m["is_topic_message"] = topic, true
	if chat, ok := m["chat"].(map[string]any); ok {
		chat["is_forum"] = true
	}
	delete(obj, "update_id") // written first, as pushUpdate expects
	out, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	return append([]byte(`{"update_id":0,`), out[1:]...), nil
}

// registerLocked records what an update tells the server about the world;
// a message sent in a forum topic is recorded in it.
func (s *Server) registerLocked(u *tgbotapi.Update, topic int) {
	for _, m := range []*tgbotapi.Message{u.Message, u.EditedMessage, u.ChannelPost, u.EditedChannelPost} {
		if m == nil || m.Chat == nil {
			continue
		}
		cs := s.ensureChatLocked(Chat{ID: m.Chat.ID, Type: m.Chat.Type, Title: m.Chat.Title, Username: m.Chat.UserName})
		if cs.Type == "private" && cs.Title == "" {
			cs.Title = m.Chat.FirstName
		}
		if m.From != nil {
			s.ensureUserLocked(userOf(m.From))
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
			rec := &msgRecord{m: Message{ID: m.MessageID, Text: m.Text, PlainText: m.Text, Date: time.Unix(int64(m.Date), 0)}}
			if m == u.Message {
				rec.m.Thread = topic
			}
			cs.addMessage(rec)
		}
	}
	if cq := u.CallbackQuery; cq != nil {
		s.registerQueryLocked(s.cbs, &cq.ID, cq.From)
	}
	if iq := u.InlineQuery; iq != nil {
		s.registerQueryLocked(s.inlines, &iq.ID, iq.From)
	}
	if cm := u.MyChatMember; cm != nil {
		s.ensureChatLocked(Chat{ID: cm.Chat.ID, Type: cm.Chat.Type, Title: cm.Chat.Title, Username: cm.Chat.UserName})
	}
}

// registerQueryLocked issues a callback or inline query id (assigning one if
// empty) and registers the user who sent it.
func (s *Server) registerQueryLocked(issued map[string]bool, id *string, from *tgbotapi.User) {
	if *id == "" {
		*id = s.newQueryIDLocked()
	}
	issued[*id] = false
	if from != nil {
		s.ensureUserLocked(userOf(from))
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
