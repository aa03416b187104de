package discordtest

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Defaults used when no option overrides them.
const (
	DefaultToken             = "fake-bot-token"
	DefaultAppID             = "900000000000000001"
	DefaultHeartbeatInterval = 41250 * time.Millisecond
	// InteractionDeadline is how long after dispatch an interaction may be answered.
	InteractionDeadline = 3 * time.Second
	// TokenLifetime is how long an interaction token serves follow-ups and edits.
	TokenLifetime = 15 * time.Minute
)

// Server is a fake Discord. Create it with New and stop it with Close.
type Server struct {
	hs        *httptest.Server
	baseURL   *url.URL
	wsURL     string
	transport *http.Transport // to the fake, and to HTTP-interaction bots
	routes    []*route

	token     string
	appID     string
	botName   string
	heartbeat time.Duration
	offset    atomic.Int64  // nanoseconds added to the real clock by Advance
	seq       atomic.Uint64 // low bits of the snowflakes the fake issues
	limiter   *limiter
	pub       ed25519.PublicKey
	priv      ed25519.PrivateKey
	upgrader  websocket.Upgrader

	mu           sync.Mutex
	guilds       map[string]bool // the guilds the bot is in
	channels     map[string]*channelInfo
	messages     map[string]*message
	channelMsgs  map[string][]*message
	commands     map[string]*commandScope // "" = global
	interactions map[string]*interaction
	byToken      map[string]*interaction

	logMu      sync.Mutex
	violations []string
	n429       int
	nInvalid   int

	gw gatewayState
}

type channelInfo struct {
	id, guildID string
	parent      string // a thread's parent channel; "" for a channel
	denied      bool
	deleted     bool
}

// Option configures a Server.
type Option func(*Server)

// WithHeartbeat sets the heartbeat_interval sent in HELLO.
func WithHeartbeat(d time.Duration) Option { return func(s *Server) { s.heartbeat = d } }

// WithLimits enables rate limiting with l (DefaultLimits is used by default).
func WithLimits(l Limits) Option { return func(s *Server) { s.limiter = newLimiter(l, true) } }

// WithoutLimits disables rate limiting: no 429s and no X-RateLimit-* headers,
// so clients never throttle themselves. Use it for benchmarks.
func WithoutLimits() Option { return func(s *Server) { s.limiter = newLimiter(Limits{}, false) } }

// New starts a fake Discord on 127.0.0.1.
func New(opts ...Option) *Server {
	s := &Server{
		transport:    newTransport(),
		token:        DefaultToken,
		appID:        DefaultAppID,
		botName:      "briefbot",
		heartbeat:    DefaultHeartbeatInterval,
		limiter:      newLimiter(DefaultLimits(), true),
		guilds:       map[string]bool{},
		channels:     map[string]*channelInfo{},
		messages:     map[string]*message{},
		channelMsgs:  map[string][]*message{},
		commands:     map[string]*commandScope{},
		interactions: map[string]*interaction{},
		byToken:      map[string]*interaction{},
		upgrader:     websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
		gw:           newGatewayState(),
	}
	for _, o := range opts {
		o(s)
	}
	s.pub, s.priv, _ = ed25519.GenerateKey(rand.Reader)
	// The REST routes the fake serves: those the bot calls. Any other
	// request is answered 404 (or 405) and recorded as a violation. Literal
	// segments come before parameters at the same position.
	s.routes = s.newRoutes([]routeDef{
		{"GET", "/gateway", s.getGateway, nil},
		{"GET", "/oauth2/applications/@me", s.getApplication, nil},
		{"PUT", "/applications/{application_id}/commands", s.putCommands, checkCommandList},
		{"PUT", "/applications/{application_id}/guilds/{guild_id}/commands", s.putCommands, checkCommandList},
		{"POST", "/interactions/{interaction_id}/{interaction_token}/callback", s.postCallback, checkCallback},
		{"PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", s.patchOriginal, checkMessage},
		{"DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", s.deleteOriginal, nil},
		{"POST", "/webhooks/{webhook_id}/{webhook_token}", s.postFollowup, checkMessage},
		{"POST", "/channels/{channel_id}/messages", s.postMessage, checkMessage},
	})
	s.hs = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.baseURL, _ = url.Parse(s.hs.URL)
	s.wsURL = "ws://" + s.baseURL.Host
	return s
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if websocket.IsWebSocketUpgrade(r) {
		s.serveGateway(w, r)
		return
	}
	s.serveREST(w, r)
}

// Close disconnects every gateway session and stops the server.
func (s *Server) Close() {
	s.gw.closeAll(websocket.CloseGoingAway, "server closing")
	s.hs.Close()
	s.transport.CloseIdleConnections()
}

// URL is the fake's base URL, e.g. http://127.0.0.1:41234 (REST lives under /api/v9).
func (s *Server) URL() string { return s.hs.URL }

// GatewayURL is the WebSocket URL returned by GET /gateway.
func (s *Server) GatewayURL() string { return s.wsURL }

// Token is the bot token without the "Bot " prefix.
func (s *Server) Token() string { return s.token }

// AppID is the application id (also the bot user's id).
func (s *Server) AppID() string { return s.appID }

// PublicKey is the hex ed25519 key that signs HTTP interactions (see PostInteraction).
func (s *Server) PublicKey() string { return hex.EncodeToString(s.pub) }

// Now is the fake's interaction clock: the real clock plus Advance.
func (s *Server) Now() time.Time { return time.Now().Add(time.Duration(s.offset.Load())) }

// Advance moves the interaction clock forward by d (deadlines, token expiry).
func (s *Server) Advance(d time.Duration) { s.offset.Add(int64(d)) }

// Client returns an *http.Client whose transport sends https://discord.com/...
// (and discordapp.com) requests to the fake. Give it to discordgo as session.Client.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: &RewriteTransport{Base: s.baseURL, Next: s.transport}, Timeout: 20 * time.Second}
}

// NewSession returns an unopened discordgo session for the fake's bot token,
// using Client(). The caller may adjust it (intents, handlers) before Open.
func (s *Server) NewSession() (*discordgo.Session, error) {
	dg, err := discordgo.New("Bot " + s.token)
	if err != nil {
		return nil, err
	}
	dg.Client = s.Client()
	return dg, nil
}

// RewriteTransport is an http.RoundTripper that sends requests for
// discord.com, its subdomains and discordapp.com (not the CDN) to Base,
// keeping path and query. Other requests pass through unchanged.
type RewriteTransport struct {
	Base *url.URL          // scheme and host of the fake
	Next http.RoundTripper // nil means a transport of its own, tuned for many connections

	once sync.Once
	own  http.RoundTripper
}

// newTransport is tuned for benchmarks that keep hundreds of requests in flight.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 1024
	t.MaxIdleConnsPerHost = 512
	t.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	return t
}

// RoundTrip implements http.RoundTripper.
func (t *RewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	next := t.Next
	if next == nil {
		t.once.Do(func() { t.own = newTransport() })
		next = t.own
	}
	h := r.URL.Hostname()
	if h == "discord.com" || h == "discordapp.com" || strings.HasSuffix(h, ".discord.com") {
		r2 := r.Clone(r.Context())
		r2.URL.Scheme = t.Base.Scheme
		r2.URL.Host = t.Base.Host
		r2.Host = t.Base.Host
		return next.RoundTrip(r2)
	}
	return next.RoundTrip(r)
}

// AddChannel registers a text channel in a guild the bot is in (guildID ""
// for a DM channel). Sending to unregistered channels fails with 10003. The
// name is not modelled: it keeps call sites readable.
func (s *Server) AddChannel(id, guildID, _ string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[id] = &channelInfo{id: id, guildID: guildID}
	if guildID != "" {
		s.guilds[guildID] = true
	}
}

// AddThread registers a public thread of channel parentID (registered
// first): a channel of its own, in the parent's guild. Interactions from it
// carry its id as channel_id and a channel object of type 11 with
// parent_id; messages posted to its id appear in it, not in the parent.
func (s *Server) AddThread(id, parentID, _ string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	guild := ""
	if p := s.channels[parentID]; p != nil {
		guild = p.guildID
	}
	s.channels[id] = &channelInfo{id: id, guildID: guild, parent: parentID}
}

// DenyChannel makes every later message send to the channel fail with 403
// 50013 Missing Permissions.
func (s *Server) DenyChannel(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.channels[id]; ok {
		c.denied = true
		return
	}
	s.channels[id] = &channelInfo{id: id, denied: true}
}

// DeleteChannel makes the channel unknown: later calls get 404 10003.
func (s *Server) DeleteChannel(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.channels[id]; ok {
		c.deleted = true
	}
}

// Violations returns every rule the client broke: invalid bodies, double or
// late interaction answers, early retries after a 429, unknown routes.
func (s *Server) Violations() []string {
	return locked(&s.logMu, func() []string { return append([]string(nil), s.violations...) })
}

// Count429 is the number of 429 answers sent.
func (s *Server) Count429() int { return locked(&s.logMu, func() int { return s.n429 }) }

// InvalidRequests is the number of 401, 403 and 429 answers sent — the
// requests Discord counts towards its ban of 10,000 per 10 minutes.
func (s *Server) InvalidRequests() int { return locked(&s.logMu, func() int { return s.nInvalid }) }

// locked returns f's result computed with mu held.
func locked[T any](mu *sync.Mutex, f func() T) T {
	mu.Lock()
	defer mu.Unlock()
	return f()
}

func (s *Server) violate(v string) {
	s.logMu.Lock()
	s.violations = append(s.violations, v)
	s.logMu.Unlock()
}

// record counts an answer's status.
func (s *Server) record(status int) {
	s.logMu.Lock()
	switch status {
	case 429:
		s.n429++
		s.nInvalid++
	case 401, 403:
		s.nInvalid++
	}
	s.logMu.Unlock()
}

const discordEpochMS = 1420070400000

// newID returns a fresh snowflake, unique within the server.
func (s *Server) newID() string { return snowflakeAt(time.Now(), s.seq.Add(1)) }

// snowflakeAt builds a snowflake of time t with low (22) bits.
func snowflakeAt(t time.Time, low uint64) string {
	return strconv.FormatUint(uint64(t.UnixMilli()-discordEpochMS)<<22|low&0x3FFFFF, 10)
}

func newToken(id string) string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return "aW50ZXJhY3Rpb246" + id + "-" + hex.EncodeToString(b[:])
}

func (s *Server) timestamp() string { return s.Now().UTC().Format("2006-01-02T15:04:05.000000+00:00") }
