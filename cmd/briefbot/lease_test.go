package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

const leaseChats = 200

// twoProcessServer is a fake Bot API fast enough for a 200-chat fan-out.
func twoProcessServer(t *testing.T) *telegramtest.Server {
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"),
		telegramtest.WithLimits(telegramtest.Limits{GlobalPerSecond: 400, ChatPerSecond: 1, ChatBurst: 3, GroupPerMinute: 20}))
	t.Cleanup(srv.Close)
	return srv
}

// stopBoth sends SIGTERM to both and wants them to exit 0.
func stopBoth(t *testing.T, ps ...*proc) {
	t.Helper()
	for _, p := range ps {
		p.signal(syscall.SIGTERM)
	}
	for _, p := range ps {
		if status, ok := p.exit(30 * time.Second); !ok || status != 0 {
			t.Errorf("%s: exit status %d (ended %v)", p.name, status, ok)
		}
	}
}

// noSecondPoller checks that no getUpdates was refused for a second
// long-polling client.
func noSecondPoller(t *testing.T, srv *telegramtest.Server) {
	t.Helper()
	for _, c := range srv.CallsTo("getUpdates") {
		if c.Status == 409 {
			t.Errorf("two processes polled at once: %s", c.Error)
			return
		}
	}
}

// holderAndStandby checks that one process logged holding the lease and
// the other waiting for it.
func holderAndStandby(t *testing.T, a, b *proc) {
	t.Helper()
	la, lb := a.logs(), b.logs()
	held := strings.Contains(la, "lease acquired")
	if !held {
		la, lb = lb, la
	}
	if !strings.Contains(la, "lease acquired") || !strings.Contains(lb, "standby: waiting for the lease held by") {
		t.Error("the logs do not say which process holds the lease")
	}
}

// TestTwoProcessesStartedTogether: two processes on one database, started
// at once: one sends, the other waits; each chat gets one briefing.
func TestTwoProcessesStartedTogether(t *testing.T) {
	t.Parallel()
	srv := twoProcessServer(t)
	db := filepath.Join(t.TempDir(), "b.db")
	ids := subscribeChats(t, srv, db, 200_000, leaseChats, time.Now().Add(-time.Second))
	env := telegramEnv(srv, db, "TELEGRAM_RATE_LIMIT=150")
	a, b := startBinary(t, "a", env), startBinary(t, "b", env)
	waitSettled(srv, ids, 3*time.Second, 60*time.Second)
	stopBoth(t, a, b)
	exactlyOnce(t, srv, ids)
	noSecondPoller(t, srv)
	holderAndStandby(t, a, b)
}

// TestSecondProcessWhileTheFirstRetries: the second process starts while
// the first is retrying failing sends; it must not reset and send them
// again.
func TestSecondProcessWhileTheFirstRetries(t *testing.T) {
	t.Parallel()
	srv := twoProcessServer(t)
	db := filepath.Join(t.TempDir(), "b.db")
	ids := subscribeChats(t, srv, db, 300_000, leaseChats, time.Now().Add(-time.Second))
	for range 32 * 3 { // the first 32 sends fail three times each
		srv.FailNext("sendMessage", 0, telegramtest.Failure{Code: 502})
	}
	env := telegramEnv(srv, db, "TELEGRAM_RATE_LIMIT=150")
	a := startBinary(t, "a", env)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		failed := 0
		for _, c := range srv.CallsTo("sendMessage") {
			if c.Status == 502 {
				failed++
			}
		}
		if failed >= 32 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first process did not start sending")
		}
	}
	b := startBinary(t, "b", env)
	waitSettled(srv, ids, 3*time.Second, 90*time.Second)
	stopBoth(t, a, b)
	exactlyOnce(t, srv, ids)
	noSecondPoller(t, srv)
	holderAndStandby(t, a, b)
}

// TestStandbyTakesOverAfterSIGKILL: the holder dies with SIGKILL while its
// sends fail; the standby takes the lease over once it lapses, recovers
// the rows the dead process left in flight and sends what is due.
func TestStandbyTakesOverAfterSIGKILL(t *testing.T) {
	t.Parallel()
	srv := twoProcessServer(t)
	db := filepath.Join(t.TempDir(), "b.db")
	ids := subscribeChats(t, srv, db, 400_000, leaseChats, time.Now().Add(5*time.Second))
	env := telegramEnv(srv, db, "TELEGRAM_RATE_LIMIT=150")
	a := startBinary(t, "a", env)
	if !a.waitLog("lease acquired", 20*time.Second) {
		t.Fatal("the first process did not take the lease")
	}
	b := startBinary(t, "b", env)
	if !b.waitLog("standby: waiting for the lease held by", 20*time.Second) {
		t.Fatal("the second process is not a standby")
	}
	time.Sleep(500 * time.Millisecond) // b is up; the briefings are not due yet
	srv.FailAll(502, 1<<30)            // an outage: every send fails
	for deadline := time.Now().Add(20 * time.Second); len(srv.CallsTo("sendMessage")) < 32; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the first process did not start sending")
		}
	}
	a.signal(syscall.SIGKILL)
	a.exit(10 * time.Second)
	srv.FailAll(0, 0) // the outage ends
	if n, _ := deliveries(srv, ids); n != 0 {
		t.Fatalf("%d briefings went out during the outage", n)
	}
	waitSettled(srv, ids, 3*time.Second, 60*time.Second)
	stopBoth(t, b)
	exactlyOnce(t, srv, ids)
	noSecondPoller(t, srv)
	if !strings.Contains(b.logs(), "took_over_from=") || strings.Contains(b.logs(), "took_over_from=\"\"") {
		t.Error("the standby did not log taking the lease over")
	}
}
