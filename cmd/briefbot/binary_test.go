package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// The real binary, for the tests that run it as a user would and kill it
// as a crash would.

// buildBinary builds briefbot into dir and returns its path.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "briefbot")
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// process is one run of the binary, its output going to a log file.
type process struct {
	cmd *exec.Cmd
	log string
}

// startBinary starts bin with env (and nothing else of the test's
// environment), writing its output to dir/logName.
func startBinary(t *testing.T, bin, dir, logName string, env []string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin), log: filepath.Join(dir, logName)}
	p.cmd.Env = env
	logf, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logf.Close() })
	p.cmd.Stdout, p.cmd.Stderr = logf, logf
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.kill(t)
		}
	})
	return p
}

// kill ends the process with SIGKILL, as a crash would, and waits for it.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
}

// stop asks the process to stop (SIGTERM) and waits for it.
func (p *process) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()
}

// logs returns what the process wrote so far.
func (p *process) logs() string {
	b, _ := os.ReadFile(p.log)
	return string(b)
}

// waitUntil polls cond every few milliseconds until it holds or timeout
// passes; it reports whether it held.
func waitUntil(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// seedDue registers private chats ids on srv and subscribes them in the
// database at dbPath, due a moment ago (UTC); adjust, if not nil, changes
// the i-th subscription before it is saved.
func seedDue(t *testing.T, srv *telegramtest.Server, dbPath string, ids []int64, adjust func(i int, sub *schedule.Subscription)) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	for i, id := range ids {
		srv.AddChat(telegramtest.Chat{ID: id, Type: "private", Title: "Reporter"})
		sub := schedule.Subscription{Chat: fmt.Sprintf("telegram:%d", id), Hour: now.Hour(), Minute: now.Minute(),
			Zone: "UTC", NextDue: now.Add(-time.Second)}
		if adjust != nil {
			adjust(i, &sub)
		}
		if err := st.SaveSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
}

// binaryEnv is the environment of the binary against srv with the database
// at dbPath, plus extra variables.
func binaryEnv(srv *telegramtest.Server, dbPath string, extra ...string) []string {
	return append(os.Environ(), append([]string{"TELEGRAM_TOKEN=" + srv.Token(), "TELEGRAM_API_URL=" + srv.URL(),
		"BRIEFBOT_DB=" + dbPath, "BRIEFBOT_HTTP_ADDR=127.0.0.1:0"}, extra...)...)
}
