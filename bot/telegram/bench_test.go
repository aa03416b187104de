package telegram_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/telegram"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
	"github.com/briefbot/briefbot/summaries"
)

const (
	benchUpdates = 4000
	benchChats   = 500
	benchWorkers = 16
)

// countingTransport counts successful sendMessage answers, so the benchmark
// knows when every reply has arrived without scanning the server's log.
type countingTransport struct {
	next http.RoundTripper
	sent atomic.Int64
	want int64
	done chan struct{}
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if err == nil && resp.StatusCode == 200 && strings.HasSuffix(r.URL.Path, "/sendMessage") {
		if c.sent.Add(1) == c.want {
			close(c.done)
		}
	}
	return resp, err
}

// bareBot long-polls with the library alone and answers each message with
// reply, on benchWorkers workers (one chat always on the same worker).
func bareBot(ctx context.Context, srv *telegramtest.Server, rt http.RoundTripper, reply func(*tgbotapi.Message) tgbotapi.Chattable) error {
	api, err := tgbotapi.NewBotAPIWithClient(srv.Token(), srv.Endpoint(), &http.Client{Transport: rt})
	if err != nil {
		return err
	}
	queues := make([]chan *tgbotapi.Message, benchWorkers)
	var wg sync.WaitGroup
	for i := range queues {
		q := make(chan *tgbotapi.Message, 256)
		queues[i] = q
		wg.Go(func() {
			for m := range q {
				api.Send(reply(m))
			}
		})
	}
	defer func() {
		for _, q := range queues {
			close(q)
		}
		wg.Wait()
	}()
	cfg := tgbotapi.NewUpdate(0)
	cfg.Timeout = 1
	for ctx.Err() == nil {
		updates, err := api.GetUpdates(cfg)
		if err != nil {
			continue
		}
		for _, u := range updates {
			cfg.Offset = u.UpdateID + 1
			if u.Message != nil {
				queues[uint64(u.Message.Chat.ID)%benchWorkers] <- u.Message
			}
		}
	}
	return nil
}

// echoBot is the baseline: a bare bot on the same library that sends every
// message's text back.
func echoBot(ctx context.Context, srv *telegramtest.Server, rt http.RoundTripper) error {
	return bareBot(ctx, srv, rt, func(m *tgbotapi.Message) tgbotapi.Chattable { return tgbotapi.NewMessage(m.Chat.ID, m.Text) })
}

// fixedBot is the second baseline: a bare bot on the same library that
// answers each command with a fixed text, the very HTML and buttons briefbot
// sends for it, so that only briefbot's own work differs.
func fixedBot(ctx context.Context, srv *telegramtest.Server, rt http.RoundTripper, answers map[string]fixedAnswer) error {
	return bareBot(ctx, srv, rt, func(m *tgbotapi.Message) tgbotapi.Chattable {
		a := answers[m.From.LanguageCode+" "+m.Text]
		c := tgbotapi.NewMessage(m.Chat.ID, a.text)
		c.ParseMode = tgbotapi.ModeHTML
		if a.markup != nil {
			c.ReplyMarkup = *a.markup
		}
		return c
	})
}

type fixedAnswer struct {
	text   string
	markup *tgbotapi.InlineKeyboardMarkup
}

// fixedAnswers renders, once, what briefbot answers each benchmark command.
func fixedAnswers(b *testing.B, cat *summaries.Catalog) map[string]fixedAnswer {
	core := bottest.NewCore(b, bottest.Options{Catalog: cat}).Bot
	codec := bot.NewButtonCodec(bot.TelegramButtonData, 16)
	out := map[string]fixedAnswer{}
	for _, lang := range []string{"ar", "en"} {
		for _, cmd := range benchCommands {
			r := core.Handle(context.Background(), &bot.Request{Command: cmd[1:], Lang: summaries.Lang(lang), Chat: bot.Chat{Key: "x"}})
			a := fixedAnswer{text: telegram.Render(r, telegram.MaxText)[0]}
			if len(r.Buttons) > 0 {
				var row []tgbotapi.InlineKeyboardButton
				for _, btn := range r.Buttons {
					row = append(row, tgbotapi.NewInlineKeyboardButtonData(btn.Label, codec.Encode(btn)))
				}
				kb := tgbotapi.NewInlineKeyboardMarkup(row)
				a.markup = &kb
			}
			out[lang+" "+cmd] = a
		}
	}
	return out
}

var benchCommands = []string{"/figures", "/summary", "/help", "/list"}

// briefBot runs the real adapter and core over the bundled statements, with
// the bot's own rate limits off (the server enforces none either).
func briefBot(ctx context.Context, b *testing.B, srv *telegramtest.Server, rt http.RoundTripper, cat *summaries.Catalog) error {
	c := bottest.NewCore(b, bottest.Options{Catalog: cat, Config: func(c *bot.Config) {
		c.Logger = slog.New(slog.DiscardHandler)
		c.UserRate, c.UserBurst = bot.DefaultUserRate, benchUpdates // limits on, never reached
	}})
	a, err := telegram.New(ctx, telegram.Config{Token: srv.Token(), APIURL: srv.URL(), Limits: telegram.NoLimits(),
		PollTimeout: time.Second, Workers: benchWorkers, Transport: rt}, c.Bot, c.States)
	if err != nil {
		return err
	}
	return a.Run(ctx)
}

// throughput pushes benchUpdates commands over benchChats chats and returns
// updates answered per second.
func throughput(b *testing.B, run func(context.Context, *telegramtest.Server, http.RoundTripper) error) float64 {
	srv := telegramtest.New(telegramtest.WithoutLimits(), telegramtest.WithBotUser(777, "BriefBot"))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	counter := &countingTransport{next: srv.Client().Transport, want: benchUpdates, done: make(chan struct{})}
	done := make(chan error, 1)
	go func() { done <- run(ctx, srv, counter) }()
	defer func() { cancel(); <-done }()
	// Wait until the bot polls.
	if err := srv.WaitFor(ctx, func(s *telegramtest.Server) bool { return len(s.CallsTo("getUpdates")) > 0 }); err != nil {
		b.Fatal(err)
	}
	users := make([]telegramtest.User, benchChats)
	for i := range users {
		lang := "en"
		if i%2 == 0 {
			lang = "ar"
		}
		users[i] = telegramtest.User{ID: int64(10_000 + i), FirstName: "U", LanguageCode: lang}
		srv.AddChat(users[i].PrivateChat())
	}
	start := time.Now()
	for i := range benchUpdates {
		u := users[i%benchChats]
		srv.SendText(u.PrivateChat(), u, benchCommands[(i/benchChats)%len(benchCommands)])
	}
	select {
	case <-counter.done:
	case <-time.After(2 * time.Minute):
		b.Fatalf("only %d replies", counter.sent.Load())
	}
	elapsed := time.Since(start)
	if v := srv.Violations(); len(v) > 0 {
		b.Fatalf("violations: %v", v[:min(3, len(v))])
	}
	return float64(benchUpdates) / elapsed.Seconds()
}

// BenchmarkThroughput compares briefbot with two bare bots on the same
// library and fake server, in the same run: an echo bot (sends the command
// text back) and a fixed-reply bot (sends, for each command, the exact HTML
// briefbot sends). It reports updates answered per second and the ratios;
// the goal is briefbot at 0.9 of the baseline or better.
func BenchmarkThroughput(b *testing.B) {
	cat := bottest.Bundled(b)
	answers := fixedAnswers(b, cat)
	var echo, fixed, brief []float64
	for b.Loop() {
		echo = append(echo, throughput(b, echoBot))
		fixed = append(fixed, throughput(b, func(ctx context.Context, srv *telegramtest.Server, rt http.RoundTripper) error {
			return fixedBot(ctx, srv, rt, answers)
		}))
		brief = append(brief, throughput(b, func(ctx context.Context, srv *telegramtest.Server, rt http.RoundTripper) error {
			return briefBot(ctx, b, srv, rt, cat)
		}))
	}
	e, f, br := bottest.Median(echo), bottest.Median(fixed), bottest.Median(brief)
	b.ReportMetric(e, "echo-upd/s")
	b.ReportMetric(f, "fixed-upd/s")
	b.ReportMetric(br, "briefbot-upd/s")
	b.ReportMetric(br/e, "ratio-vs-echo")
	b.ReportMetric(br/f, "ratio-vs-fixed")
	b.Log(fmt.Sprintf("echo %.0f/s, fixed-reply %.0f/s, briefbot %.0f/s; briefbot/echo %.2f, briefbot/fixed %.2f (median of %d rounds)",
		e, f, br, br/e, br/f, len(echo)))
}

// BenchmarkRender measures laying a reply out in Telegram HTML, direction
// marks placed, without the render cache (the first request for a view).
func BenchmarkRender(b *testing.B) {
	core := bottest.NewCore(b, bottest.Options{}).Bot
	for _, lang := range summaries.Langs {
		for _, cmd := range []string{"figures", "summary", "help"} {
			r := core.Handle(context.Background(), &bot.Request{Command: cmd, Lang: lang, Chat: bot.Chat{Key: "x"}})
			b.Run(cmd+"/"+string(lang), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if msgs := telegram.Render(r, telegram.MaxText); len(msgs) == 0 {
						b.Fatal("nothing rendered")
					}
				}
			})
		}
	}
}
