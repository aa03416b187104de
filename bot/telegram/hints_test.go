package telegram_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
	"github.com/briefbot/briefbot/summaries"
)

// buttons are a message's inline keyboard, by label.
func buttons(t *testing.T, m telegramtest.Message) map[string]tgbotapi.InlineKeyboardButton {
	t.Helper()
	var kb tgbotapi.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(m.ReplyMarkup), &kb); err != nil {
		t.Fatalf("keyboard %q: %v", m.ReplyMarkup, err)
	}
	out := map[string]tgbotapi.InlineKeyboardButton{}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			out[b.Text] = b
		}
	}
	return out
}

// press presses the button labelled label under message m, as from, and
// waits for the callback's answer.
func (e *env) press(chat telegramtest.Chat, from telegramtest.User, m telegramtest.Message, label string) telegramtest.CallbackAnswer {
	e.t.Helper()
	b, ok := buttons(e.t, m)[label]
	if !ok || b.CallbackData == nil {
		e.t.Fatalf("no button %q to press under %q (%s)", label, m.PlainText, m.ReplyMarkup)
	}
	id := e.srv.PressButton(chat, from, m.ID, *b.CallbackData)
	var answer telegramtest.CallbackAnswer
	e.waitFor("the callback answer", func(s *telegramtest.Server) bool {
		for _, a := range s.CallbackAnswers() {
			if a.QueryID == id {
				answer = a
				return true
			}
		}
		return false
	})
	return answer
}

// follow opens a t.me start link as its user would: the client sends
// "/start <payload>" in the bot's private chat. It returns the reply.
func (e *env) follow(u telegramtest.User, link string) telegramtest.Message {
	e.t.Helper()
	p, err := url.Parse(link)
	if err != nil || p.Host != "t.me" || p.Path != "/BriefBot" || p.Query().Get("start") == "" {
		e.t.Fatalf("not a start link of the bot: %q", link)
	}
	n := len(e.srv.Messages(u.ID))
	e.srv.SendText(u.PrivateChat(), u, "/start "+p.Query().Get("start"))
	return e.wait(u.ID, n+1)[n]
}

// TestEveryHintOpensTheStatementItNames follows, as a user would, every
// pointer of the summary, the figures, one figure and the briefing, with
// two statements loaded: each opens the statement it names, never the
// latest one (tapping "/figures" in a hint sent the bare command, which
// meant the latest statement).
func TestEveryHintOpensTheStatementItNames(t *testing.T) {
	e := start(t, option{catalog: bottest.Fixture(t), fast: true})
	u := englishUser
	chat := u.PrivateChat()
	const fixtureFigures, fixtureSummary = "nearly $2.3 billion", "This is a test statement"

	e.srv.SendText(chat, u, "/summary fixture")
	m := e.wait(u.ID, 1)[0]
	if strings.Contains(m.PlainText, "/figures") {
		t.Errorf("the summary still points with a typed command:\n%s", m.PlainText)
	}
	e.press(chat, u, m, "Key figures")
	e.waitFor("the figures", func(s *telegramtest.Server) bool { return s.Messages(u.ID)[0].Edits == 1 })
	if m = e.srv.Messages(u.ID)[0]; !strings.Contains(m.PlainText, fixtureFigures) {
		t.Errorf("the summary's Key figures opened another statement:\n%s", m.PlainText)
	}
	e.press(chat, u, m, "Summary")
	e.waitFor("the summary", func(s *telegramtest.Server) bool { return s.Messages(u.ID)[0].Edits == 2 })
	if m = e.srv.Messages(u.ID)[0]; !strings.Contains(m.PlainText, fixtureSummary) {
		t.Errorf("the figures' Summary opened another statement:\n%s", m.PlainText)
	}

	e.srv.SendText(chat, u, "/figure fixture funds")
	m = e.wait(u.ID, 2)[1]
	e.press(chat, u, m, "Key figures")
	e.waitFor("the figures", func(s *telegramtest.Server) bool { return s.Messages(u.ID)[1].Edits == 1 })
	if m = e.srv.Messages(u.ID)[1]; !strings.Contains(m.PlainText, "at least 3") {
		t.Errorf("a figure's Key figures opened another statement:\n%s", m.PlainText)
	}

	// A briefing of both statements: each statement's buttons are links
	// that open its own summary and figures in the private chat.
	cat := bottest.Fixture(t)
	if err := e.a.Send(e.ctx, bot.Chat{Key: "telegram:" + itoa(u.ID)}, e.core.Bot.DailyReply(summaries.EN, bot.WesternDigits, time.Now(), cat.All())); err != nil {
		t.Fatal(err)
	}
	briefing := e.wait(u.ID, 3)[2]
	want := map[string]string{
		"Summary · Coalition test statement":           fixtureSummary,
		"Key figures · Coalition test statement":       fixtureFigures,
		"Summary · Joint Communiqué by Ministers…":     "Key points:",
		"Key figures · Joint Communiqué by Ministers…": "more than 40,000 fighters",
	}
	bs := buttons(t, briefing)
	for label, shows := range want {
		b, ok := bs[label]
		if !ok || b.URL == nil {
			t.Errorf("the briefing has no link %q: %s", label, briefing.ReplyMarkup)
			continue
		}
		got := e.follow(u, *b.URL)
		title := "Coalition test statement"
		if !strings.Contains(label, title) {
			title = "Joint Communiqué"
		}
		if !strings.Contains(got.PlainText, shows) || !strings.Contains(got.PlainText, title) {
			t.Errorf("%q opened:\n%s", label, got.PlainText)
		}
	}
	if m := e.srv.Messages(u.ID)[2]; m.Edits != 0 {
		t.Error("following a briefing's link changed the briefing")
	}
}

// TestSomeoneElsesButtonOpensPrivately: in a group, a button under a
// reply someone else asked for does not change it for everyone; the
// callback's answer opens the presser's private chat on that view. The
// asker's own press changes it in place.
func TestSomeoneElsesButtonOpensPrivately(t *testing.T) {
	e := start(t, option{catalog: bottest.Fixture(t), fast: true})
	e.srv.SendText(group, englishUser, "/figures fixture")
	m := e.wait(group.ID, 1)[0]
	answer := e.press(group, arabicUser, m, "العربية")
	if answer.URL != "https://t.me/BriefBot?start=fa_coalition-fixture-2018" {
		t.Errorf("the other presser's answer: %+v", answer)
	}
	time.Sleep(50 * time.Millisecond)
	if m := e.srv.Messages(group.ID)[0]; m.Edits != 0 || e.srv.MessageCount(group.ID) != 1 {
		t.Error("someone else's press changed the group's message")
	}
	got := e.follow(arabicUser, answer.URL)
	if !strings.Contains(got.PlainText, "قرابة 2.3 مليار دولار") {
		t.Errorf("the link opened:\n%s", got.PlainText)
	}
	// The asker's own press switches the message in place.
	e.press(group, englishUser, m, "العربية")
	e.waitFor("the edit", func(s *telegramtest.Server) bool { return s.Messages(group.ID)[0].Edits == 1 })
	if m := e.srv.Messages(group.ID)[0]; !strings.Contains(m.PlainText, "قرابة 2.3 مليار دولار") {
		t.Errorf("the asker's press:\n%s", m.PlainText)
	}
}

// TestPastedCommandsAreAnswered: a command copied from a reply with the
// direction marks or isolates around it is the command it shows.
func TestPastedCommandsAreAnswered(t *testing.T) {
	e := start(t, option{catalog: bottest.Fixture(t), fast: true})
	chat := arabicUser.PrivateChat()
	e.srv.SendText(chat, arabicUser, "\u2066/summary fixture\u2069")
	e.srv.SendText(chat, arabicUser, "\u200f/figures")
	msgs := e.wait(arabicUser.ID, 2)
	if !strings.Contains(msgs[0].PlainText, "بيان اختباري للتحالف") || !strings.Contains(msgs[1].PlainText, "أكثر من 40,000 مقاتل") {
		t.Errorf("pasted commands:\n%s\n---\n%s", msgs[0].PlainText, msgs[1].PlainText)
	}
}

// TestInlineResultsLinkToTheirViews: a figure inserted through inline mode
// carries its citation, and buttons that are start links (the bot may not
// be in the chat it lands in).
func TestInlineResultsLinkToTheirViews(t *testing.T) {
	e := start(t, option{})
	e.srv.InlineQuery(englishUser, "110", "")
	e.waitFor("the inline answer", func(s *telegramtest.Server) bool { return len(s.InlineAnswers()) == 1 })
	a := e.srv.InlineAnswers()[0]
	for i, id := range a.ResultIDs {
		if id != "f:coalition-ministers-2019-11:peak-territory" {
			continue
		}
		var res struct {
			Markup  tgbotapi.InlineKeyboardMarkup `json:"reply_markup"`
			Content struct {
				Text string `json:"message_text"`
			} `json:"input_message_content"`
		}
		json.Unmarshal(a.Results[i], &res)
		if !strings.Contains(res.Content.Text, "<code>about 110,000 km² — Territory held by ISIS at its peak (Joint Communiqué") {
			t.Errorf("the inserted figure has no citation to copy:\n%s", res.Content.Text)
		}
		links := 0
		for _, row := range res.Markup.InlineKeyboard {
			for _, b := range row {
				if b.URL != nil && strings.HasPrefix(*b.URL, "https://t.me/BriefBot?start=") {
					links++
				}
			}
		}
		if links != 3 {
			t.Errorf("inline result buttons: %+v", res.Markup)
		}
		return
	}
	t.Fatalf("110 did not offer the territory figure: %v", a.ResultIDs)
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
