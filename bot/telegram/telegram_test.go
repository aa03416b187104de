package telegram_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/internal/bidicheck"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

type env struct {
	t      *testing.T
	srv    *telegramtest.Server
	a      *telegram.Adapter
	states *store.Memory
	db     *store.SQLite
	logs   *bottest.SyncBuffer
	ctx    context.Context
	core   *bottest.Core
}

type option struct {
	srv     []telegramtest.Option
	cfg     func(*telegram.Config)
	catalog *summaries.Catalog
	noRun   bool
	sqlite  bool // the SQLite store, with subscriptions
	// before runs once the server is up and before the adapter runs (to
	// queue updates it then gets in one batch).
	before func(*telegramtest.Server)
	fast   bool // loose limits on both sides, for tests about something else
	config func(*bot.Config)
}

// fastLimits let a test send many messages to one chat quickly; the server
// enforces the same figures the bot keeps to.
var fastLimits = telegramtest.Limits{GlobalPerSecond: 300, ChatPerSecond: 50, ChatBurst: 20, GroupPerMinute: 3000}

// start runs the adapter against a fresh fake Bot API server; the test
// fails if the bot broke any of Telegram's rules or leaked its token.
func start(t *testing.T, o option) *env {
	t.Helper()
	if o.fast {
		o.srv = append(o.srv, telegramtest.WithLimits(fastLimits))
	}
	srv := telegramtest.New(append([]telegramtest.Option{telegramtest.WithBotUser(777, "BriefBot")}, o.srv...)...)
	t.Cleanup(srv.Close)
	c := bottest.NewCore(t, bottest.Options{Catalog: o.catalog, SQLite: o.sqlite, Config: o.config})
	cfg := telegram.Config{Token: srv.Token(), APIURL: srv.URL(), Limits: telegram.DefaultLimits(), Logger: c.Log, PollTimeout: 2 * time.Second, Observer: c.Observer}
	if o.fast {
		cfg.Limits = telegram.Limits(fastLimits)
	}
	if o.cfg != nil {
		o.cfg(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := telegram.New(ctx, cfg, c.Bot, c.States)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	if o.before != nil {
		o.before(srv)
	}
	if !o.noRun {
		go func() { done <- a.Run(ctx) }()
	} else {
		close(done)
	}
	logs := c.Logs
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("the adapter did not stop")
		}
		for _, v := range srv.Violations() {
			t.Errorf("Telegram rule broken: %s", v)
		}
		if strings.Contains(logs.String(), srv.Token()) {
			t.Error("the token appears in the logs")
		}
	})
	return &env{t: t, srv: srv, a: a, states: c.Memory, db: c.SQLite, logs: logs, ctx: ctx, core: c}
}

func (e *env) wait(chatID int64, n int) []telegramtest.Message {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	msgs, err := e.srv.WaitMessages(ctx, chatID, n)
	if err != nil {
		e.t.Fatalf("waiting for %d messages in %d: %v (have %d)", n, chatID, err, len(e.srv.Messages(chatID)))
	}
	return msgs
}

func (e *env) waitFor(what string, cond func(*telegramtest.Server) bool) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.srv.WaitFor(ctx, cond); err != nil {
		e.t.Fatalf("waiting for %s: %v", what, err)
	}
}

var (
	arabicUser  = telegramtest.User{ID: 1001, FirstName: "Layla", LanguageCode: "ar"}
	englishUser = telegramtest.User{ID: 1002, FirstName: "Tom", LanguageCode: "en-GB"}
	group       = telegramtest.Chat{ID: -2001, Type: "supergroup", Title: "Newsroom"}
)

func TestPrivateCommandsInArabicAndEnglish(t *testing.T) {
	e := start(t, option{})
	e.srv.SendText(arabicUser.PrivateChat(), arabicUser, "/figures")
	m := e.wait(arabicUser.ID, 1)[0]
	if m.ParseMode != "HTML" || !strings.Contains(m.PlainText, "حوالي 110,000 كم²") {
		t.Errorf("Arabic reply:\n%s", m.PlainText)
	}
	if !strings.Contains(m.Text, "<blockquote expandable>") || !strings.Contains(m.Text, "<b>") {
		t.Errorf("the reply does not use Telegram HTML: %s", m.Text)
	}
	// Arabic amounts and Arabic quotes in an Arabic reply need no
	// invisible character at all (there were 42 before they were placed
	// only where the bidi algorithm needs them).
	if i := strings.IndexFunc(m.PlainText, arabic.IsBidiControl); i >= 0 {
		t.Errorf("an invisible character in the Arabic figures at %d:\n%q", i, m.PlainText)
	}
	e.srv.SendText(englishUser.PrivateChat(), englishUser, "/summary washington")
	m = e.wait(englishUser.ID, 1)[0]
	if !strings.Contains(m.PlainText, "Key points:") || !strings.Contains(m.PlainText, "Washington") {
		t.Errorf("English reply:\n%s", m.PlainText)
	}
	if !strings.Contains(m.ReplyMarkup, `"figures|en||coalition-ministers-2019-11"`) {
		t.Errorf("buttons: %s", m.ReplyMarkup)
	}
}

func TestGroupCommandsAndAddressing(t *testing.T) {
	e := start(t, option{})
	e.srv.SendText(group, englishUser, "/figures@OtherBot")
	e.srv.SendText(group, englishUser, "/figures@BriefBot coalition")
	msgs := e.wait(group.ID, 1)
	if !strings.Contains(msgs[0].PlainText, "more than $20 billion") || msgs[0].ReplyTo == 0 {
		t.Errorf("group reply: %+v", msgs[0])
	}
	e.srv.SendText(group, englishUser, "/help")
	e.wait(group.ID, 2)
	if n := e.srv.MessageCount(group.ID); n != 2 {
		t.Errorf("%d replies: the command for another bot was answered", n)
	}
}

func TestChannelPost(t *testing.T) {
	e := start(t, option{})
	channel := telegramtest.Chat{ID: -1003001, Type: "channel", Title: "Desk"}
	e.srv.ChannelPost(channel, "/lang en")
	e.wait(channel.ID, 1)
	e.srv.ChannelPost(channel, "/figures")
	m := e.wait(channel.ID, 2)[1]
	if !strings.Contains(m.PlainText, "about 7.7 million people") {
		t.Errorf("channel reply:\n%s", m.PlainText)
	}
}

func TestButtonsSwitchViewAndLanguageInPlace(t *testing.T) {
	e := start(t, option{})
	chat := arabicUser.PrivateChat()
	e.srv.SendText(chat, arabicUser, "/summary")
	m := e.wait(chat.ID, 1)[0]
	var kb tgbotapi.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(m.ReplyMarkup), &kb); err != nil || len(kb.InlineKeyboard) != 1 {
		t.Fatalf("keyboard %q: %v", m.ReplyMarkup, err)
	}
	var toEnglish string
	for _, b := range kb.InlineKeyboard[0] {
		if b.Text == "English" {
			toEnglish = *b.CallbackData
		}
		if len(*b.CallbackData) > 64 {
			t.Errorf("callback data over 64 bytes: %q", *b.CallbackData)
		}
	}
	id := e.srv.PressButton(chat, arabicUser, m.ID, toEnglish)
	defer func() {
		if t.Failed() {
			for _, c := range e.srv.Calls() {
				t.Logf("%s %d %s %v", c.Method, c.Status, c.Error, c.Params)
			}
			t.Log(e.logs.String())
		}
	}()
	e.waitFor("the edit", func(s *telegramtest.Server) bool { return s.Messages(chat.ID)[0].Edits == 1 })
	e.waitFor("the callback answer", func(s *telegramtest.Server) bool { return len(s.CallbackAnswers()) == 1 })
	m = e.srv.Messages(chat.ID)[0]
	if !strings.Contains(m.PlainText, "Key points:") {
		t.Errorf("after pressing English:\n%s", m.PlainText)
	}
	if a := e.srv.CallbackAnswers()[0]; a.QueryID != id {
		t.Errorf("answered %q, want %q", a.QueryID, id)
	}
	// Now to the figures, in English, by the other button.
	json.Unmarshal([]byte(m.ReplyMarkup), &kb)
	e.srv.PressButton(chat, arabicUser, m.ID, *kb.InlineKeyboard[0][0].CallbackData)
	e.waitFor("the second edit", func(s *telegramtest.Server) bool { return s.Messages(chat.ID)[0].Edits == 2 })
	if m = e.srv.Messages(chat.ID)[0]; !strings.Contains(m.PlainText, "more than 40,000 fighters") {
		t.Errorf("after pressing Key figures:\n%s", m.PlainText)
	}
	// An unknown button is answered with a short notice, and nothing edited.
	e.srv.PressButton(chat, arabicUser, m.ID, "~deadbeef")
	e.waitFor("the third answer", func(s *telegramtest.Server) bool { return len(s.CallbackAnswers()) == 3 })
	if a := e.srv.CallbackAnswers()[2]; !strings.Contains(a.Text, "انتهت") {
		t.Errorf("expired button answer: %q", a.Text)
	}
	if e.srv.Messages(chat.ID)[0].Edits != 2 {
		t.Error("an expired button edited the message")
	}
}

func TestInlineQueries(t *testing.T) {
	e := start(t, option{})
	e.srv.InlineQuery(englishUser, "110,000", "")
	e.srv.InlineQuery(arabicUser, "نازحين", "")
	e.waitFor("two inline answers", func(s *telegramtest.Server) bool { return len(s.InlineAnswers()) == 2 })
	answers := e.srv.InlineAnswers()
	byID := map[string]telegramtest.InlineAnswer{}
	for _, a := range answers {
		for _, id := range a.ResultIDs {
			byID[id] = a
		}
	}
	if _, ok := byID["f:coalition-ministers-2019-11:peak-territory"]; !ok {
		t.Errorf("110,000 did not offer the territory figure: %v", answers[0].ResultIDs)
	}
	a, ok := byID["f:coalition-ministers-2019-11:displaced-iraq"]
	if !ok {
		t.Fatalf("نازحين did not offer the displaced figure: %v", answers[1].ResultIDs)
	}
	var res struct {
		Title   string `json:"title"`
		Content struct {
			Text      string `json:"message_text"`
			ParseMode string `json:"parse_mode"`
		} `json:"input_message_content"`
	}
	json.Unmarshal(a.Results[0], &res)
	if !strings.Contains(res.Content.Text, "1.5") || res.Content.ParseMode != "HTML" {
		t.Errorf("inserted text: %+v", res)
	}
}

// TestInlineFindsTheWordsTheBotDisplays: the words, which the
// folded substring matcher missed, find their figures inline; 20 finds
// the one figure that says 20.
func TestInlineFindsTheWordsTheBotDisplays(t *testing.T) {
	e := start(t, option{})
	want := map[string]string{
		"مليار": "aid-raised", "million": "people-liberated", "مليون": "displaced-iraq", "7.7": "people-liberated",
		"مقاتلين": "foreign-fighters", "١١٠٬٠٠٠": "peak-territory", "20": "aid-raised",
	}
	var order []string
	for q := range want {
		order = append(order, q)
		e.srv.InlineQuery(arabicUser, q, "")
		n := len(order)
		e.waitFor(q, func(s *telegramtest.Server) bool { return len(s.InlineAnswers()) == n })
	}
	for i, a := range e.srv.InlineAnswers() {
		q := order[i]
		if !slices.Contains(a.ResultIDs, "f:coalition-ministers-2019-11:"+want[q]) {
			t.Errorf("%s did not offer %s: %v", q, want[q], a.ResultIDs)
		}
		if q == "20" && len(a.ResultIDs) != 1 {
			t.Errorf("20 offered %d results: %v", len(a.ResultIDs), a.ResultIDs)
		}
	}
}

// TestSearchInTelegram: /search answers in HTML with the matched words in
// bold, a quote as the curated quote, and a button per match that opens
// it in place.
func TestSearchInTelegram(t *testing.T) {
	e := start(t, option{})
	chat := englishUser.PrivateChat()
	e.srv.SendText(chat, englishUser, `/search "أكثر من 40,000 من المقاتلين"`)
	m := e.wait(chat.ID, 1)[0]
	if m.ParseMode != "HTML" || !strings.Contains(m.Text, "<b>40,000</b>") || !strings.Contains(m.Text, "<blockquote") {
		t.Fatalf("search reply: %s\n%s", m.Text, m.PlainText)
	}
	if !strings.Contains(m.PlainText, "واجتذبت أكثر من 40,000 من المقاتلين الإرهابيين الأجانب.") {
		t.Errorf("the quote is not whole:\n%s", m.PlainText)
	}
	var kb tgbotapi.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(m.ReplyMarkup), &kb); err != nil || len(kb.InlineKeyboard) != 1 || len(kb.InlineKeyboard[0]) != 2 {
		t.Fatalf("keyboard %q: %v", m.ReplyMarkup, err)
	}
	e.srv.PressButton(chat, englishUser, m.ID, *kb.InlineKeyboard[0][0].CallbackData)
	e.waitFor("the edit", func(s *telegramtest.Server) bool { return s.Messages(chat.ID)[0].Edits == 1 })
	if m = e.srv.Messages(chat.ID)[0]; !strings.Contains(m.PlainText, "more than 40,000 fighters") {
		t.Errorf("the first match's button opens:\n%s", m.PlainText)
	}
	e.srv.SendText(chat, englishUser, "/search washingtn")
	if m := e.wait(chat.ID, 2)[1]; !strings.Contains(m.PlainText, "Did you mean /search Washington?") {
		t.Errorf("nothing found:\n%s", m.PlainText)
	}
}

// manyStatements builds a catalog large enough to page inline results.
func manyStatements(n int, keyPoints int) *summaries.Catalog {
	var sts []*summaries.Statement
	for i := range n {
		st := &summaries.Statement{
			ID: fmt.Sprintf("statement-%03d", i), Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i),
			Title: summaries.Text{EN: fmt.Sprintf("Statement %d", i), AR: fmt.Sprintf("بيان %d", i)},
			Place: summaries.Text{EN: "Geneva", AR: "جنيف"}, Publisher: summaries.Text{EN: "Ministers", AR: "الوزراء"},
			Summary: summaries.Text{EN: "A summary. It has two sentences.", AR: "ملخص. فيه جملتان."},
			Source:  summaries.Source{Lang: summaries.EN, Name: summaries.Text{EN: "Text", AR: "نص"}},
		}
		for k := range keyPoints {
			st.KeyPoints = append(st.KeyPoints, summaries.Text{
				EN: fmt.Sprintf("Point %d: %s", k, strings.Repeat("The ministers agreed on a long list of measures, each carefully worded. ", 4)),
				AR: fmt.Sprintf("النقطة %d: %s", k, strings.Repeat("اتفق الوزراء على قائمة طويلة من الإجراءات، وصيغ كل منها بعناية؛ ", 4)),
			})
		}
		sts = append(sts, st)
	}
	cat, _ := summaries.NewCatalog(sts)
	return cat
}

func TestInlinePagination(t *testing.T) {
	e := start(t, option{catalog: manyStatements(60, 1)})
	e.srv.InlineQuery(englishUser, "statement", "")
	e.waitFor("the first page", func(s *telegramtest.Server) bool { return len(s.InlineAnswers()) == 1 })
	first := e.srv.InlineAnswers()[0]
	if len(first.ResultIDs) != 50 || first.NextOffset != "50" {
		t.Fatalf("first page: %d results, next_offset %q", len(first.ResultIDs), first.NextOffset)
	}
	e.srv.InlineQuery(englishUser, "statement", first.NextOffset)
	e.waitFor("the second page", func(s *telegramtest.Server) bool { return len(s.InlineAnswers()) == 2 })
	second := e.srv.InlineAnswers()[1]
	if len(second.ResultIDs) != 10 || second.NextOffset != "" {
		t.Errorf("second page: %d results, next_offset %q", len(second.ResultIDs), second.NextOffset)
	}
}

func TestLongReplySplits(t *testing.T) {
	e := start(t, option{catalog: manyStatements(1, 20)})
	for _, u := range []telegramtest.User{englishUser, arabicUser} {
		e.srv.SendText(u.PrivateChat(), u, "/summary")
		e.waitFor("the whole reply", func(s *telegramtest.Server) bool {
			msgs := s.Messages(u.ID)
			return len(msgs) > 0 && msgs[len(msgs)-1].ReplyMarkup != ""
		})
		msgs := e.srv.Messages(u.ID)
		if len(msgs) < 2 {
			t.Fatalf("a reply of %d points came in %d message(s)", 20, len(msgs))
		}
		total := 0
		for i, m := range msgs {
			total += len([]rune(m.PlainText))
			if i < len(msgs)-1 && m.ReplyMarkup != "" {
				t.Error("buttons must go under the last part only")
			}
			if strings.Count(m.PlainText, "\u2066") != strings.Count(m.PlainText, "\u2069") {
				t.Errorf("part %d splits an isolate pair", i)
			}
		}
		if total < 5000 {
			t.Errorf("the reply was %d characters; the test wants more than 5,000", total)
		}
		if last := msgs[len(msgs)-1].PlainText; !strings.Contains(last, "19:") || !strings.Contains(msgs[len(msgs)-1].ReplyMarkup, "statement-000") {
			t.Errorf("the end of the reply, with its buttons, is missing:\n%s", last)
		}
	}
}

func TestCommandMenusPerLanguage(t *testing.T) {
	e := start(t, option{})
	e.waitFor("three command menus", func(s *telegramtest.Server) bool { return len(s.CallsTo("setMyCommands")) >= 3 })
	ar := e.srv.Commands("", "ar")
	en := e.srv.Commands("", "en")
	def := e.srv.Commands("", "")
	if len(ar) == 0 || len(en) != len(ar) || len(def) != len(ar) {
		t.Fatalf("menus: ar %d, en %d, default %d", len(ar), len(en), len(def))
	}
	find := func(cmds []tgbotapi.BotCommand, name string) string {
		for _, c := range cmds {
			if c.Command == name {
				return c.Description
			}
		}
		return ""
	}
	if d := find(ar, "figures"); !strings.Contains(d, "الأرقام") {
		t.Errorf("Arabic /figures description %q", d)
	}
	if d := find(en, "figures"); !strings.Contains(d, "Key figures") {
		t.Errorf("English /figures description %q", d)
	}
	if find(def, "summary") != find(ar, "summary") {
		t.Error("the default menu should be in the default language (ar)")
	}
}

func TestRateLimitsAnd429(t *testing.T) {
	// The server is stricter than the bot's own limits, so it answers 429;
	// every reply must still arrive and none may be sent before its retry_after.
	strict := telegramtest.Limits{GlobalPerSecond: 30, ChatPerSecond: 0.5, ChatBurst: 1, GroupPerMinute: 20}
	e := start(t, option{srv: []telegramtest.Option{telegramtest.WithLimits(strict)}})
	chat := englishUser.PrivateChat()
	for range 3 {
		e.srv.SendText(chat, englishUser, "/help")
	}
	e.srv.FailNext("sendMessage", chat.ID, telegramtest.Failure{Code: 429, RetryAfter: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := e.srv.WaitMessages(ctx, chat.ID, 3); err != nil {
		t.Fatalf("replies lost after 429: %v", err)
	}
	if e.srv.Count429() == 0 {
		t.Error("the test wanted at least one 429")
	}
	for _, th := range e.srv.Throttles() {
		if th.Early {
			t.Errorf("a request came before its retry_after: %+v", th)
		}
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	e := start(t, option{})
	chat := englishUser.PrivateChat()
	e.srv.FailNext("sendMessage", chat.ID, telegramtest.Failure{Code: 502})
	e.srv.FailNext("sendMessage", chat.ID, telegramtest.Failure{Code: 500})
	e.srv.SendText(chat, englishUser, "/help")
	e.wait(chat.ID, 1)
}

func TestBlockedChatIsMarkedInactiveOnce(t *testing.T) {
	e := start(t, option{})
	chat := arabicUser.PrivateChat()
	e.srv.AddChat(chat)
	e.srv.BlockChat(chat.ID, "Forbidden: bot was blocked by the user")
	e.srv.SendText(chat, arabicUser, "/help")
	e.srv.SendText(chat, arabicUser, "/list")
	e.waitFor("two refused sends", func(s *telegramtest.Server) bool {
		n := 0
		for _, c := range s.CallsTo("sendMessage") {
			if c.Status == 403 {
				n++
			}
		}
		return n == 2
	})
	if reason, ok := e.states.Inactive("telegram:1001"); !ok || !strings.Contains(reason, "blocked") {
		t.Errorf("chat not marked inactive: %q %v", reason, ok)
	}
	time.Sleep(50 * time.Millisecond)
	if n := strings.Count(e.logs.String(), "chat is gone; marked inactive"); n != 1 {
		t.Errorf("logged %d times, want once", n)
	}
	// Sending from outside a request reports the chat as gone.
	err := e.a.Send(context.Background(), bot.Chat{Key: "telegram:1001"}, &bot.Reply{Lang: summaries.EN, Blocks: []bot.Block{bot.Paragraph{Text: "x"}}})
	if err == nil || !strings.Contains(err.Error(), "chat is gone") {
		t.Errorf("Send to a blocked chat: %v", err)
	}
}

func TestSupergroupMigrationMovesSettings(t *testing.T) {
	e := start(t, option{})
	old := telegramtest.Chat{ID: -3001, Type: "group", Title: "Old group"}
	e.srv.AddChat(old)
	e.srv.SetAdmin(old.ID, englishUser.ID, true)
	e.srv.SendText(old, englishUser, "/lang en")
	e.wait(old.ID, 1)
	e.srv.MigrateChat(old.ID, -1003001)
	e.srv.SendText(old, englishUser, "/figures")
	msgs := e.wait(-1003001, 1)
	if !strings.Contains(msgs[0].PlainText, "more than $20 billion") {
		t.Errorf("the resent reply is not in the group's language:\n%s", msgs[0].PlainText)
	}
	if s, _ := e.states.ChatSettings(context.Background(), "telegram:-1003001"); s.Lang != summaries.EN {
		t.Errorf("settings did not move: %+v", s)
	}
}

func TestOnlyGroupAdminsChangeLanguage(t *testing.T) {
	e := start(t, option{})
	g := telegramtest.Chat{ID: -4001, Type: "supergroup", Title: "G"}
	e.srv.AddChat(g)
	e.srv.SendText(g, englishUser, "/lang en") // not an admin
	m := e.wait(g.ID, 1)[0]
	if !strings.Contains(m.PlainText, "administrators") {
		t.Errorf("a member changed the group's language: %s", m.PlainText)
	}
	e.srv.SetAdmin(g.ID, englishUser.ID, true)
	e.srv.SendText(g, englishUser, "/lang en")
	if m := e.wait(g.ID, 2)[1]; !strings.Contains(m.PlainText, "English") {
		t.Errorf("an admin could not change it: %s", m.PlainText)
	}
}

func TestWebhookRequiresTheSecret(t *testing.T) {
	e := start(t, option{cfg: func(c *telegram.Config) {
		c.WebhookURL = "https://bot.example.org/telegram/hook"
		c.WebhookSecret = "s3cret-token_value"
	}})
	e.waitFor("setWebhook", func(s *telegramtest.Server) bool { return s.Webhook().URL != "" })
	if w := e.srv.Webhook(); w.SecretToken != "s3cret-token_value" || w.URL != "https://bot.example.org/telegram/hook" {
		t.Errorf("webhook: %+v", w)
	}
	if p := e.a.WebhookPath(); p != "/telegram/hook" {
		t.Errorf("path %q", p)
	}
	h := e.a.WebhookHandler()
	post := func(secret string, u tgbotapi.Update) int {
		body, _ := json.Marshal(u)
		req := httptest.NewRequest(http.MethodPost, "/telegram/hook", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	chat := englishUser.PrivateChat()
	e.srv.AddChat(chat)
	update := func(text string) tgbotapi.Update {
		return tgbotapi.Update{UpdateID: 1, Message: &tgbotapi.Message{MessageID: 5, Text: text,
			From: &tgbotapi.User{ID: englishUser.ID, LanguageCode: "en"}, Chat: &tgbotapi.Chat{ID: chat.ID, Type: "private"},
			Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: len(strings.Fields(text)[0])}}}}
	}
	if code := post("", update("/list")); code != http.StatusUnauthorized {
		t.Errorf("no secret: %d", code)
	}
	if code := post("wrong", update("/list")); code != http.StatusUnauthorized {
		t.Errorf("wrong secret: %d", code)
	}
	if code := post("s3cret-token_value", update("/figures")); code != http.StatusOK {
		t.Errorf("right secret: %d", code)
	}
	msgs := e.wait(chat.ID, 1)
	time.Sleep(100 * time.Millisecond)
	if len(e.srv.Messages(chat.ID)) != 1 || !strings.Contains(msgs[0].PlainText, "key figures") {
		t.Errorf("only the authorised update may be answered: %d messages", len(e.srv.Messages(chat.ID)))
	}
	if len(e.srv.CallsTo("getUpdates")) != 0 {
		t.Error("webhook mode must not poll")
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	const token = "999999:SECRET-token-never-to-be-seen"
	_, err := telegram.New(context.Background(), telegram.Config{Token: token, APIURL: "http://127.0.0.1:1"}, nil, store.NewMemory())
	if err == nil {
		t.Fatal("connecting to a closed port succeeded")
	}
	if strings.Contains(err.Error(), token) || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("the token leaked: %v", err)
	}
}

// TestRepliesDisplayInTheirDirection checks every line of Arabic replies,
// and of English replies that carry Arabic quotes, as Telegram shows them
// (text after entity parsing) with the bidi algorithm.
func TestRepliesDisplayInTheirDirection(t *testing.T) {
	e := start(t, option{fast: true, catalog: bottest.Fixture(t)})
	cmds := []string{"/figures", "/summary", "/list", "/help", "/start", "/summary nothing", "/figure aid", "/figures fixture", "/figure fixture funds"}
	for _, u := range []telegramtest.User{arabicUser, englishUser} {
		lang := summaries.AR
		if u.LanguageCode != "ar" {
			lang = summaries.EN
		}
		for _, c := range cmds {
			e.srv.SendText(u.PrivateChat(), u, c)
		}
		for _, m := range e.wait(u.ID, len(cmds)) {
			for _, bad := range bidicheck.Text(lang, m.PlainText) {
				t.Errorf("%s: %s", lang, bad)
			}
		}
	}
}

func TestSubscribeInAGroup(t *testing.T) {
	e := start(t, option{sqlite: true, fast: true})
	g := telegramtest.Chat{ID: -5001, Type: "supergroup", Title: "Desk"}
	e.srv.AddChat(g)
	e.srv.SendText(g, englishUser, "/subscribe 07:30 Europe/Berlin en")
	if m := e.wait(g.ID, 1)[0]; !strings.Contains(m.PlainText, "administrators") {
		t.Errorf("a member subscribed the group: %s", m.PlainText)
	}
	e.srv.SetAdmin(g.ID, englishUser.ID, true)
	e.srv.SendText(g, englishUser, "/subscribe 07:30 Mars/Olympus")
	if m := e.wait(g.ID, 2)[1]; !strings.Contains(m.PlainText, "Europe/Berlin") || !strings.Contains(m.PlainText, "not a time zone") {
		t.Errorf("a bad zone must be explained with an example: %s", m.PlainText)
	}
	e.srv.SendText(g, englishUser, "/subscribe 07:30 Europe/Berlin en")
	m := e.wait(g.ID, 3)[2]
	if !strings.Contains(m.PlainText, "subscribed") || !strings.Contains(m.PlainText, "07:30 Europe/Berlin") {
		t.Errorf("subscribe: %s", m.PlainText)
	}
	sub, ok, _ := e.db.Subscription(context.Background(), "telegram:-5001")
	if !ok || sub.Hour != 7 || sub.Minute != 30 || sub.Zone != "Europe/Berlin" || sub.Lang != summaries.EN {
		t.Errorf("stored: %+v %v", sub, ok)
	}
	if loc, _ := time.LoadLocation("Europe/Berlin"); sub.NextDue.In(loc).Format("15:04") != "07:30" || !sub.NextDue.After(time.Now()) {
		t.Errorf("next due %v", sub.NextDue)
	}
	e.srv.SendText(g, englishUser, "/subscription")
	if m := e.wait(g.ID, 4)[3]; !strings.Contains(m.PlainText, "Next briefing") {
		t.Errorf("/subscription: %s", m.PlainText)
	}
	e.srv.SendText(g, englishUser, "/briefing")
	if m := e.wait(g.ID, 5)[4]; !strings.Contains(m.PlainText, "Daily briefing") || !strings.Contains(m.PlainText, "about 7.7 million people") {
		t.Errorf("/briefing: %s", m.PlainText)
	}
	e.srv.SendText(g, englishUser, "/unsubscribe")
	if m := e.wait(g.ID, 6)[5]; !strings.Contains(m.PlainText, "unsubscribed") {
		t.Errorf("/unsubscribe: %s", m.PlainText)
	}
	if _, ok, _ := e.db.Subscription(context.Background(), "telegram:-5001"); ok {
		t.Error("still subscribed")
	}
}
