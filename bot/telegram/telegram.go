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
}

// Core is what the adapter needs of the command core: every update goes
// through Handle; Commands and DefaultLang make the command menus.
type Core interface {
	bot.Handler
	Commands(lang summaries.Lang) []bot.CommandInfo
	DefaultLang() summaries.Lang
}

// caps are what Telegram can do beyond plain replies.
var caps = []bot.Capability{bot.CapStart}

// Adapter serves the core on Telegram.
type Adapter struct {
	cfg     Config
	core    Core
	states  bot.ChatStates
	log     *slog.Logger
	api     *tgbotapi.BotAPI
	client  *apiClient
	limits  *limiter
	buttons *bot.ButtonCodec
	seed    maphash.Seed
	renders bot.RenderCache[[]string]
	queues  []chan tgbotapi.Update
	running chan struct{} // closed when Run starts its workers
	wg      sync.WaitGroup
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
	a := &Adapter{
		cfg: cfg, core: core, states: states,
		log:     cfg.Logger.With("platform", "telegram"),
		limits:  newLimiter(cfg.Limits),
		buttons: bot.NewButtonCodec(bot.TelegramButtonData, 4096),
		seed:    maphash.MakeSeed(),
		running: make(chan struct{}),
		queues:  make([]chan tgbotapi.Update, cfg.Workers),
	}
	for i := range a.queues {
		a.queues[i] = make(chan tgbotapi.Update, 256)
	}
	a.client = newAPIClient(ctx, cfg.Token, cfg.Transport)
	api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, strings.TrimRight(cfg.APIURL, "/")+"/bot%s/%s", a.client)
	if err != nil {
		return nil, fmt.Errorf("telegram: connecting: %w", a.client.redact(err))
	}
	a.api = api
	return a, nil
}

// Username is the bot's @username, as Telegram reported it.
func (a *Adapter) Username() string { return a.api.Self.UserName }

// Run serves updates until ctx ends: by long polling, or through the
// webhook when one is configured (then the caller serves WebhookHandler).
func (a *Adapter) Run(ctx context.Context) error {
	a.client.setContext(ctx)
	if err := a.setCommands(); err != nil {
		a.log.Error("setting command menus", "err", err)
	}
	a.startWorkers(ctx)
	defer a.wg.Wait()
	if a.cfg.WebhookURL != "" {
		if err := a.setWebhook(); err != nil {
			return err
		}
		a.log.Info("serving updates through the webhook", "bot", a.Username())
		<-ctx.Done()
		return nil
	}
	if _, err := a.api.Request(tgbotapi.DeleteWebhookConfig{}); err != nil {
		a.log.Warn("removing a previous webhook", "err", a.client.redact(err))
	}
	a.log.Info("serving updates by long polling", "bot", a.Username())
	return a.poll(ctx)
}

// allowedUpdates are the update kinds the bot handles.
var allowedUpdates = []string{"message", "channel_post", "callback_query", "inline_query", "my_chat_member"}

// poll fetches updates by long polling and hands them to the workers.
func (a *Adapter) poll(ctx context.Context) error {
	cfg := tgbotapi.NewUpdate(0)
	cfg.Timeout = int(a.cfg.PollTimeout / time.Second)
	cfg.AllowedUpdates = allowedUpdates
	backoff := time.Second
	for ctx.Err() == nil {
		updates, err := a.api.GetUpdates(cfg)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			a.log.Warn("getUpdates failed; retrying", "in", backoff, "err", a.client.redact(err))
			if sleep(ctx, backoff) != nil {
				break
			}
			backoff = min(backoff*2, 30*time.Second)
			continue
		}
		backoff = time.Second
		for _, u := range updates {
			if u.UpdateID >= cfg.Offset {
				cfg.Offset = u.UpdateID + 1
			}
			a.dispatch(ctx, u)
		}
	}
	return nil
}

// startWorkers starts one goroutine per queue; they stop when ctx ends.
func (a *Adapter) startWorkers(ctx context.Context) {
	for _, q := range a.queues {
		a.wg.Go(func() {
			for {
				select {
				case u := <-q:
					a.handleUpdate(ctx, u)
				case <-ctx.Done():
					return
				}
			}
		})
	}
	close(a.running)
}

// dispatch queues u on the worker of its chat (or user, for inline queries),
// so one chat's updates are answered in order.
func (a *Adapter) dispatch(ctx context.Context, u tgbotapi.Update) {
	var key int64
	switch {
	case u.Message != nil:
		key = u.Message.Chat.ID
	case u.ChannelPost != nil:
		key = u.ChannelPost.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil:
		key = u.CallbackQuery.Message.Chat.ID
	case u.CallbackQuery != nil:
		key = u.CallbackQuery.From.ID
	case u.InlineQuery != nil:
		key = u.InlineQuery.From.ID
	}
	var h maphash.Hash
	h.SetSeed(a.seed)
	fmt.Fprint(&h, key)
	q := a.queues[h.Sum64()%uint64(len(a.queues))]
	select {
	case q <- u:
	case <-ctx.Done():
	}
}

// handleUpdate answers one update; a panic in it is logged, not fatal.
func (a *Adapter) handleUpdate(ctx context.Context, u tgbotapi.Update) {
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("update handler panicked", "update", u.UpdateID, "panic", fmt.Sprint(p))
		}
	}()
	switch {
	case u.Message != nil:
		a.handleMessage(ctx, u.Message, false)
	case u.ChannelPost != nil:
		a.handleMessage(ctx, u.ChannelPost, true)
	case u.CallbackQuery != nil:
		a.handleCallback(ctx, u.CallbackQuery)
	case u.InlineQuery != nil:
		a.handleInline(ctx, u.InlineQuery)
	case u.MyChatMember != nil:
		a.handleMembership(ctx, u.MyChatMember)
	}
}

// handleMessage answers a command in a private chat, a group or a channel.
// Commands addressed to another bot ("/figures@OtherBot") are ignored.
func (a *Adapter) handleMessage(ctx context.Context, m *tgbotapi.Message, channel bool) {
	name, to, args, ok := bot.ParseCommand(m.Text)
	if !ok {
		return
	}
	if to != "" && !strings.EqualFold(to, a.Username()) {
		return
	}
	req := &bot.Request{Command: name, Args: args, Chat: bot.Chat{Key: chatKey(m.Chat.ID), Kind: chatKind(m.Chat)}, Caps: caps}
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
	reply := a.core.Handle(ctx, req)
	if reply.Silent {
		return
	}
	replyTo := 0
	if req.Chat.Kind == bot.Group {
		replyTo = m.MessageID
	}
	_, err := a.sendReply(ctx, m.Chat.ID, reply, replyTo)
	var moved *bot.ChatMovedError
	if err != nil && !errors.Is(err, bot.ErrChatGone) && !errors.As(err, &moved) {
		a.log.Error("reply not delivered", "chat", m.Chat.ID, "command", name, "err", a.client.redact(err))
	}
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

// sendReply renders reply and sends its messages in order; the buttons go
// under the last one. It returns the id of the last message sent, and a
// *bot.ChatMovedError when the chat moved (the rest went to the new chat).
func (a *Adapter) sendReply(ctx context.Context, chatID int64, reply *bot.Reply, replyTo int) (int, error) {
	msgs, markup := a.render(reply), a.keyboard(reply)
	var moved *bot.ChatMovedError
	last := 0
	for i, text := range msgs {
		m, err := a.send(ctx, chatID, func(id int64) tgbotapi.Chattable {
			c := tgbotapi.NewMessage(id, text)
			c.ParseMode = tgbotapi.ModeHTML
			c.DisableWebPagePreview = true
			if i == 0 && replyTo != 0 {
				c.ReplyToMessageID = replyTo
				c.AllowSendingWithoutReply = true
			}
			if i == len(msgs)-1 && markup != nil {
				c.ReplyMarkup = *markup
			}
			return c
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

// Send delivers a reply to a chat outside of any request (briefings).
func (a *Adapter) Send(ctx context.Context, chat string, r *bot.Reply) error {
	id, ok := ParseChatKey(chat)
	if !ok {
		return fmt.Errorf("telegram: %q is not a Telegram chat", chat)
	}
	_, err := a.sendReply(ctx, id, r, 0)
	return a.client.redact(err)
}

// handleMembership notices the bot being removed from a chat.
func (a *Adapter) handleMembership(ctx context.Context, m *tgbotapi.ChatMemberUpdated) {
	switch m.NewChatMember.Status {
	case "kicked", "left":
		a.markGone(ctx, m.Chat.ID, "bot "+m.NewChatMember.Status)
	}
}
