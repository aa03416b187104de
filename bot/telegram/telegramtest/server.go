package telegramtest

import (
	"bytes"
	"encoding/json"
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

// DefaultToken is the bot token a Server accepts unless WithToken is given.
const DefaultToken = "123456:TEST-token-AAbbCCddEEffGGhhIIjjKKllMM"

// Server is a fake Telegram Bot API server. Create it with New and stop it with
// Close. All methods are safe for concurrent use.
type Server struct {
	hs    *httptest.Server
	spec  *apiSpec
	token string
	bot   User
	now   func() time.Time

	mu        sync.Mutex
	closed    bool
	calls     []Call
	viols     []string
	n429      int
	changed   chan struct{} // closed on any state change, created lazily by waiters
	chats     map[int64]*chatState
	byName    map[string]int64 // "@username" (lower case) -> chat id
	users     map[int64]User
	nextID    int64 // source of callback/inline query ids
	upd       updateQueue
	webhook   WebhookInfo
	cbs       map[string]*issuedQuery
	inlines   map[string]*issuedQuery
	cbAns     []CallbackAnswer
	inAns     []InlineAnswer
	commands  map[commandKey][]tgbotapi.BotCommand
	fail      failures
	throttles []Throttle
	rl        *rateLimiter
}

// Option configures a Server.
type Option func(*config)

type config struct {
	token    string
	botID    int64
	botName  string
	limits   Limits
	noLimits bool
	now      func() time.Time
}

// WithToken sets the token the server accepts. Its numeric prefix (before the
// colon) becomes the bot's user id unless WithBotUser is also given.
func WithToken(token string) Option { return func(c *config) { c.token = token } }

// WithBotUser sets the bot's user id and username (returned by getMe).
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
	if c.token == "" {
		if c.botID != 0 {
			c.token = fmt.Sprintf("%d:TEST-token-AAbbCCddEEffGGhhIIjjKKllMM", c.botID)
		} else {
			c.token = DefaultToken
		}
	}
	if c.botID == 0 {
		prefix, _, _ := strings.Cut(c.token, ":")
		c.botID, _ = strconv.ParseInt(prefix, 10, 64)
		if c.botID == 0 {
			c.botID = 123456
		}
	}
	if c.botName == "" {
		c.botName = "test_bot"
	}
	s := &Server{
		spec:     theSpec(),
		token:    c.token,
		bot:      User{ID: c.botID, FirstName: "Test Bot", Username: c.botName},
		now:      c.now,
		chats:    map[int64]*chatState{},
		byName:   map[string]int64{},
		users:    map[int64]User{},
		nextID:   4_000_000_000_000_000_000,
		cbs:      map[string]*issuedQuery{},
		inlines:  map[string]*issuedQuery{},
		commands: map[commandKey][]tgbotapi.BotCommand{},
	}
	s.upd.init()
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

// Bot returns the bot's own user.
func (s *Server) Bot() User { return s.bot }

// Client returns an HTTP client tuned for many concurrent requests to the server.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512}}
}

// NewBot is a shortcut for tgbotapi.NewBotAPIWithClient(s.Token(), s.Endpoint(), s.Client()).
func (s *Server) NewBot() (*tgbotapi.BotAPI, error) {
	return tgbotapi.NewBotAPIWithClient(s.token, s.Endpoint(), s.Client())
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
	method string // canonical name
	spec   *methodSpec
	p      params
	chatID int64 // 0 when the call has no (numeric or resolvable) chat_id
	at     time.Time
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	at := s.now()
	method, res, aerr, p := s.dispatch(r, at)
	var body []byte
	status := http.StatusOK
	if aerr != nil {
		status = aerr.code
		body = errorBody(aerr)
	} else {
		body = okBody(res)
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, Params: p.vals, Files: p.files, Time: at, Status: status, Error: descOf(aerr)})
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
	m := s.spec.lookupMethod(name)
	if m == nil {
		return name, okResult{}, &apiError{code: 404, desc: "Not Found", violation: true}, params{}
	}
	p, err := parseParams(r)
	if err != nil {
		return m.Name, okResult{}, badRequest(err.Error()), p
	}
	if e := s.spec.checkParams(m, p); e != nil {
		return m.Name, okResult{}, e, p
	}
	rq := &request{method: m.Name, spec: m, p: p, at: at}
	if v, ok := p.lookup("chat_id"); ok {
		id, e := s.resolveChat(v)
		if e != nil {
			return m.Name, okResult{}, e, p
		}
		rq.chatID = id
	}
	h := handlers[m.Name]
	if h == nil {
		h = (*Server).handleGeneric
	}
	res, e := h(s, rq, r)
	return m.Name, res, e, p
}

// resolveChat turns a chat_id value (an integer or "@username") into an id.
func (s *Server) resolveChat(v string) (int64, *apiError) {
	if id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
		return id, nil
	}
	if strings.HasPrefix(v, "@") {
		s.mu.Lock()
		id, ok := s.byName[strings.ToLower(v)]
		s.mu.Unlock()
		if ok {
			return id, nil
		}
	}
	return 0, badRequest("chat not found")
}

var okPrefix = []byte(`{"ok":true,"result":`)

func okBody(res okResult) []byte {
	var b bytes.Buffer
	b.Write(okPrefix)
	switch r := res.result.(type) {
	case json.RawMessage:
		b.Write(r)
	case nil:
		b.WriteString("true")
	default:
		enc, err := json.Marshal(r)
		if err != nil {
			panic("telegramtest: cannot encode result: " + err.Error())
		}
		b.Write(enc)
	}
	if res.desc != "" {
		b.WriteString(`,"description":`)
		d, _ := json.Marshal(res.desc)
		b.Write(d)
	}
	b.WriteByte('}')
	return b.Bytes()
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

// Call is one request the server received.
type Call struct {
	Method string            // canonical method name ("sendMessage"); the raw path element if unknown
	Params url.Values        // parameters from query string and body (JSON bodies flattened)
	Files  map[string]string // multipart file parts: field name -> file name
	Time   time.Time         // arrival time, from the server's clock
	Status int               // HTTP status / error_code answered (200 on success)
	Error  string            // description of the error answered, "" on success
}

// urlIsLoopback reports whether a webhook URL points at this machine.
func urlIsLoopback(u *url.URL) bool {
	h := u.Hostname()
	return h == "127.0.0.1" || h == "localhost" || h == "::1"
}
