package main

import (
	"context"
	"path/filepath"
	"strings"
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
	if testing.Short() {
		t.Skip("builds and kills the binary")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"),
		telegramtest.WithLimits(telegramtest.Limits{GlobalPerSecond: 400, ChatPerSecond: 1, ChatBurst: 3, GroupPerMinute: 20}))
	defer srv.Close()

	// Seed the database: 1,000 subscriptions due a moment ago.
	dbPath := filepath.Join(dir, "briefbot.db")
	ids := make([]int64, crashChats)
	for i := range ids {
		ids[i] = int64(100_000 + i)
	}
	seedDue(t, srv, dbPath, ids, nil)
	env := binaryEnv(srv, dbPath, "TELEGRAM_RATE_LIMIT=150", "BRIEFBOT_LOG_LEVEL=warn")
	delivered := func() (total int, per map[int64]int) {
		per = map[int64]int{}
		for i := range crashChats {
			id := int64(100_000 + i)
			if n := srv.MessageCount(id); n > 0 {
				per[id] = n
				total += n
			}
		}
		return total, per
	}

	first := startBinary(t, bin, dir, "first.log", env)
	if !waitUntil(60*time.Second, func() bool { n, _ := delivered(); return n >= crashChats*3/10 }) {
		first.kill(t)
		t.Fatalf("the fan-out did not start:\n%s", first.logs())
	}
	first.kill(t)
	atKill, _ := delivered()

	second := startBinary(t, bin, dir, "second.log", env)
	deadline := time.Now().Add(90 * time.Second)
	stable, last := time.Now(), -1
	for {
		n, per := delivered()
		if n != last {
			stable, last = time.Now(), n
		}
		if len(per) == crashChats && time.Since(stable) > 2*time.Second {
			break
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	second.stop()

	_, per := delivered()
	missed, dup, worse := 0, 0, 0
	for i := range crashChats {
		switch n := per[int64(100_000+i)]; {
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
		t.Errorf("missed %d, more than two %d\n%s", missed, worse, second.logs())
	}
	if dup > 32 {
		t.Errorf("%d chats got two briefings; only sends in flight at the kill (at most the 32 workers) may", dup)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	counts, _ := st.OutboxCounts(ctx)
	if counts["sent"] != crashChats || len(counts) != 1 {
		t.Errorf("outbox after the restart: %v", counts)
	}
	if v := srv.Violations(); len(v) > 0 && !strings.Contains(strings.Join(v, "\n"), "retried") {
		t.Errorf("violations: %v", v[:min(3, len(v))])
	}
}
