package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// The real binary, built once for the tests that start it.
var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary builds briefbot once per test run; -short skips the tests that
// need it.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "briefbot-test-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "briefbot")
		out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// proc is one briefbot process a test started; its output goes to a log
// file the test can read. The test's end kills it if it still runs.
type proc struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

// startBinary starts the binary with the environment env (added to the
// test's own), named name in failures.
func startBinary(t *testing.T, name string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, name: name, log: filepath.Join(t.TempDir(), name+".log"), done: make(chan struct{})}
	logf, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(binary(t), args...)
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = logf, logf
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); logf.Close(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("%s's log:\n%s", p.name, p.logs())
		}
	})
	return p
}

func (p *proc) signal(sig os.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatalf("signalling %s: %v", p.name, err)
	}
}

// exit waits up to d for the process to end and returns its exit status
// (-1 when a signal ended it); ok is false if it still runs.
func (p *proc) exit(d time.Duration) (status int, ok bool) {
	select {
	case <-p.done:
	case <-time.After(d):
		return 0, false
	}
	var ee *exec.ExitError
	switch {
	case p.err == nil:
		return 0, true
	case errors.As(p.err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -1, true
		}
		return ee.ExitCode(), true
	}
	return 1, true
}

func (p *proc) logs() string {
	b, _ := os.ReadFile(p.log)
	return string(b)
}

// waitLog waits up to d for the process to log a line holding text.
func (p *proc) waitLog(text string, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(p.logs(), text) {
			return true
		}
	}
	return false
}

// telegramEnv is the environment of a binary serving the fake Bot API
// srv with the database db.
func telegramEnv(srv *telegramtest.Server, db string, more ...string) []string {
	return append([]string{"TELEGRAM_TOKEN=" + srv.Token(), "TELEGRAM_API_URL=" + srv.URL(), "BRIEFBOT_DB=" + db,
		"BRIEFBOT_HTTP_ADDR=127.0.0.1:0"}, more...)
}

// subscribeChats registers n private chats from first on the fake and
// subscribes them in db, due at due; it returns their ids.
func subscribeChats(t *testing.T, srv *telegramtest.Server, db string, first int64, n int, due time.Time) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = first + int64(i)
	}
	seedDue(t, srv, db, ids, due, nil)
	return ids
}

// seedDue registers private chats ids on srv and subscribes them in the
// database db, due at due (UTC); adjust, if not nil, changes the i-th
// subscription before it is saved.
func seedDue(t *testing.T, srv *telegramtest.Server, db string, ids []int64, due time.Time, adjust func(i int, sub *schedule.Subscription)) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	due = due.UTC()
	for i, id := range ids {
		srv.AddChat(telegramtest.Chat{ID: id, Type: "private", Title: "Reporter"})
		sub := schedule.Subscription{Chat: fmt.Sprintf("telegram:%d", id), Hour: due.Hour(), Minute: due.Minute(), Zone: "UTC", NextDue: due}
		if adjust != nil {
			adjust(i, &sub)
		}
		if err := st.SaveSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
}

// eventually polls cond every few milliseconds until it holds or timeout
// passes; it reports whether it held.
func eventually(timeout time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(timeout); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			return false
		}
	}
	return true
}

// deliveries counts the messages each chat got.
func deliveries(srv *telegramtest.Server, ids []int64) (total int, per map[int64]int) {
	per = map[int64]int{}
	for _, id := range ids {
		if n := srv.MessageCount(id); n > 0 {
			per[id] = n
			total += n
		}
	}
	return total, per
}

// waitSettled waits until every chat has at least one message and nothing
// new arrived for quiet, or until d passed.
func waitSettled(srv *telegramtest.Server, ids []int64, quiet, d time.Duration) {
	last, since := -1, time.Now()
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		n, per := deliveries(srv, ids)
		if n != last {
			last, since = n, time.Now()
		}
		if len(per) == len(ids) && time.Since(since) > quiet {
			return
		}
	}
}

// exactlyOnce checks that each chat got one briefing.
func exactlyOnce(t *testing.T, srv *telegramtest.Server, ids []int64) {
	t.Helper()
	missed, dup := 0, 0
	_, per := deliveries(srv, ids)
	for _, id := range ids {
		switch n := per[id]; {
		case n == 0:
			missed++
		case n > 1:
			dup++
		}
	}
	if missed != 0 || dup != 0 {
		t.Errorf("%d chats: %d got no briefing, %d got more than one", len(ids), missed, dup)
	}
}
