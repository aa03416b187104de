package telegramtest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// newBot starts a server and a tgbotapi client talking to it.
func newBot(t testing.TB, opts ...Option) (*Server, *tgbotapi.BotAPI) {
	t.Helper()
	srv := New(opts...)
	t.Cleanup(srv.Close)
	bot, err := tgbotapi.NewBotAPIWithClient(srv.Token(), srv.Endpoint(), srv.Client())
	if err != nil {
		t.Fatalf("NewBotAPIWithClient: %v", err)
	}
	return srv, bot
}

// apiError extracts the *tgbotapi.Error, failing the test if err is another error.
func tgError(t *testing.T, err error) *tgbotapi.Error {
	t.Helper()
	var e *tgbotapi.Error
	if !errors.As(err, &e) {
		t.Fatalf("want *tgbotapi.Error, got %T %v", err, err)
	}
	return e
}

func wantError(t *testing.T, err error, code int, desc string) *tgbotapi.Error {
	t.Helper()
	e := tgError(t, err)
	if e.Code != code || !strings.Contains(e.Message, desc) {
		t.Fatalf("got error %d %q, want %d containing %q", e.Code, e.Message, code, desc)
	}
	return e
}

func noViolations(t *testing.T, srv *Server) {
	t.Helper()
	if v := srv.Violations(); len(v) > 0 {
		t.Fatalf("unexpected violations:\n%s", strings.Join(v, "\n"))
	}
}

func wantViolation(t *testing.T, srv *Server, substr string) {
	t.Helper()
	for _, v := range srv.Violations() {
		if strings.Contains(v, substr) {
			return
		}
	}
	t.Fatalf("no violation containing %q in %q", substr, srv.Violations())
}

// fakeClock is a manually advanced clock for WithNow.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var (
	alice     = User{ID: 1001, FirstName: "Alice", Username: "alice", LanguageCode: "en"}
	bob       = User{ID: 1002, FirstName: "Bob"}
	aliceChat = alice.PrivateChat()
	group     = Chat{ID: -2001, Type: "supergroup", Title: "Team"}
)

func TestGetMe(t *testing.T) {
	srv, bot := newBot(t, WithBotUser(777, "brief_bot"))
	if bot.Self.ID != 777 || bot.Self.UserName != "brief_bot" || !bot.Self.IsBot {
		t.Fatalf("Self = %+v", bot.Self)
	}
	if !strings.HasPrefix(srv.Token(), "777:") {
		t.Fatalf("token %q does not start with the bot id", srv.Token())
	}
	if c := srv.CallsTo("getMe"); len(c) != 1 || c[0].Status != 200 {
		t.Fatalf("getMe calls = %+v", c)
	}
	noViolations(t, srv)
}

func TestWrongToken(t *testing.T) {
	srv := New()
	defer srv.Close()
	_, err := tgbotapi.NewBotAPIWithClient("123456:wrong", srv.Endpoint(), srv.Client())
	wantError(t, err, 401, "Unauthorized")
	wantViolation(t, srv, "401 Unauthorized")
}

func TestUnknownMethod(t *testing.T) {
	srv, bot := newBot(t)
	_, err := bot.MakeRequest("sendTelepathy", tgbotapi.Params{"chat_id": "1"})
	wantError(t, err, 404, "Not Found")
	wantViolation(t, srv, "sendTelepathy")
	// Method names are case-insensitive, as in the real API.
	if _, err := bot.MakeRequest("GETME", nil); err != nil {
		t.Fatalf("GETME: %v", err)
	}
}

func TestMissingRequiredParam(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddChat(group)
	_, err := bot.MakeRequest("sendMessage", tgbotapi.Params{"chat_id": "-2001"})
	wantError(t, err, 400, "message text is empty")
	_, err = bot.MakeRequest("getChatMember", tgbotapi.Params{"chat_id": "-2001"})
	wantError(t, err, 400, `"user_id" is required`)
	_, err = bot.MakeRequest("sendMessage", tgbotapi.Params{"text": "hi"})
	wantError(t, err, 400, "chat_id is empty")
	if n := len(srv.Violations()); n != 3 {
		t.Fatalf("violations = %d, want 3", n)
	}
}

func TestParamTypes(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddChat(group)
	cases := []struct {
		params tgbotapi.Params
		want   string
	}{
		{tgbotapi.Params{"chat_id": "-2001", "text": "x", "disable_notification": "maybe"}, `"disable_notification" must be of type Boolean`},
		{tgbotapi.Params{"chat_id": "-2001", "text": "x", "message_thread_id": "1.5"}, `"message_thread_id" must be of type Integer`},
		{tgbotapi.Params{"chat_id": "-2001", "text": "x", "reply_markup": "{oops"}, "can't parse reply keyboard markup"},
		{tgbotapi.Params{"chat_id": "-2001", "text": "x", "reply_markup": `{"inline_keyboard":[[{"callback_data":"a"}]]}`}, `"text" is required`},
		{tgbotapi.Params{"chat_id": "-2001", "text": "x", "entities": `{"type":"bold"}`}, "can't parse entities JSON"},
		{tgbotapi.Params{"chat_id": "no-such-chat", "text": "x"}, "chat not found"},
		{tgbotapi.Params{"chat_id": "-999", "text": "x"}, "chat not found"},
	}
	for _, c := range cases {
		_, err := bot.MakeRequest("sendMessage", c.params)
		wantError(t, err, 400, c.want)
	}
	// tgbotapi sends entities=null for a nil slice; that is accepted.
	if _, err := bot.Send(tgbotapi.NewMessage(-2001, "ok")); err != nil {
		t.Fatal(err)
	}
}

func TestJSONAndQueryBodies(t *testing.T) {
	srv, _ := newBot(t)
	srv.AddChat(group)
	body := `{"chat_id":-2001,"text":"<b>hi</b>","parse_mode":"HTML","reply_markup":{"inline_keyboard":[[{"text":"go","callback_data":"go"}]]}}`
	resp, err := http.Post(srv.URL()+"/bot"+srv.Token()+"/sendMessage", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"text":"hi"`) || !strings.Contains(string(b), `"entities":[{"type":"bold","offset":0,"length":2}]`) {
		t.Fatalf("JSON body: %d %s", resp.StatusCode, b)
	}
	q := url.Values{"chat_id": {"-2001"}, "text": {"from query"}}
	resp, err = http.Get(srv.URL() + "/bot" + srv.Token() + "/sendMessage?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	msgs := srv.Messages(-2001)
	if resp.StatusCode != 200 || len(msgs) != 2 || msgs[1].Text != "from query" {
		t.Fatalf("query string: %d %+v", resp.StatusCode, msgs)
	}
	if msgs[0].ReplyMarkup != `{"inline_keyboard":[[{"callback_data":"go","text":"go"}]]}` {
		t.Fatalf("markup = %s", msgs[0].ReplyMarkup)
	}
	resp, _ = http.Get(srv.URL() + "/nothing")
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || string(b) != `{"ok":false,"error_code":404,"description":"Not Found"}` {
		t.Fatalf("bad path: %d %s", resp.StatusCode, b)
	}
	noViolationsExcept(t, srv, 1)
}

func noViolationsExcept(t *testing.T, srv *Server, n int) {
	t.Helper()
	if v := srv.Violations(); len(v) != n {
		t.Fatalf("want %d violations, got %q", n, v)
	}
}

func TestChatActionAndUnmodelledCalls(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddChat(group)
	if _, err := bot.Request(tgbotapi.NewChatAction(-2001, tgbotapi.ChatTyping)); err != nil {
		t.Fatal(err)
	}
	_, err := bot.Request(tgbotapi.NewChatAction(-2001, "dancing"))
	wantError(t, err, 400, "wrong parameter action")
	// A method of the spec the fake does not model: a malformed call still
	// gets the spec's 400, a well-formed one a 501 violation, not a made-up result.
	_, err = bot.MakeRequest("pinChatMessage", tgbotapi.Params{"chat_id": "-2001"})
	wantError(t, err, 400, "message identifier is not specified")
	_, err = bot.Request(tgbotapi.PinChatMessageConfig{ChatID: -2001, MessageID: 1})
	wantError(t, err, 501, "telegramtest does not model pinChatMessage")
	// File uploads (multipart) and reply keyboards are refused as unmodelled too.
	_, err = bot.Send(tgbotapi.NewPhoto(-2001, tgbotapi.FileBytes{Name: "a.png", Bytes: []byte("png")}))
	if e := tgError(t, err); !strings.Contains(e.Message, "does not model multipart uploads") {
		t.Fatalf("multipart: %q", e.Message)
	}
	kb := tgbotapi.NewMessage(-2001, "keyboard")
	kb.ReplyMarkup = tgbotapi.NewReplyKeyboard(tgbotapi.NewKeyboardButtonRow(tgbotapi.NewKeyboardButton("a")))
	_, err = bot.Send(kb)
	wantError(t, err, 501, "does not model reply keyboards")
	wantViolation(t, srv, "501 Not Implemented: telegramtest does not model pinChatMessage")
	noViolationsExcept(t, srv, 5)
}

// A process killed while writing leaves half a body behind. Telegram never
// sees that request whole, so it is logged as a call but is not a rule the bot
// broke; a malformed body that did arrive whole still is.
func TestBodyCutShortIsNotAViolation(t *testing.T) {
	srv, _ := newBot(t)
	srv.AddChat(group)
	u, _ := url.Parse(srv.URL())
	for _, ct := range []string{"application/x-www-form-urlencoded", "application/json"} {
		conn, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		half := "chat_id=-2001&te"
		fmt.Fprintf(conn, "POST /bot%s/sendMessage HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: 200\r\n\r\n%s", srv.Token(), u.Host, ct, half)
		conn.(*net.TCPConn).CloseWrite()
		_, _ = io.ReadAll(conn)
		conn.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(srv.CallsTo("sendMessage")) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	calls := srv.CallsTo("sendMessage")
	if len(calls) != 2 || calls[0].Status != 400 || !strings.Contains(calls[0].Error, "cut short") || !strings.Contains(calls[1].Error, "cut short") {
		t.Fatalf("calls = %+v", calls)
	}
	noViolations(t, srv)
	resp, err := http.Post(srv.URL()+"/bot"+srv.Token()+"/sendMessage", "application/json", strings.NewReader(`{"chat_id":`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	wantViolation(t, srv, "can't parse JSON body")
}
