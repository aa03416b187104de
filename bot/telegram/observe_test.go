package telegram_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// TestDeliveriesAreObserved: each reply sent, each retry, each 429 and each
// message given up reaches the observer once; the core counts the
// commands with their platform; the 429 and the retry are logged at warn.
func TestDeliveriesAreObserved(t *testing.T) {
	e := start(t, option{})
	obs := e.core.Observer
	chat := englishUser.PrivateChat()
	e.srv.FailNext("sendMessage", chat.ID, telegramtest.Failure{Code: 502})
	e.srv.FailNext("sendMessage", chat.ID, telegramtest.Failure{Code: 429, RetryAfter: 1})
	e.srv.SendText(chat, englishUser, "/help")
	e.wait(chat.ID, 1)
	blocked := arabicUser.PrivateChat()
	e.srv.AddChat(blocked)
	e.srv.BlockChat(blocked.ID, "Forbidden: bot was blocked by the user")
	e.srv.SendText(blocked, arabicUser, "/figures")
	e.srv.SendText(chat, englishUser, "/nosuchcommand")
	e.wait(chat.ID, 2)
	e.waitFor("the blocked chat's refusal", func(s *telegramtest.Server) bool {
		for _, c := range s.CallsTo("sendMessage") {
			if c.Status == 403 {
				return true
			}
		}
		return false
	})
	want := map[string]int{
		"sent telegram": 2, "retried telegram": 1, "429 telegram": 1, "failed telegram": 1,
		"command telegram help en": 1, "command telegram figures ar": 1, "command telegram unknown en": 1,
	}
	// The server records a message before the bot reads its answer.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if obs.Count("sent telegram") >= 2 && obs.Count("failed telegram") >= 1 {
			break
		}
	}
	for key, want := range want {
		if got := obs.Count(key); got != want {
			t.Errorf("%s: %d, want %d (all: %v)", key, got, want, obs.Counts())
		}
	}
	if w := obs.WaitedFor("telegram"); w < time.Second {
		t.Errorf("waited %v on rate limits; the 429 alone asked for 1 s", w)
	}
	for _, line := range []string{"throttled by Telegram", "send failed; retrying"} {
		if !strings.Contains(e.logs.String(), "level=WARN msg=\""+line) {
			t.Errorf("no warning %q:\n%s", line, e.logs.String())
		}
	}
}

// TestConnectedFollowsPolling: the adapter is not connected before it
// polls, is once it does, and is not once it stops (cmd/briefbot's probes
// test shows a failing getUpdates).
func TestConnectedFollowsPolling(t *testing.T) {
	e := start(t, option{noRun: true})
	if err := e.a.Connected(); err == nil || !strings.Contains(err.Error(), "not polling yet") {
		t.Errorf("before Run: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.a.Run(ctx) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(10 * time.Second)
	for e.a.Connected() != nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := e.a.Connected(); err != nil {
		t.Fatalf("while polling: %v", err)
	}
	shutdown, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	e.a.Shutdown(shutdown)
	if err := e.a.Connected(); err == nil || err.Error() != "stopping" {
		t.Errorf("after Shutdown: %v", err)
	}
}
