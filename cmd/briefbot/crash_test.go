package main

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

const crashChats = 1000

// TestCrashMidFanout subscribes 1,000 chats on the fake Telegram server,
// runs the real binary, kills it with SIGKILL in the middle of the fan-out,
// and runs it again: every chat ends with exactly one briefing, except
// chats whose send was in flight at the kill, which have at most two.
func TestCrashMidFanout(t *testing.T) {
	binary(t)
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"),
		telegramtest.WithLimits(telegramtest.Limits{GlobalPerSecond: 400, ChatPerSecond: 1, ChatBurst: 3, GroupPerMinute: 20}))
	defer srv.Close()
	dbPath := filepath.Join(t.TempDir(), "briefbot.db")
	ids := subscribeChats(t, srv, dbPath, 100_000, crashChats, time.Now().Add(-time.Second))
	env := telegramEnv(srv, dbPath, "TELEGRAM_RATE_LIMIT=150", "BRIEFBOT_LOG_LEVEL=warn")

	first := startBinary(t, "first", env)
	deadline := time.Now().Add(60 * time.Second)
	for {
		if n, _ := deliveries(srv, ids); n >= crashChats*3/10 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the fan-out did not start")
		}
		time.Sleep(5 * time.Millisecond)
	}
	first.signal(syscall.SIGKILL)
	first.exit(10 * time.Second)
	atKill, _ := deliveries(srv, ids)

	// The second process takes the lease over once the killed one's lapses.
	second := startBinary(t, "second", env)
	waitSettled(srv, ids, 2*time.Second, 90*time.Second)
	second.signal(syscall.SIGTERM)
	second.exit(30 * time.Second)

	_, per := deliveries(srv, ids)
	missed, dup, worse := 0, 0, 0
	for _, id := range ids {
		switch n := per[id]; {
		case n == 0:
			missed++
		case n == 2:
			dup++
		case n > 2:
			worse++
		}
	}
	t.Logf("crash test: %d chats, %d briefings delivered before SIGKILL, missed %d, duplicated %d, more than two %d", crashChats, atKill, missed, dup, worse)
	if missed != 0 || worse != 0 {
		t.Errorf("missed %d, more than two %d", missed, worse)
	}
	if dup > 32 {
		t.Errorf("%d chats got two briefings; only sends in flight at the kill (at most the 32 workers) may", dup)
	}
	st, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	counts, _ := st.OutboxCounts(context.Background())
	if counts["sent"] != crashChats || len(counts) != 1 {
		t.Errorf("outbox after the restart: %v", counts)
	}
	if v := srv.Violations(); len(v) > 0 && !strings.Contains(strings.Join(v, "\n"), "retried") {
		t.Errorf("violations: %v", v[:min(3, len(v))])
	}
}
