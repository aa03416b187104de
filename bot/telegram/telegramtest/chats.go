package telegramtest

import (
	"encoding/json"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Chat describes a chat known to the server.
type Chat struct {
	ID       int64
	Type     string // "private", "group", "supergroup" or "channel"
	Title    string // group/channel title; for private chats, used as first name if the user is unknown
	Username string // optional public username, without '@'
	// IsForum marks a supergroup with topics (see CreateTopic).
	IsForum bool
}

// User describes a Telegram user known to the server.
type User struct {
	ID           int64
	FirstName    string
	Username     string
	LanguageCode string
}

// PrivateChat returns the private chat between u and the bot.
func (u User) PrivateChat() Chat {
	return Chat{ID: u.ID, Type: "private", Title: u.FirstName, Username: u.Username}
}

func (u User) tg() *tgbotapi.User {
	return &tgbotapi.User{ID: u.ID, FirstName: u.FirstName, UserName: u.Username, LanguageCode: u.LanguageCode}
}

// userOf is the server's record of a user an update names.
func userOf(u *tgbotapi.User) User {
	return User{ID: u.ID, FirstName: u.FirstName, Username: u.UserName, LanguageCode: u.LanguageCode}
}

// Message is the server's view of a message the bot sent.
type Message struct {
	ID          int
	ChatID      int64
	Text        string // current text exactly as sent, markup included
	ParseMode   string
	PlainText   string // text after entity parsing and trimming, as users see it
	ReplyMarkup string // normalised JSON of the current inline keyboard, "" if none
	ReplyTo     int    // id of the message replied to, 0 if none
	Edits       int    // number of successful edits
	Date        time.Time
	Thread      int // forum topic (message_thread_id); 0: the General topic or a chat without topics
}

type msgRecord struct {
	m        Message
	ents     []entity
	fromBot  bool
	editDate time.Time
}

type chatState struct {
	Chat
	lastMsg int
	msgs    map[int]*msgRecord
	botMsgs []*msgRecord
	members map[int64]string // user id -> status ("member", "administrator")
	topics  map[int]string   // forum topics: message_thread_id -> name
}

// ensureChatLocked registers c (updating type, title and username when given).
func (s *Server) ensureChatLocked(c Chat) *chatState {
	cs := s.chats[c.ID]
	if cs == nil {
		if c.Type == "" {
			c.Type = "private"
			if c.ID < 0 {
				c.Type = "group"
			}
		}
		cs = &chatState{Chat: c, msgs: map[int]*msgRecord{}, members: map[int64]string{}}
		s.chats[c.ID] = cs
	} else {
		if c.Type != "" {
			cs.Type = c.Type
		}
		if c.Title != "" {
			cs.Title = c.Title
		}
		if c.Username != "" {
			cs.Username = c.Username
		}
		cs.IsForum = cs.IsForum || c.IsForum
	}
	return cs
}

// CreateTopic opens a topic in a forum supergroup (registering the chat as
// one) and returns its message_thread_id: the id of the service message
// that opens it, as Telegram numbers topics.
func (s *Server) CreateTopic(chat Chat, name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat.Type, chat.IsForum = "supergroup", true
	cs := s.ensureChatLocked(chat)
	rec := cs.addMessage(&msgRecord{m: Message{Date: s.now()}})
	rec.m.Thread = rec.m.ID
	if cs.topics == nil {
		cs.topics = map[int]string{}
	}
	cs.topics[rec.m.ID] = name
	s.notifyLocked()
	return rec.m.ID
}

// threadTarget validates message_thread_id: a topic of the forum the call
// names. A call without one posts in the topic of the message it replies
// to, as Telegram does (0: the General topic).
func threadTarget(cs *chatState, p params, replyTo int) (int, *apiError) {
	id, ok := p.int64("message_thread_id")
	if !ok || id == 0 {
		if r := cs.msgs[replyTo]; r != nil && replyTo != 0 {
			return r.m.Thread, nil
		}
		return 0, nil
	}
	if _, isTopic := cs.topics[int(id)]; !cs.IsForum || !isTopic {
		return 0, badRequest("message thread not found")
	}
	return int(id), nil
}

func (s *Server) ensureUserLocked(u User) {
	if u.ID == 0 {
		return
	}
	old, ok := s.users[u.ID]
	if ok && u.FirstName == "" {
		u.FirstName = old.FirstName
	}
	s.users[u.ID] = u
}

// AddChat registers a chat, e.g. a channel or group the bot was added to, so
// that calls naming it succeed.
func (s *Server) AddChat(c Chat) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ensureChatLocked(c)
}

// SetAdmin makes userID an administrator (or a plain member) of chatID; use
// the bot's id (Bot().ID) for the bot itself. The chat is registered if needed.
func (s *Server) SetAdmin(chatID, userID int64, isAdmin bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.ensureChatLocked(Chat{ID: chatID})
	if _, ok := s.users[userID]; !ok && userID != s.bot.ID {
		s.users[userID] = User{ID: userID, FirstName: "User"}
	}
	if isAdmin {
		cs.members[userID] = "administrator"
	} else {
		cs.members[userID] = "member"
	}
	s.notifyLocked()
}

// addMessage allocates the next message id in the chat.
func (cs *chatState) addMessage(rec *msgRecord) *msgRecord {
	if rec.m.ID == 0 {
		cs.lastMsg++
		rec.m.ID = cs.lastMsg
	} else if rec.m.ID > cs.lastMsg {
		cs.lastMsg = rec.m.ID
	}
	rec.m.ChatID = cs.ID
	cs.msgs[rec.m.ID] = rec
	if rec.fromBot {
		cs.botMsgs = append(cs.botMsgs, rec)
	}
	return rec
}

type chatJSON struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"title,omitempty"`
	Username  string `json:"username,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	IsForum   bool   `json:"is_forum,omitempty"`
}

func (s *Server) chatJSONLocked(cs *chatState) chatJSON {
	c := chatJSON{ID: cs.ID, Type: cs.Type, Username: cs.Username, IsForum: cs.IsForum}
	if cs.Type == "private" {
		c.FirstName = cs.Title
		if u, ok := s.users[cs.ID]; ok {
			c.FirstName, c.Username = u.FirstName, u.Username
		}
	} else {
		c.Title = cs.Title
	}
	return c
}

func (s *Server) tgChatLocked(cs *chatState) *tgbotapi.Chat {
	c := s.chatJSONLocked(cs)
	return &tgbotapi.Chat{ID: c.ID, Type: c.Type, Title: c.Title, UserName: c.Username, FirstName: c.FirstName}
}

type userJSON struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

func (s *Server) userJSONLocked(id int64) userJSON {
	if id == s.bot.ID {
		return userJSON{ID: id, IsBot: true, FirstName: s.bot.FirstName, Username: s.bot.Username}
	}
	u := s.users[id]
	return userJSON{ID: id, FirstName: u.FirstName, Username: u.Username, LanguageCode: u.LanguageCode}
}

func (s *Server) memberJSONLocked(userID int64, status string) map[string]any {
	m := map[string]any{"status": status, "user": s.userJSONLocked(userID)}
	if status == "administrator" {
		for _, k := range []string{"can_manage_chat", "can_delete_messages", "can_manage_video_chats",
			"can_restrict_members", "can_change_info", "can_invite_users", "can_post_stories",
			"can_edit_stories", "can_delete_stories", "can_pin_messages"} {
			m[k] = true
		}
		m["can_be_edited"], m["is_anonymous"], m["can_promote_members"] = false, false, false
	}
	return m
}

// statusLocked returns a user's status in the chat ("" if unknown user).
func (s *Server) statusLocked(cs *chatState, userID int64) string {
	if st, ok := cs.members[userID]; ok {
		return st
	}
	if userID == s.bot.ID || cs.Type == "private" && userID == cs.ID {
		return "member"
	}
	if _, known := s.users[userID]; known {
		return "left"
	}
	return ""
}

func (s *Server) handleGetChatMember(rq *request) (okResult, *apiError) {
	uid, _ := rq.p.int64("user_id")
	return s.gated(rq, func(cs *chatState) (okResult, *apiError) {
		st := s.statusLocked(cs, uid)
		if st == "" {
			return okResult{}, badRequest("user not found")
		}
		return okResult{result: s.memberJSONLocked(uid, st)}, nil
	})
}

// messageJSONLocked renders a bot message as the Bot API returns it.
func (s *Server) messageJSONLocked(cs *chatState, rec *msgRecord) json.RawMessage {
	type msgJSON struct {
		MessageID   int             `json:"message_id"`
		From        *userJSON       `json:"from,omitempty"`
		SenderChat  *chatJSON       `json:"sender_chat,omitempty"`
		Chat        chatJSON        `json:"chat"`
		Date        int64           `json:"date"`
		EditDate    int64           `json:"edit_date,omitempty"`
		Text        string          `json:"text,omitempty"`
		Entities    []entity        `json:"entities,omitempty"`
		ReplyMarkup json.RawMessage `json:"reply_markup,omitempty"`
		Thread      int             `json:"message_thread_id,omitempty"`
		IsTopic     bool            `json:"is_topic_message,omitempty"`
	}
	chat := s.chatJSONLocked(cs)
	m := msgJSON{MessageID: rec.m.ID, Chat: chat, Date: rec.m.Date.Unix(), Text: rec.m.PlainText, Entities: rec.ents,
		Thread: rec.m.Thread, IsTopic: rec.m.Thread != 0}
	if cs.Type == "channel" {
		m.SenderChat = &chat
	} else {
		u := s.userJSONLocked(s.bot.ID)
		m.From = &u
	}
	if !rec.editDate.IsZero() {
		m.EditDate = rec.editDate.Unix()
	}
	if rec.m.ReplyMarkup != "" {
		m.ReplyMarkup = json.RawMessage(rec.m.ReplyMarkup)
	}
	b, _ := json.Marshal(m)
	return b
}
