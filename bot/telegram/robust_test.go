package telegram_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/telegram"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// malformed are updates Telegram could send broken, or a proxy could
// mangle: each must be logged once with its update_id and skipped, and
// the bot must go on answering.
var malformed = []struct{ name, json string }{
	{"message without a chat", `{"message":{"message_id":5,"date":1,"text":"/help","from":{"id":1002,"is_bot":false,"first_name":"Tom"}}}`},
	{"message without a sender", `{"message":{"message_id":5,"date":1,"text":"/help","chat":{"id":1002,"type":"private"}}}`},
	{"channel post without a chat", `{"channel_post":{"message_id":5,"date":1,"text":"/help"}}`},
	{"callback without a sender", `{"callback_query":{"id":"77","chat_instance":"1","data":"x","message":{"message_id":1,"date":1,"chat":{"id":1002,"type":"private"}}}}`},
	{"callback without a sender or message", `{"callback_query":{"id":"77","chat_instance":"1","data":"x"}}`},
	{"callback whose message has no chat", `{"callback_query":{"id":"77","chat_instance":"1","data":"x","from":{"id":1002,"is_bot":false,"first_name":"Tom"},"message":{"message_id":1,"date":1}}}`},
	{"inline query without a sender", `{"inline_query":{"id":"78","query":"110","offset":""}}`},
	{"membership without a chat", `{"my_chat_member":{"date":1,"from":{"id":1002,"is_bot":false,"first_name":"Tom"},"new_chat_member":{"status":"kicked","user":{"id":777,"is_bot":true,"first_name":"B"}}}}`},
	{"field of the wrong type", `{"message":{"message_id":"five","date":1,"text":"/help","chat":{"id":1002,"type":"private"},"from":{"id":1002,"is_bot":false,"first_name":"Tom"}}}`},
	{"chat of the wrong type", `{"message":{"message_id":5,"date":1,"text":"/help","chat":"1002"}}`},
	{"update of the wrong type", `{"callback_query":["not","an","object"]}`},
}

// checkSkipped checks that the malformed update id was logged once and
// that nothing panicked.
func checkSkipped(t *testing.T, logs string, id int) {
	t.Helper()
	if n := strings.Count(logs, fmt.Sprintf("malformed update skipped\" platform=telegram update_id=%d ", id)); n != 1 {
		t.Errorf("update %d logged %d times as malformed, want once:\n%s", id, n, logs)
	}
	if strings.Contains(logs, "panicked") {
		t.Errorf("a handler panicked:\n%s", logs)
	}
}

// TestMalformedUpdatesInLongPolling queues each malformed update, then an
// ordinary command, which must be answered.
func TestMalformedUpdatesInLongPolling(t *testing.T) {
	for _, m := range malformed {
		t.Run(m.name, func(t *testing.T) {
			e := start(t, option{fast: true})
			id := e.srv.QueueRawUpdate([]byte(m.json))
			chat := englishUser.PrivateChat()
			e.srv.SendText(chat, englishUser, "/help")
			e.wait(chat.ID, 1)
			e.waitFor("the malformed update confirmed", func(s *telegramtest.Server) bool { return s.PendingUpdates() == 0 })
			checkSkipped(t, e.logs.String(), id)
		})
	}
}

// TestMalformedUpdatesThroughTheWebhook posts each malformed update to the
// webhook over real HTTP: each is answered 200 (Telegram would otherwise
// deliver it again and again), logged once and skipped, and the next
// ordinary update is answered.
func TestMalformedUpdatesThroughTheWebhook(t *testing.T) {
	e := start(t, option{fast: true, cfg: func(c *telegram.Config) {
		c.WebhookURL, c.WebhookSecret = "https://bot.example.org/hook", "secret"
	}})
	e.waitFor("setWebhook", func(s *telegramtest.Server) bool { return s.Webhook().URL != "" })
	hs := httptest.NewServer(e.a.WebhookHandler())
	defer hs.Close()
	post := func(body string) (int, error) {
		req, _ := http.NewRequest(http.MethodPost, hs.URL+"/hook", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "secret")
		resp, err := hs.Client().Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	chat := englishUser.PrivateChat()
	e.srv.AddChat(chat)
	for i, m := range malformed {
		id := 500 + i
		body := fmt.Sprintf(`{"update_id":%d,%s`, id, strings.TrimPrefix(m.json, "{"))
		code, err := post(body)
		if err != nil || code != http.StatusOK {
			t.Errorf("%s: status %d, %v; want 200", m.name, code, err)
		}
		checkSkipped(t, e.logs.String(), id)
	}
	good := `{"update_id":900,"message":{"message_id":9,"date":1,"text":"/help","chat":{"id":1002,"type":"private"},"from":{"id":1002,"is_bot":false,"first_name":"Tom","language_code":"en"},"entities":[{"type":"bot_command","offset":0,"length":5}]}}`
	if code, err := post(good); code != http.StatusOK {
		t.Fatalf("an ordinary update: %d %v", code, err)
	}
	e.wait(chat.ID, 1)
	// A body that is not an update at all is refused.
	if code, _ := post(`not json`); code != http.StatusBadRequest {
		t.Errorf("a body that is not JSON: %d, want 400", code)
	}
}

// TestEmptyAnswersAtOnceDoNotSpin runs the bot against a getUpdates that
// answers at once with nothing: the bot waits between polls.
func TestEmptyAnswersAtOnceDoNotSpin(t *testing.T) {
	e := start(t, option{noRun: true, cfg: func(c *telegram.Config) { c.PollTimeout = 30 * time.Second }})
	e.srv.AnswerAtOnce(true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.a.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	time.Sleep(3 * time.Second)
	if n := len(e.srv.CallsTo("getUpdates")); n > 6 {
		t.Errorf("%d getUpdates calls in 3 s against a server that answers at once", n)
	}
	// Updates still arrive.
	chat := englishUser.PrivateChat()
	e.srv.SendText(chat, englishUser, "/help")
	e.wait(chat.ID, 1)
}

// TestWebhookBodyOverTheLimit gets 413, not a decoding error.
func TestWebhookBodyOverTheLimit(t *testing.T) {
	e := start(t, option{cfg: func(c *telegram.Config) {
		c.WebhookURL, c.WebhookSecret = "https://bot.example.org/hook", "secret"
	}})
	e.waitFor("setWebhook", func(s *telegramtest.Server) bool { return s.Webhook().URL != "" })
	body := `{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"` + strings.Repeat("x", 2<<20) + `"}}`
	req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader([]byte(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "secret")
	rec := httptest.NewRecorder()
	e.a.WebhookHandler().ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", rec.Code)
	}
}

// TestFloodInAGroupIsJudgedOnArrival: one user sends 30 commands within a
// second in a group. With the group's send pacing, judging each command
// when it is served would find the user's bucket refilled; judged on
// arrival, the group gets a few answers and one notice.
func TestFloodInAGroupIsJudgedOnArrival(t *testing.T) {
	limits := telegramtest.Limits{GlobalPerSecond: 30, ChatPerSecond: 1, ChatBurst: 3, GroupPerMinute: 60}
	e := start(t, option{
		srv:    []telegramtest.Option{telegramtest.WithLimits(limits)},
		cfg:    func(c *telegram.Config) { c.Limits = telegram.Limits(limits) },
		config: func(c *bot.Config) { c.UserRate, c.UserBurst = bot.DefaultUserRate, bot.DefaultUserBurst },
	})
	g := telegramtest.Chat{ID: -7001, Type: "supergroup", Title: "Desk"}
	e.srv.AddChat(g)
	for range 30 {
		e.srv.SendText(g, englishUser, "/help")
	}
	// Wait until the group has had nothing new for 3 s (today's code keeps
	// answering for half a minute).
	deadline := time.Now().Add(45 * time.Second)
	last, since := -1, time.Now()
	for time.Now().Before(deadline) && (last < 0 || time.Since(since) < 3*time.Second) {
		if n := e.srv.MessageCount(g.ID); n != last {
			last, since = n, time.Now()
		}
		time.Sleep(50 * time.Millisecond)
	}
	notices := 0
	for _, m := range e.srv.Messages(g.ID) {
		if strings.Contains(m.PlainText, "too fast") {
			notices++
		}
	}
	answers := e.srv.MessageCount(g.ID) - notices
	t.Logf("30 commands in a second: %d answers, %d notices", answers, notices)
	if answers > bot.DefaultUserBurst+1 || answers == 0 || notices != 1 {
		t.Errorf("%d answers and %d notices; want at most %d answers and one notice", answers, notices, bot.DefaultUserBurst+1)
	}
}

// TestShutdownAnswersWhatWasFetched: Shutdown stops fetching, answers
// every update fetched (paced as always) and confirms them to Telegram.
func TestShutdownAnswersWhatWasFetched(t *testing.T) {
	e := start(t, option{})
	users := []telegramtest.User{
		{ID: 3001, FirstName: "A", LanguageCode: "en"}, {ID: 3002, FirstName: "B", LanguageCode: "en"}, {ID: 3003, FirstName: "C", LanguageCode: "en"},
	}
	for _, u := range users {
		for range 4 {
			e.srv.SendText(u.PrivateChat(), u, "/help")
		}
	}
	for _, u := range users {
		e.wait(u.ID, 1) // fetched: the first answer is out
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := e.a.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	for _, u := range users {
		if n := e.srv.MessageCount(u.ID); n != 4 {
			t.Errorf("chat %d: %d answers of 4 after Shutdown", u.ID, n)
		}
	}
	if n := e.srv.PendingUpdates(); n != 0 {
		t.Errorf("%d answered updates not confirmed", n)
	}
}

// TestShutdownDeadlineLeavesTheRestToTheNextProcess: what a shutdown
// deadline leaves unanswered is not confirmed, and the next process on the
// same bot answers it; nothing is answered twice.
func TestShutdownDeadlineLeavesTheRestToTheNextProcess(t *testing.T) {
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	t.Cleanup(srv.Close)
	run := func() (*telegram.Adapter, context.CancelFunc, chan struct{}) {
		c := bottest.NewCore(t, bottest.Options{})
		ctx, cancel := context.WithCancel(context.Background())
		a, err := telegram.New(ctx, telegram.Config{Token: srv.Token(), APIURL: srv.URL(), Limits: telegram.DefaultLimits(),
			Logger: c.Log, PollTimeout: 2 * time.Second}, c.Bot, c.States)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { a.Run(ctx); close(done) }()
		return a, cancel, done
	}
	chat := englishUser.PrivateChat()
	const sent = 8
	for range sent {
		srv.SendText(chat, englishUser, "/help")
	}
	a, cancel, done := run()
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	srv.WaitMessages(wctx, chat.ID, 1)
	sctx, scancel := context.WithTimeout(context.Background(), time.Second)
	defer scancel()
	if err := a.Shutdown(sctx); err == nil {
		t.Fatal("Shutdown answered 8 paced commands in a second")
	}
	cancel()
	<-done
	answered := srv.MessageCount(chat.ID)
	if left := srv.PendingUpdates(); answered+left != sent || left == 0 {
		t.Fatalf("%d answered and %d left for the next process; want %d in all", answered, left, sent)
	}
	_, cancel2, done2 := run()
	defer func() { cancel2(); <-done2 }()
	if _, err := srv.WaitMessages(wctx, chat.ID, sent); err != nil {
		t.Fatalf("the next process did not answer the rest: %d of %d", srv.MessageCount(chat.ID), sent)
	}
	time.Sleep(300 * time.Millisecond)
	if n := srv.MessageCount(chat.ID); n != sent {
		t.Errorf("%d answers to %d commands", n, sent)
	}
	for _, v := range srv.Violations() {
		t.Error(v)
	}
}
