package bot_test

import (
	"context"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/summaries"
)

// BenchmarkHandleAndRender measures one command through the Mux (middleware
// included) and its plain-text rendering, as the console does: "cached" is
// the usual path (a statement's reply is built once per catalog, language
// and digits), "uncached" builds it every time (the first request after a
// start or a reload).
func BenchmarkHandleAndRender(b *testing.B) {
	for _, mode := range []string{"cached", "uncached"} {
		live := summaries.NewLive(testCatalog(b))
		cats := [2]*summaries.Catalog{live.Catalog(), testCatalog(b)}
		h := newHarness(b, func(c *bot.Config) { c.Catalog = live })
		for _, cmd := range []string{"summary", "figures"} {
			for _, lang := range summaries.Langs {
				b.Run(mode+"/"+cmd+"/"+string(lang), func(b *testing.B) {
					b.ReportAllocs()
					ctx := context.Background()
					i := 0
					for b.Loop() {
						if mode == "uncached" {
							i++
							live.Store(cats[i%2]) // a new catalog starts a new cache
						}
						req := &bot.Request{Command: cmd, Lang: lang, Chat: bot.Chat{Key: "bench"}, User: bot.User{Key: "bench"}}
						if out := console.Render(h.bot.Handle(ctx, req)); len(out) < 100 {
							b.Fatal(out)
						}
					}
				})
			}
		}
	}
}
