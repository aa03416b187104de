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

// BenchmarkAmounts measures the amount wording the search index is built
// with (bot.Amounts, through the message catalogs): 10,000 statements of
// nine figures call it 180,000 times.
func BenchmarkAmounts(b *testing.B) {
	msgs, err := bot.LoadMessages()
	if err != nil {
		b.Fatal(err)
	}
	amounts := bot.Amounts(msgs)
	figs := testCatalog(b).Latest().Figures
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range figs {
			for _, lang := range summaries.Langs {
				amounts(f, lang)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(figs)*2)/1e3, "µs/amount")
}
