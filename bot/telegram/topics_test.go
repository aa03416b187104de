package telegram_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// TestForumTopics: a command sent in a forum topic is answered in that
// topic, and /subscribe there posts the briefings there, not in General.
func TestForumTopics(t *testing.T) {
	e := start(t, option{sqlite: true, fast: true})
	forum := telegramtest.Chat{ID: -6001, Title: "Newsroom"}
	topic := e.srv.CreateTopic(forum, "Iraq desk")
	e.srv.SetAdmin(forum.ID, englishUser.ID, true)

	e.srv.SendTopicText(forum, topic, englishUser, "/figures")
	if m := e.wait(forum.ID, 1)[0]; m.Thread != topic || !strings.Contains(m.PlainText, "about 110,000 km²") {
		t.Errorf("the answer is not in the topic: thread %d\n%s", m.Thread, m.PlainText)
	}
	sends := e.srv.CallsTo("sendMessage")
	if got := sends[len(sends)-1].Params.Get("message_thread_id"); got != fmt.Sprint(topic) {
		t.Errorf("sendMessage message_thread_id = %q, want %d", got, topic)
	}
	e.srv.SendText(forum, englishUser, "/help") // in General
	if m := e.wait(forum.ID, 2)[1]; m.Thread != 0 {
		t.Errorf("a command in General was answered in topic %d", m.Thread)
	}

	e.srv.SendTopicText(forum, topic, englishUser, "/subscribe 07:00 بغداد en")
	if m := e.wait(forum.ID, 3)[2]; m.Thread != topic || !strings.Contains(m.PlainText, "07:00 Asia/Baghdad") {
		t.Fatalf("/subscribe in a topic: thread %d\n%s", m.Thread, m.PlainText)
	}
	ctx := context.Background()
	sub, ok, _ := e.db.Subscription(ctx, "telegram:-6001")
	if !ok || sub.Thread != fmt.Sprint(topic) {
		t.Fatalf("the subscription lost its topic: %+v", sub)
	}
	// The briefing comes due: the scheduler and the outbox post it.
	sub.NextDue = time.Now().Add(-time.Second)
	if err := e.db.SaveSubscription(ctx, sub); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	ob := &briefing.Outbox{Store: e.db, Senders: map[string]bot.Sender{"telegram": e.a}, Clock: time.Now, Log: log,
		Composer: &briefing.Composer{Core: e.core.Bot, Catalog: e.core.Config.Catalog}}
	sch := &briefing.Scheduler{Store: e.db, Max: 5, Catchup: time.Hour, Log: log, Catalog: e.core.Config.Catalog}
	if n, err := sch.Tick(ctx, time.Now()); err != nil || n != 1 {
		t.Fatalf("tick: %d %v", n, err)
	}
	if _, err := ob.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	m := e.wait(forum.ID, 4)[3]
	if m.Thread != topic || !strings.Contains(m.PlainText, "Daily briefing") {
		t.Errorf("the briefing is not in the topic: thread %d\n%s", m.Thread, m.PlainText)
	}
}

// TestPrivateTextGetsAnAnswer: text without a command is a search in a
// private chat, and when nothing matches the answer points to /help, in
// the user's language; in a group, nothing.
func TestPrivateTextGetsAnAnswer(t *testing.T) {
	e := start(t, option{fast: true})
	e.srv.SendText(arabicUser.PrivateChat(), arabicUser, "ما هي أرقام البيان؟")
	if m := e.wait(arabicUser.ID, 1)[0]; !strings.Contains(m.PlainText, "/help") || !strings.Contains(m.PlainText, "أرسل") {
		t.Errorf("private text: %s", m.PlainText)
	}
	// A result of inline mode inserted in the bot's own chat is not a question.
	e.srv.PushUpdate(tgbotapi.Update{Message: &tgbotapi.Message{Text: "حوالي 110,000 كم²",
		From: &tgbotapi.User{ID: arabicUser.ID, FirstName: arabicUser.FirstName, LanguageCode: "ar"},
		Chat: &tgbotapi.Chat{ID: arabicUser.ID, Type: "private"}, ViaBot: &tgbotapi.User{ID: 777, IsBot: true, UserName: "BriefBot"}}})
	e.srv.SendText(arabicUser.PrivateChat(), arabicUser, "/help")
	e.wait(arabicUser.ID, 2)
	g := telegramtest.Chat{ID: -6002, Type: "supergroup", Title: "Chatter"}
	e.srv.SendText(g, englishUser, "good morning all")
	e.srv.SendText(g, englishUser, "/help")
	if msgs := e.wait(g.ID, 1); len(msgs) != 1 || !strings.Contains(msgs[0].PlainText, "Commands") && !strings.Contains(msgs[0].PlainText, "الأوامر") {
		t.Errorf("group: %+v", msgs)
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(e.srv.Messages(g.ID)); n != 1 {
		t.Errorf("group chatter got an answer: %d messages", n)
	}
	if n := len(e.srv.Messages(arabicUser.ID)); n != 2 {
		t.Errorf("an inserted inline result got an answer: %d messages", n)
	}
}

// TestGroupBurstShowsTyping: several people asking at once in a group see
// the bot typing, and get their answers in the order they asked.
func TestGroupBurstShowsTyping(t *testing.T) {
	g := telegramtest.Chat{ID: -6003, Type: "supergroup", Title: "Busy desk"}
	var asked []int
	e := start(t, option{fast: true, before: func(srv *telegramtest.Server) {
		for i := range 4 {
			u := telegramtest.User{ID: int64(2001 + i), FirstName: fmt.Sprint("Editor ", i), LanguageCode: "en"}
			asked = append(asked, srv.SendText(g, u, "/figures").Message.MessageID)
		}
	}})
	msgs := e.wait(g.ID, len(asked))
	for i, m := range msgs {
		if m.ReplyTo != asked[i] {
			t.Errorf("answer %d replies to %d, want %d (asked in order %v)", i, m.ReplyTo, asked[i], asked)
		}
	}
	var typing int
	for _, c := range e.srv.CallsTo("sendChatAction") {
		if c.Params.Get("chat_id") == fmt.Sprint(g.ID) && c.Params.Get("action") == "typing" && c.Status == 200 {
			typing++
		}
	}
	if typing < len(asked)-1 {
		t.Errorf("%d typing actions for %d people asking at once", typing, len(asked))
	}
	// One person alone sees no typing action.
	before := len(e.srv.CallsTo("sendChatAction"))
	quiet := telegramtest.Chat{ID: -6004, Type: "supergroup", Title: "Quiet desk"}
	e.srv.SendText(quiet, englishUser, "/help")
	e.wait(quiet.ID, 1)
	if n := len(e.srv.CallsTo("sendChatAction")); n != before {
		t.Errorf("a lone command showed typing (%d actions)", n-before)
	}
}

// TestButtonInATopicKeepsTheReplyThere: a button pressed under a long reply
// in a forum topic edits its message in place and sends the rest of the
// new reply in that topic, not in General.
func TestButtonInATopicKeepsTheReplyThere(t *testing.T) {
	e := start(t, option{catalog: manyStatements(1, 20), fast: true})
	forum := telegramtest.Chat{ID: -6002, Title: "Newsroom"}
	topic := e.srv.CreateTopic(forum, "Iraq desk")
	e.srv.SendTopicText(forum, topic, englishUser, "/summary")
	e.waitFor("the whole reply", func(s *telegramtest.Server) bool {
		msgs := s.Messages(forum.ID)
		return len(msgs) > 1 && msgs[len(msgs)-1].ReplyMarkup != ""
	})
	msgs := e.srv.Messages(forum.ID)
	parts, last := len(msgs), msgs[len(msgs)-1]
	if parts < 2 {
		t.Fatalf("the test wants a reply of several messages; got %d", parts)
	}
	e.press(forum, englishUser, last, "العربية")
	e.waitFor("the rest of the Arabic reply", func(s *telegramtest.Server) bool {
		msgs := s.Messages(forum.ID)
		return len(msgs) > parts && msgs[len(msgs)-1].ReplyMarkup != ""
	})
	for _, m := range e.srv.Messages(forum.ID) {
		if m.Thread != topic {
			t.Errorf("message %d is in topic %d, want %d:\n%.80s", m.ID, m.Thread, topic, m.PlainText)
		}
	}
	if m := e.srv.Messages(forum.ID)[len(msgs)-1]; m.Edits != 1 || !strings.Contains(m.PlainText, "بيان") {
		t.Errorf("the pressed message was not replaced by the Arabic reply: %d edits\n%.200s", m.Edits, m.PlainText)
	}
	for _, c := range e.srv.CallsTo("sendMessage") {
		if c.Params.Get("message_thread_id") != fmt.Sprint(topic) {
			t.Errorf("sendMessage without the topic: %v", c.Params)
		}
	}
}
