package telegramtest

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// BenchmarkEchoBot measures a round trip through the fake: a pushed message,
// delivered by long polling, answered by sendMessage from a pool of workers.
func BenchmarkEchoBot(b *testing.B) {
	srv, bot := newBot(b, WithoutLimits())
	const nChats, workers = 200, 16
	users := make([]User, nChats)
	for i := range users {
		users[i] = User{ID: int64(10_000 + i), FirstName: "U"}
	}
	cfg := tgbotapi.NewUpdate(0)
	cfg.Timeout = 30
	updates := bot.GetUpdatesChan(cfg)
	b.Cleanup(bot.StopReceivingUpdates)
	var sent atomic.Int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range updates {
				if _, err := bot.Send(tgbotapi.NewMessage(u.Message.Chat.ID, "pong: "+u.Message.Text)); err != nil {
					b.Error(err)
				}
				if sent.Add(1) == int64(b.N) {
					close(done)
				}
			}
		}()
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u := users[i%nChats]
		srv.SendText(u.PrivateChat(), u, "ping")
	}
	select {
	case <-done:
	case <-time.After(time.Minute):
		b.Fatalf("replies: %d of %d", sent.Load(), b.N)
	}
	b.StopTimer()
	if got := srv.MessageCount(users[0].ID); got != (b.N+nChats-1)/nChats {
		b.Fatalf("chat 0 has %d messages", got)
	}
	if v := srv.Violations(); len(v) > 0 {
		b.Fatal(v[0])
	}
}
