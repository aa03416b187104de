// Package telegram serves briefbot's command core on Telegram through
// github.com/go-telegram-bot-api/telegram-bot-api/v5: long polling or a
// webhook, HTML replies split to Telegram's limits, buttons that switch
// views in place, inline mode, command menus per language, and sends paced
// to Telegram's flood limits. It is the only package that imports the
// Telegram library.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// DefaultAPIURL is Telegram's Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// Config configures the adapter; Token is required.
type Config struct {
	Token string
	// APIURL is the Bot API server (TELEGRAM_API_URL): Telegram's, a
	// self-hosted one, or a test server.
	APIURL string
	// WebhookURL switches from long polling to a webhook (TELEGRAM_WEBHOOK_URL);
	// WebhookSecret is the secret_token Telegram echoes in every request.
	WebhookURL    string
	WebhookSecret string
	Limits        Limits
	Logger        *slog.Logger
	// PollTimeout is the long-polling timeout (default 30 s).
	PollTimeout time.Duration
	// Workers handle updates in parallel; one chat's updates always go to the
	// same worker, in order (default 16).
	Workers int
	// Transport carries the API requests (default http.DefaultTransport).
	Transport http.RoundTripper
	// Observer is told how sends go (metrics); nil: nobody.
	Observer bot.DeliveryObserver
}

// Core is what the adapter needs of the command core: every update goes
// through Handle, after Admit judged its sender's rate on arrival;
// Commands and DefaultLang make the command menus.
type Core interface {
	bot.Handler
	Admit(ctx context.Context, req *bot.Request) *bot.Reply
	Commands(lang summaries.Lang) []bot.CommandInfo
	DefaultLang() summaries.Lang
}

// caps are what Telegram can do beyond plain replies: /start, and the
// user's app language (language_code) with every update.
var caps = []bot.Capability{bot.CapStart, bot.CapUserLang}

// Adapter serves the core on Telegram.
type Adapter struct {
	cfg      Config
	core     Core
	states   bot.ChatStates
	log      *slog.Logger
	api      *tgbotapi.BotAPI
	endpoint string // the Bot API URL format, "<base>/bot%s/%s"
	client   *apiClient
	limits   *limiter
	obs      bot.DeliveryObserver
	conn     connection // whether updates arrive, for readiness
	buttons  *bot.ButtonCodec
	seed     maphash.Seed
	renders  bot.RenderCache[[]string]
	offsets  offsets
	busy     busyChats // chats with several updates at once
	queues   []chan job
	running  chan struct{} // closed when Run starts its workers
	stop     chan struct{} // closed by Shutdown: fetch nothing more
	finished chan struct{} // closed when Run has answered what it fetched
	wg       sync.WaitGroup

	mu      sync.RWMutex // guards the queues' closing against dispatch
	started bool         // Run began
	closed  bool         // the queues are closed
	stopped bool         // Shutdown was called
}

var _ bot.Sender = (*Adapter)(nil)

// New connects to the Bot API (getMe) and returns the adapter. The token
// never appears in its errors or logs.
func New(ctx context.Context, cfg Config, core Core, states bot.ChatStates) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("telegram: no token")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 30 * time.Second
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 16
	}
	if cfg.Observer == nil {
		cfg.Observer = bot.NopObserver{}
	}
	a := &Adapter{
		cfg: cfg, core: core, states: states,
		log:      cfg.Logger.With("platform", "telegram"),
		endpoint: strings.TrimRight(cfg.APIURL, "/") + "/bot%s/%s",
		limits:   newLimiter(cfg.Limits),
		obs:      cfg.Observer,
		buttons:  bot.NewButtonCodec(bot.TelegramButtonData, 4096),
		seed:     maphash.MakeSeed(),
		running:  make(chan struct{}),
		stop:     make(chan struct{}),
		finished: make(chan struct{}),
		queues:   make([]chan job, cfg.Workers),
	}
	for i := range a.queues {
		a.queues[i] = make(chan job, 256)
	}
	a.client = newAPIClient(ctx, cfg.Token, cfg.Transport)
	api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, a.endpoint, a.client)
	if err != nil {
		return nil, fmt.Errorf("telegram: connecting: %w", a.client.redact(err))
	}
	a.api = api
	return a, nil
}

// Username is the bot's @username, as Telegram reported it.
func (a *Adapter) Username() string { return a.api.Self.UserName }

// Run serves updates, by long polling or through the webhook when one is
// configured (then the caller serves WebhookHandler), until Shutdown has
// answered every update fetched, or until ctx ends: then at once, and what
// was fetched but not answered is not confirmed, so Telegram delivers it
// again to the next process.
func (a *Adapter) Run(ctx context.Context) error {
	a.mu.Lock()
	if a.stopped || a.started {
		a.mu.Unlock()
		return nil
	}
	a.started = true
	a.mu.Unlock()
	defer close(a.finished)
	a.client.setContext(ctx)
	if err := a.setCommands(); err != nil {
		a.log.Error("setting command menus", "err", err)
	}
	a.startWorkers(ctx)
	defer a.drain(ctx)
	if a.cfg.WebhookURL != "" {
		if err := a.setWebhook(); err != nil {
			a.conn.set(err)
			return err
		}
		a.conn.set(nil)
		a.log.Info("serving updates through the webhook", "bot", a.Username())
		select {
		case <-ctx.Done():
		case <-a.stop:
		}
		return nil
	}
	if _, err := a.api.Request(tgbotapi.DeleteWebhookConfig{}); err != nil {
		a.log.Warn("removing a previous webhook", "err", a.client.redact(err))
	}
	a.conn.set(nil) // getMe answered in New; from now on each long poll tells
	a.log.Info("serving updates by long polling", "bot", a.Username())
	fetch, stopFetching := context.WithCancel(ctx)
	defer stopFetching()
	go func() {
		select {
		case <-a.stop:
			stopFetching()
		case <-fetch.Done():
		}
	}()
	a.poll(ctx, fetch)
	return nil
}

// Shutdown stops fetching updates and waits until Run has answered every
// update it fetched and confirmed them to Telegram, or until ctx ends. It
// returns at once when Run never started (a standby process).
func (a *Adapter) Shutdown(ctx context.Context) error {
	a.mu.Lock()
	started := a.started
	if !a.stopped {
		a.stopped = true
		close(a.stop)
	}
	a.mu.Unlock()
	if !started {
		return nil
	}
	select {
	case <-a.finished:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("telegram: %d update(s) not answered at the shutdown deadline: %w", a.offsets.pending(), ctx.Err())
	}
}

// drain closes the queues, lets the workers answer what they hold (unless
// ctx ends first), and then confirms to Telegram what was answered.
func (a *Adapter) drain(ctx context.Context) {
	a.mu.Lock()
	a.closed = true
	for _, q := range a.queues {
		close(q)
	}
	a.mu.Unlock()
	a.wg.Wait()
	if a.cfg.WebhookURL != "" {
		return
	}
	if n := a.offsets.pending(); n > 0 {
		a.log.Warn("stopping with updates not answered; Telegram will deliver them again", "count", n)
	}
	confirm, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := a.confirm(confirm); err != nil {
		a.log.Warn("confirming the answered updates", "err", err)
	}
}

// startWorkers starts one goroutine per queue; each ends when its queue is
// closed and empty, or at once when ctx ends.
func (a *Adapter) startWorkers(ctx context.Context) {
	for _, q := range a.queues {
		a.wg.Go(func() {
			for {
				select {
				case j, ok := <-q:
					if !ok {
						return
					}
					a.handleUpdate(ctx, j)
				case <-ctx.Done():
					return
				}
			}
		})
	}
	close(a.running)
}

// commandRequest is the request a message makes: a command in a private
// chat, a group, a forum topic or a channel (answered in the topic it came
// from), or text without a command in a private chat (the core answers
// it); nil for a command addressed to another bot ("/figures@OtherBot") and
// for text in groups, which people address to each other.
func (a *Adapter) commandRequest(m *tgbotapi.Message, topic int, channel bool) *bot.Request {
	req := &bot.Request{Chat: bot.Chat{Key: chatKey(m.Chat.ID), Kind: chatKind(m.Chat), Thread: threadOf(topic)}, Caps: caps, Platform: bot.PlatformTelegram}
	name, to, args, ok := bot.ParseCommand(m.Text)
	switch {
	case ok && to != "" && !strings.EqualFold(to, a.Username()):
		return nil
	case ok:
		req.Command, req.Args = name, args
	case req.Chat.Kind == bot.Private && strings.TrimSpace(m.Text) != "" && m.ViaBot == nil: // not a result inserted by inline mode
		req.Kind, req.Args = bot.KindText, m.Text
	default:
		return nil
	}
	if m.From != nil {
		req.User = bot.User{Key: userKey(m.From.ID), Lang: m.From.LanguageCode}
	} else if m.SenderChat != nil {
		req.User = bot.User{Key: chatKey(m.SenderChat.ID)}
	}
	switch {
	case channel:
		// Only a channel's administrators can post in it.
		req.IsAdmin = func(context.Context) (bool, error) { return true, nil }
	case m.From != nil && req.Chat.Kind == bot.Group:
		chatID, userID := m.Chat.ID, m.From.ID
		req.IsAdmin = func(context.Context) (bool, error) { return a.isAdmin(chatID, userID) }
	}
	return req
}

// handleMessage answers a command (or a private chat's text), in the topic
// it came from; in a busy group each answer follows a typing action.
// It reports false when the shutdown deadline cut the answer short (the
// update then comes again to the next process), true when the answer went
// out or failed for good.
func (a *Adapter) handleMessage(ctx context.Context, m *tgbotapi.Message, j job) bool {
	topic := topicOf(j.req.Chat.Thread)
	if j.req.Chat.Kind == bot.Group && a.busy.busy(m.Chat.ID) {
		a.typing(m.Chat.ID, topic)
	}
	reply := a.serve(ctx, j)
	if reply.Silent {
		return true
	}
	replyTo := 0
	if j.req.Chat.Kind == bot.Group {
		replyTo = m.MessageID
	}
	_, err := a.sendReply(ctx, m.Chat.ID, topic, reply, replyTo)
	var moved *bot.ChatMovedError
	switch {
	case err != nil && ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		return false
	case err != nil && !errors.Is(err, bot.ErrChatGone) && !errors.As(err, &moved):
		a.log.Warn("reply not delivered", "chat", m.Chat.ID, "command", j.req.Command, "err", a.client.redact(err))
	}
	return true
}

func chatKind(c *tgbotapi.Chat) bot.ChatKind {
	switch c.Type {
	case "private":
		return bot.Private
	case "channel":
		return bot.Channel
	}
	return bot.Group
}

func userKey(id int64) string { return fmt.Sprintf("telegram-user:%d", id) }

// isAdmin asks Telegram whether userID administers chatID.
func (a *Adapter) isAdmin(chatID, userID int64) (bool, error) {
	m, err := a.api.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: chatID, UserID: userID}})
	if err != nil {
		return false, fmt.Errorf("getChatMember: %w", a.client.redact(err))
	}
	return m.Status == "creator" || m.Status == "administrator", nil
}

// sendReply renders reply and sends its messages in order, in the forum
// topic given (0: none); the buttons go under the last one. It returns the
// id of the last message sent, and a *bot.ChatMovedError when the chat
// moved (the rest went to the new chat).
func (a *Adapter) sendReply(ctx context.Context, chatID int64, topic int, reply *bot.Reply, replyTo int) (int, error) {
	msgs, markup := a.render(reply), a.keyboard(reply)
	var moved *bot.ChatMovedError
	last := 0
	for i, text := range msgs {
		m, err := a.sendMessage(ctx, chatID, func(id int64) tgbotapi.Params {
			to, kb := 0, (*tgbotapi.InlineKeyboardMarkup)(nil)
			if i == 0 {
				to = replyTo
			}
			if i == len(msgs)-1 {
				kb = markup
			}
			return messageParams(id, topic, text, to, kb)
		})
		if errors.As(err, &moved) {
			chatID, _ = ParseChatKey(moved.To)
			err = nil
		}
		if err != nil {
			return last, err
		}
		last = m.MessageID
	}
	if moved != nil {
		return last, moved
	}
	return last, nil
}

// Send delivers a reply to a chat, in its topic when to has one, outside
// of any request (briefings).
func (a *Adapter) Send(ctx context.Context, to bot.Chat, r *bot.Reply) error {
	id, ok := ParseChatKey(to.Key)
	if !ok {
		return fmt.Errorf("telegram: %q is not a Telegram chat", to.Key)
	}
	_, err := a.sendReply(ctx, id, topicOf(to.Thread), r, 0)
	return a.client.redact(err)
}

// handleMembership notices the bot being removed from a chat.
func (a *Adapter) handleMembership(ctx context.Context, m *tgbotapi.ChatMemberUpdated) {
	switch m.NewChatMember.Status {
	case "kicked", "left":
		a.markGone(ctx, m.Chat.ID, "bot "+m.NewChatMember.Status)
	}
}
