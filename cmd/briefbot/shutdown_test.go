package main

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// queueCommands queues perUser /help commands from each of users users
// (each in their private chat) on the fake, before any bot runs.
func queueCommands(srv *telegramtest.Server, users, perUser int) []int64 {
	var ids []int64
	for i := range users {
		u := telegramtest.User{ID: int64(5001 + i), FirstName: fmt.Sprint("User", i), LanguageCode: "en"}
		ids = append(ids, u.ID)
		for range perUser {
			srv.SendText(u.PrivateChat(), u, "/help")
		}
	}
	return ids
}

// waitEach waits until each chat has at least one message.
func waitEach(t *testing.T, srv *telegramtest.Server, ids []int64, p *proc) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, id := range ids {
		if _, err := srv.WaitMessages(ctx, id, 1); err != nil {
			t.Fatalf("chat %d got no answer: %v", id, err)
		}
	}
}

// TestSIGTERMAnswersQueuedCommands queues 25 commands, lets the real
// binary fetch them, and sends SIGTERM: every command is answered (at the
// pace Telegram allows a chat), confirmed to Telegram, and the process
// exits 0 within BRIEFBOT_SHUTDOWN_TIMEOUT.
func TestSIGTERMAnswersQueuedCommands(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer srv.Close()
	ids := queueCommands(srv, 5, 5)
	p := startBinary(t, "bot", telegramEnv(srv, filepath.Join(t.TempDir(), "b.db")))
	waitEach(t, srv, ids, p) // fetched: each chat's first answer is out
	began := time.Now()
	p.signal(syscall.SIGTERM)
	status, ok := p.exit(25 * time.Second)
	took := time.Since(began)
	answered, _ := deliveries(srv, ids)
	t.Logf("SIGTERM with 25 commands fetched: %d answered, exit status %d after %v", answered, status, took.Round(10*time.Millisecond))
	if !ok || status != 0 || took > 20*time.Second {
		t.Errorf("exit status %d (ended %v) after %v; want 0 within 20 s", status, ok, took)
	}
	if answered != 25 {
		t.Errorf("%d of 25 commands answered", answered)
	}
	if n := srv.PendingUpdates(); n != 0 {
		t.Errorf("%d answered updates not confirmed to Telegram", n)
	}
	for _, v := range srv.Violations() {
		t.Error(v)
	}
}

// TestShutdownTimeoutLeavesTheRestForARestart: with a short
// BRIEFBOT_SHUTDOWN_TIMEOUT, what was not answered in time is not
// confirmed, and a restarted process answers it. One chat's commands are
// answered in order, so nothing is answered twice.
func TestShutdownTimeoutLeavesTheRestForARestart(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer srv.Close()
	const sent = 5
	ids := queueCommands(srv, 1, sent) // answered one a second, after a burst of two
	env := telegramEnv(srv, filepath.Join(t.TempDir(), "b.db"), "BRIEFBOT_SHUTDOWN_TIMEOUT=1s")
	first := startBinary(t, "first", env)
	waitEach(t, srv, ids, first)
	began := time.Now()
	first.signal(syscall.SIGTERM)
	status, ok := first.exit(10 * time.Second)
	if took := time.Since(began); !ok || status != 0 || took > 2*time.Second {
		t.Errorf("exit status %d (ended %v) after %v; want 0 within the 1 s timeout", status, ok, took)
	}
	answered, _ := deliveries(srv, ids)
	left := srv.PendingUpdates()
	t.Logf("a 1 s shutdown with %d commands fetched: %d answered, %d left unconfirmed", sent, answered, left)
	if answered == sent || answered+left != sent {
		t.Fatalf("%d answered and %d left for the next process; want some left and %d in all", answered, left, sent)
	}
	second := startBinary(t, "second", env)
	waitSettled(srv, ids, 3*time.Second, 20*time.Second)
	second.signal(syscall.SIGTERM)
	second.exit(10 * time.Second)
	if total, _ := deliveries(srv, ids); total != sent {
		t.Errorf("%d answers to %d commands after the restart", total, sent)
	}
}

// TestSIGHUPWithoutDataIsIgnored: without BRIEFBOT_DATA, SIGHUP is logged
// and ignored; the bot goes on answering.
func TestSIGHUPWithoutDataIsIgnored(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer srv.Close()
	p := startBinary(t, "bot", telegramEnv(srv, filepath.Join(t.TempDir(), "b.db")))
	if !p.waitLog("serving updates by long polling", 20*time.Second) {
		t.Fatal("the bot did not start")
	}
	p.signal(syscall.SIGHUP)
	if !p.waitLog("SIGHUP ignored", 5*time.Second) {
		t.Error("SIGHUP was not logged as ignored")
	}
	ids := queueCommands(srv, 1, 1)
	waitEach(t, srv, ids, p)
	p.signal(syscall.SIGTERM)
	if status, ok := p.exit(25 * time.Second); !ok || status != 0 {
		t.Errorf("exit status %d (ended %v)", status, ok)
	}
}
