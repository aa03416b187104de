package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
)

// TestCommandsAreObservedWithClosedLabels: every request the core answers
// is told to the observer once, labelled by its platform, a declared
// command or its kind, and the reply's language; what a user typed never
// becomes a label.
func TestCommandsAreObservedWithClosedLabels(t *testing.T) {
	c := bottest.NewCore(t, bottest.Options{})
	ctx := context.Background()
	user := bot.User{Key: "telegram-user:1", Lang: "en"}
	chat := bot.Chat{Key: "telegram:1", Kind: bot.Private}
	for _, req := range []*bot.Request{
		{Command: "figures", Chat: chat, User: user, Platform: bot.PlatformTelegram},
		{Command: "figures", Chat: chat, User: user, Platform: bot.PlatformTelegram, Lang: "ar"},
		{Command: "secret_plans_" + strings.Repeat("x", 40), Chat: chat, User: user, Platform: bot.PlatformDiscord},
		{Kind: bot.KindLookup, Args: "private words", Chat: chat, User: user, Platform: bot.PlatformTelegram},
		{Kind: bot.KindText, Args: "hello there", Chat: chat, User: user, Platform: bot.PlatformConsole},
		{Kind: bot.KindExpired, Chat: chat, User: user, Platform: "matrix"},
	} {
		c.Bot.Handle(ctx, req)
	}
	want := map[string]int{
		"command telegram figures en":       1,
		"command telegram figures ar":       1,
		"command discord unknown en":        1,
		"command telegram lookup en":        1,
		"command console text en":           1,
		"command unknown expired-button en": 1,
	}
	got := c.Observer.Counts()
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d, want %d", k, got[k], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	for k := range got {
		for _, typed := range []string{"secret", "private", "hello", "matrix"} {
			if strings.Contains(k, typed) {
				t.Errorf("user text %q in the label %q", typed, k)
			}
		}
	}
}
