package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// serveInProcess runs the program with env until the test ends; it
// returns its stderr and a function that waits up to d for run's result.
func serveInProcess(t *testing.T, env map[string]string) (*bottest.SyncBuffer, func(d time.Duration) (error, bool)) {
	t.Helper()
	if env["BRIEFBOT_HTTP_ADDR"] == "" {
		env["BRIEFBOT_HTTP_ADDR"] = "127.0.0.1:0" // tests run side by side
	}
	var stdout, stderr bottest.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var runErr error
	go func() {
		runErr = run(ctx, nil, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
		close(done)
	}()
	result := func(d time.Duration) (error, bool) {
		select {
		case <-done:
			return runErr, true
		case <-time.After(d):
			return nil, false
		}
	}
	t.Cleanup(func() {
		cancel()
		if _, ok := result(30 * time.Second); !ok {
			t.Error("run did not stop")
		}
	})
	return &stderr, result
}

// TestNewerDatabaseIsRefused: a database written by a newer release is
// refused at start with a clear message and exit status 1, never used.
func TestNewerDatabaseIsRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	raw, _ := sql.Open("sqlite", db)
	raw.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)`)
	raw.Close()
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer srv.Close()
	_, result := serveInProcess(t, map[string]string{"TELEGRAM_TOKEN": srv.Token(), "TELEGRAM_API_URL": srv.URL(), "BRIEFBOT_DB": db})
	err, ok := result(10 * time.Second)
	if !ok {
		t.Fatal("the bot started on a database of a newer release")
	}
	want := "BRIEFBOT_DB=" + db + ": schema version 99 is newer than this release supports ("
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "); use a newer briefbot") || exitStatus(err) != 1 {
		t.Errorf("err %v (status %d), want %q… and status 1", err, exitStatus(err), want)
	}
	if calls := srv.Calls(); len(calls) != 0 {
		t.Errorf("the bot called Telegram (%s) before refusing the database", calls[0].Method)
	}
}

// TestWebhookPathMustBeARoute: a webhook URL whose path the HTTP server
// cannot route is a configuration error at start (status 2), not a panic.
func TestWebhookPathMustBeARoute(t *testing.T) {
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer srv.Close()
	for _, tc := range []struct{ url, key string }{
		{"https://bot.example.org/hook/{id", ""},
		{"https://bot.example.org/a/{x}/{x}", ""},
		{"https://bot.example.org/discord/interactions", strings.Repeat("ab", 32)},
	} {
		env := map[string]string{"TELEGRAM_TOKEN": srv.Token(), "TELEGRAM_API_URL": srv.URL(), "BRIEFBOT_DB": filepath.Join(t.TempDir(), "b.db"),
			"TELEGRAM_WEBHOOK_URL": tc.url, "DISCORD_PUBLIC_KEY": tc.key, "DISCORD_TOKEN": map[bool]string{true: "x"}[tc.key != ""]}
		_, _, err := runWith(t, env, "")
		if exitStatus(err) != 2 || !strings.Contains(fmt.Sprint(err), "TELEGRAM_WEBHOOK_URL") || !strings.Contains(fmt.Sprint(err), "not a valid route") {
			t.Errorf("%s: status %d, %v", tc.url, exitStatus(err), err)
		}
	}
}

// webhookServer serves the Telegram webhook in process and returns the
// HTTP address.
func webhookServer(t *testing.T) string {
	t.Helper()
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	t.Cleanup(srv.Close)
	stderr, _ := serveInProcess(t, map[string]string{"TELEGRAM_TOKEN": srv.Token(), "TELEGRAM_API_URL": srv.URL(),
		"BRIEFBOT_DB": filepath.Join(t.TempDir(), "b.db"), "BRIEFBOT_HTTP_ADDR": "127.0.0.1:0",
		"TELEGRAM_WEBHOOK_URL": "https://bot.example.org/hook", "TELEGRAM_WEBHOOK_SECRET": "s3cret"})
	addr := regexp.MustCompile(`serving HTTP" addr=(\S+)`)
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stderr.String()); m != nil && strings.Contains(stderr.String(), "through the webhook") {
			return m[1]
		}
	}
	t.Fatalf("no HTTP server:\n%s", stderr.String())
	return ""
}

// TestHTTPServerCutsOffSlowBodies: a client that sends its body a byte a
// second (unauthenticated until the body is read) is cut off within the
// server's read timeout.
func TestHTTPServerCutsOffSlowBodies(t *testing.T) {
	t.Parallel()
	addr := webhookServer(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /hook HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: s3cret\r\nContent-Length: 100\r\n\r\n")
	began := time.Now()
	closed := make(chan time.Duration, 1)
	go func() {
		io.Copy(io.Discard, conn) // returns when the server closes the connection
		closed <- time.Since(began)
	}()
	for i := 0; ; i++ {
		select {
		case d := <-closed:
			t.Logf("a body sent a byte a second was cut off after %v (%d bytes)", d.Round(100*time.Millisecond), i)
			if d > httpReadTimeout+2*time.Second {
				t.Errorf("cut off after %v; the read timeout is %v", d, httpReadTimeout)
			}
			return
		case <-time.After(time.Second):
		}
		if i == 20 {
			t.Fatal("a client sending a byte a second held the connection for 20 s")
		}
		conn.Write([]byte("{"))
	}
}

// TestHTTPBodyOverTheLimit: the webhook answers 413 to a body over 1 MB.
func TestHTTPBodyOverTheLimit(t *testing.T) {
	t.Parallel()
	addr := webhookServer(t)
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/hook", bytes.NewReader(bytes.Repeat([]byte("x"), 2<<20)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", resp.StatusCode)
	}
}

// TestShutdownTimeoutIsChecked: BRIEFBOT_SHUTDOWN_TIMEOUT is a positive
// duration; anything else is a configuration error (status 2).
func TestShutdownTimeoutIsChecked(t *testing.T) {
	for _, v := range []string{"soon", "0s", "-5s", "11m"} {
		_, _, err := runWith(t, map[string]string{"TELEGRAM_TOKEN": "1:x", "BRIEFBOT_SHUTDOWN_TIMEOUT": v}, "")
		if exitStatus(err) != 2 || !strings.Contains(fmt.Sprint(err), "BRIEFBOT_SHUTDOWN_TIMEOUT") {
			t.Errorf("%q: status %d, %v", v, exitStatus(err), err)
		}
	}
	if c, err := loadConfig(func(k string) string { return map[string]string{"BRIEFBOT_SHUTDOWN_TIMEOUT": "45s"}[k] }); err != nil || c.shutdownTimeout != 45*time.Second {
		t.Errorf("45s: %v %v", c.shutdownTimeout, err)
	}
	if c, _ := loadConfig(func(string) string { return "" }); c.shutdownTimeout != 20*time.Second {
		t.Errorf("default %v, want 20s", c.shutdownTimeout)
	}
}
