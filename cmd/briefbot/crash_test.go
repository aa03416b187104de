package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
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
	bin := filepath.Join(dir, "briefbot")
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"),
		telegramtest.WithLimits(telegramtest.Limits{GlobalPerSecond: 400, ChatPerSecond: 1, ChatBurst: 3, GroupPerMinute: 20}))
	defer srv.Close()

	// Seed the database: 1,000 subscriptions due a moment ago.
	dbPath := filepath.Join(dir, "briefbot.db")
	ctx := context.Background()
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for i := range crashChats {
		id := int64(100_000 + i)
		srv.AddChat(telegramtest.Chat{ID: id, Type: "private", Title: "Reporter"})
		err := st.SaveSubscription(ctx, schedule.Subscription{Chat: fmt.Sprintf("telegram:%d", id), Hour: now.Hour(), Minute: now.Minute(),
			Zone: "UTC", NextDue: now.Add(-time.Second)})
		if err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	env := append(os.Environ(), "TELEGRAM_TOKEN="+srv.Token(), "TELEGRAM_API_URL="+srv.URL(), "BRIEFBOT_DB="+dbPath,
		"TELEGRAM_RATE_LIMIT=150", "BRIEFBOT_LOG_LEVEL=warn", "BRIEFBOT_HTTP_ADDR=127.0.0.1:0")
	start := func(logName string) *exec.Cmd {
		cmd := exec.Command(bin)
		cmd.Env = env
		logf, _ := os.Create(filepath.Join(dir, logName))
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
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

	first := start("first.log")
	deadline := time.Now().Add(60 * time.Second)
	for {
		if n, _ := delivered(); n >= crashChats*3/10 {
			break
		}
		if time.Now().After(deadline) {
			first.Process.Kill()
			log, _ := os.ReadFile(filepath.Join(dir, "first.log"))
			t.Fatalf("the fan-out did not start:\n%s", log)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	atKill, _ := delivered()

	second := start("second.log")
	deadline = time.Now().Add(90 * time.Second)
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
	second.Process.Signal(syscall.SIGTERM)
	second.Wait()

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
		log, _ := os.ReadFile(filepath.Join(dir, "second.log"))
		t.Errorf("missed %d, more than two %d\n%s", missed, worse, log)
	}
	if dup > 32 {
		t.Errorf("%d chats got two briefings; only sends in flight at the kill (at most the 32 workers) may", dup)
	}
	st, err = store.Open(ctx, dbPath)
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
