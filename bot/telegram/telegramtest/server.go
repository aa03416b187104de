package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// DefaultToken is the bot token a Server accepts unless WithBotUser sets
// another bot id: the token is always "<bot id>:" + tokenSecret.
const DefaultToken = "123456:" + tokenSecret

const tokenSecret = "TEST-token-AAbbCCddEEffGGhhIIjjKKllMM"

// handler serves one Bot API method; the call has passed the spec check.
type handler func(rq *request) (okResult, *apiError)

// Server is a fake Telegram Bot API server. Create it with New and stop it with
// Close. All methods are safe for concurrent use.
type Server struct {
	hs      *httptest.Server
	spec    *apiSpec
	specErr error
	methods map[string]handler // canonical method name -> handler; the rest: handleGeneric
	token   string
	bot     User
	now     func() time.Time

	mu        sync.Mutex
	closed    bool
	calls     []Call
	viols     []string
	n429      int
	changed   chan struct{} // closed on any state change, created lazily by waiters
	chats     map[int64]*chatState
	users     map[int64]User
	nextID    int64 // source of callback/inline query ids
	upd       updateQueue
	webhook   WebhookInfo
	cbs       map[string]bool // issued callback query ids -> answered
	inlines   map[string]bool // issued inline query ids -> answered
	cbAns     []CallbackAnswer
	inAns     []InlineAnswer
	commands  map[string][]tgbotapi.BotCommand // language code -> commands (default scope)
	fail      failures
	throttles []Throttle
	rl        *rateLimiter
}

// Option configures a Server.
type Option func(*config)

type config struct {
	botID    int64
	botName  string
	limits   Limits
	noLimits bool
	now      func() time.Time
}

// WithBotUser sets the bot's user id and username (returned by getMe); the
// token becomes "<id>:TEST-token-...".
func WithBotUser(id int64, username string) Option {
	return func(c *config) { c.botID, c.botName = id, username }
}

// WithLimits replaces the default rate limits.
func WithLimits(l Limits) Option { return func(c *config) { c.limits, c.noLimits = l, false } }

// WithoutLimits turns rate limiting off entirely (for benchmarks). Scripted
// failures still apply.
func WithoutLimits() Option { return func(c *config) { c.noLimits = true } }

// WithNow sets the clock used for rate limiting, retry_after bookkeeping and
// message dates. Long-poll timeouts always use real time.
func WithNow(now func() time.Time) Option { return func(c *config) { c.now = now } }

// New starts a fake Bot API server on 127.0.0.1.
func New(opts ...Option) *Server {
	c := config{limits: DefaultLimits(), now: time.Now}
	for _, o := range opts {
		o(&c)
	}
	if c.botID == 0 {
		c.botID = 123456
	}
	if c.botName == "" {
		c.botName = "test_bot"
	}
	s := &Server{
		token:    strconv.FormatInt(c.botID, 10) + ":" + tokenSecret,
		bot:      User{ID: c.botID, FirstName: "Test Bot", Username: c.botName},
		now:      c.now,
		chats:    map[int64]*chatState{},
		users:    map[int64]User{},
		nextID:   4_000_000_000_000_000_000,
		upd:      updateQueue{next: 1},
		cbs:      map[string]bool{},
		inlines:  map[string]bool{},
		commands: map[string][]tgbotapi.BotCommand{},
		fail:     failures{blocked: map[int64]string{}, migrated: map[int64]int64{}, retryChat: map[int64]time.Time{}},
	}
	s.spec, s.specErr = sharedSpec()
	// The methods the fake models: those the bot calls. Every other method
	// of the spec passes the spec check and is then answered by
	// handleUnmodelled.
	s.methods = map[string]handler{
		"getMe":               s.handleGetMe,
		"getUpdates":          s.handleGetUpdates,
		"sendMessage":         s.handleSend,
		"editMessageText":     s.handleEdit,
		"sendChatAction":      s.handleSendChatAction,
		"answerCallbackQuery": s.handleAnswerCallbackQuery,
		"answerInlineQuery":   s.handleAnswerInlineQuery,
		"setMyCommands":       s.handleSetMyCommands,
		"setWebhook":          s.handleWebhook,
		"deleteWebhook":       s.handleWebhook,
		"getWebhookInfo":      s.handleGetWebhookInfo,
		"getChatMember":       s.handleGetChatMember,
	}
	if !c.noLimits {
		s.rl = newRateLimiter(c.limits)
	}
	s.hs = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// Close wakes all long polls and shuts the server down.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.upd.wake()
	s.notifyLocked()
	s.mu.Unlock()
	s.hs.Close()
}

// URL returns the server's base URL, e.g. "http://127.0.0.1:40123".
func (s *Server) URL() string { return s.hs.URL }

// Endpoint returns the endpoint format tgbotapi.NewBotAPIWithClient expects.
func (s *Server) Endpoint() string { return s.hs.URL + "/bot%s/%s" }

// Token returns the token the server accepts.
func (s *Server) Token() string { return s.token }

// Client returns an HTTP client tuned for many concurrent requests to the server.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512}}
}

// apiError is a failed answer.
type apiError struct {
	code       int
	desc       string
	retryAfter int
	migrateTo  int64
	violation  bool   // the bot broke a rule (as opposed to a scripted or rate-limit failure)
	note       string // extra detail for the violation log, not sent
}

func badRequest(detail string) *apiError {
	return &apiError{code: 400, desc: "Bad Request: " + detail, violation: true}
}

type okResult struct {
	result any
	desc   string // optional description on success (setWebhook, deleteWebhook)
}

// request is one API call being served.
type request struct {
	ctx    context.Context
	method string // canonical name
	spec   *methodSpec
	p      params
	chatID int64 // 0 when the call has no (numeric or resolvable) chat_id
	at     time.Time
}

// gated runs f with s.mu held, after the checks every call goes through
// (gateLocked); cs is the call's chat, nil if it names none.
func (s *Server) gated(rq *request, f func(cs *chatState) (okResult, *apiError)) (okResult, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, e := s.gateLocked(rq)
	if e != nil {
		return okResult{}, e
	}
	return f(cs)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	at := s.now()
	method, res, aerr, p := s.dispatch(r, at)
	var body []byte
	if aerr == nil {
		var err error
		if body, err = okBody(res); err != nil {
			aerr = &apiError{code: http.StatusInternalServerError, desc: "Internal Server Error", violation: true,
				note: "telegramtest cannot encode its result: " + err.Error()}
		}
	}
	status := http.StatusOK
	if aerr != nil {
		status, body = aerr.code, errorBody(aerr)
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, Params: p.vals, Time: at, Status: status, Error: descOf(aerr)})
	if aerr != nil {
		if aerr.code == http.StatusTooManyRequests {
			s.n429++
		}
		if aerr.violation {
			v := fmt.Sprintf("%s %s: %d %s", method, describeTarget(p), aerr.code, aerr.desc)
			if aerr.note != "" {
				v += " (" + aerr.note + ")"
			}
			s.viols = append(s.viols, v)
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func descOf(e *apiError) string {
	if e == nil {
		return ""
	}
	return e.desc
}

func describeTarget(p params) string {
	if c, ok := p.lookup("chat_id"); ok {
		return "chat " + c
	}
	return "(no chat)"
}

func (s *Server) dispatch(r *http.Request, at time.Time) (string, okResult, *apiError, params) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, name, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || name == "" || strings.Contains(name, "/") {
		return name, okResult{}, &apiError{code: 404, desc: "Not Found", violation: true}, params{}
	}
	if token != s.token {
		return name, okResult{}, &apiError{code: 401, desc: "Unauthorized", violation: true}, params{}
	}
	if s.specErr != nil {
		return name, okResult{}, &apiError{code: 500, desc: "Internal Server Error", violation: true,
			note: "telegramtest: bad embedded spec: " + s.specErr.Error()}, params{}
	}
	m := s.spec.lookupMethod(name)
	if m == nil {
		return name, okResult{}, &apiError{code: 404, desc: "Not Found", violation: true}, params{}
	}
	p, err := parseParams(r)
	if errors.Is(err, errCutShort) {
		return m.Name, okResult{}, &apiError{code: 400, desc: "Bad Request: " + err.Error()}, p
	}
	if err != nil {
		return m.Name, okResult{}, badRequest(err.Error()), p
	}
	if e := s.spec.checkParams(m, p); e != nil {
		return m.Name, okResult{}, e, p
	}
	rq := &request{ctx: r.Context(), method: m.Name, spec: m, p: p, at: at}
	if v, ok := p.lookup("chat_id"); ok {
		id, e := resolveChat(v)
		if e != nil {
			return m.Name, okResult{}, e, p
		}
		rq.chatID = id
	}
	h := s.methods[m.Name]
	if h == nil {
		h = s.handleUnmodelled
	}
	res, e := h(rq)
	return m.Name, res, e, p
}

// resolveChat turns a chat_id value into an id. Telegram also accepts a
// channel's "@username"; the bot addresses chats by id, and the fake
// answers a username "chat not found".
func resolveChat(v string) (int64, *apiError) {
	if id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && id != 0 {
		return id, nil
	}
	return 0, badRequest("chat not found")
}

func okBody(res okResult) ([]byte, error) {
	b := bytes.NewBufferString(`{"ok":true,"result":`)
	switch r := res.result.(type) {
	case json.RawMessage:
		b.Write(r)
	case nil:
		b.WriteString("true")
	default:
		enc, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		b.Write(enc)
	}
	if res.desc != "" {
		b.WriteString(`,"description":`)
		d, _ := json.Marshal(res.desc)
		b.Write(d)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func errorBody(e *apiError) []byte {
	type rp struct {
		MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
		RetryAfter      int   `json:"retry_after,omitempty"`
	}
	out := struct {
		OK          bool   `json:"ok"`
		ErrorCode   int    `json:"error_code"`
		Description string `json:"description"`
		Parameters  *rp    `json:"parameters,omitempty"`
	}{ErrorCode: e.code, Description: e.desc}
	if e.retryAfter > 0 || e.migrateTo != 0 {
		out.Parameters = &rp{MigrateToChatID: e.migrateTo, RetryAfter: e.retryAfter}
	}
	b, _ := json.Marshal(out)
	return b
}

// notifyLocked wakes WaitFor callers. s.mu must be held.
func (s *Server) notifyLocked() {
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
}

// violationLocked records a rule broken outside a request (a misused
// builder); s.mu must be held.
func (s *Server) violationLocked(v string) {
	s.viols = append(s.viols, v)
	s.notifyLocked()
}

// Call is one request the server received.
type Call struct {
	Method string     // canonical method name ("sendMessage"); the raw path element if unknown
	Params url.Values // parameters from query string and body (JSON bodies flattened)
	Time   time.Time  // arrival time, from the server's clock
	Status int        // HTTP status / error_code answered (200 on success)
	Error  string     // description of the error answered, "" on success
}
