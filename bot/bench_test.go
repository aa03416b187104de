package bot_test

import (
	"context"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/summaries"
)

// BenchmarkHandleAndRender measures one command through the Mux (middleware
// included) and its plain-text rendering, as the console does.
func BenchmarkHandleAndRender(b *testing.B) {
	h := newHarness(b, nil)
	for _, cmd := range []string{"summary", "figures"} {
		for _, lang := range summaries.Langs {
			b.Run(cmd+"/"+string(lang), func(b *testing.B) {
				b.ReportAllocs()
				ctx := context.Background()
				for b.Loop() {
					req := &bot.Request{Command: cmd, Lang: lang, Chat: bot.Chat{Key: "bench"}, User: bot.User{Key: "bench"}}
					if out := console.Render(h.bot.Handle(ctx, req)); len(out) < 100 {
						b.Fatal(out)
					}
				}
			})
		}
	}
}
