package metrics_test

import (
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/metrics"
)

// BenchmarkCommand is what the core's logging middleware adds to each
// request: a counter and a histogram observation by label values.
func BenchmarkCommand(b *testing.B) {
	m, err := metrics.New(nil, bot.PlatformTelegram)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m.Command(bot.PlatformTelegram, "figures", "ar", 3*time.Millisecond)
	}
}

// BenchmarkDelivered is what each message sent adds.
func BenchmarkDelivered(b *testing.B) {
	m, err := metrics.New(nil, bot.PlatformTelegram)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m.Delivered(bot.PlatformTelegram, bot.DeliverySent)
	}
}
