package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// get fetches url and returns its status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// httpAddrOf waits for the address a process logs that it serves HTTP on.
func httpAddrOf(t *testing.T, logs interface{ String() string }) string {
	t.Helper()
	addr := regexp.MustCompile(`serving HTTP(?:" addr=|","addr":")([^"\s]+)`) // text or JSON
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := addr.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
	}
	t.Fatalf("no HTTP server:\n%s", logs.String())
	return ""
}

// waitStatus polls url until it answers status, and returns the body.
func waitStatus(t *testing.T, url string, status int) string {
	t.Helper()
	var code int
	var body string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if code, body = get(t, url); code == status {
			return body
		}
	}
	t.Fatalf("%s answers %d, want %d:\n%s", url, code, status, body)
	return ""
}

// TestProbesAndMetricsEndToEnd runs the bot on Telegram (long polling)
// and scrapes it as a monitoring system would: /healthz, /readyz naming
// each part, /metrics with the command just answered; `briefbot
// healthcheck` against it; and, once the Bot API stops answering, /readyz
// names Telegram as the failing part.
func TestProbesAndMetricsEndToEnd(t *testing.T) {
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer srv.Close()
	stderr, _ := serveInProcess(t, map[string]string{"TELEGRAM_TOKEN": srv.Token(), "TELEGRAM_API_URL": srv.URL(),
		"BRIEFBOT_DB": filepath.Join(t.TempDir(), "b.db")})
	base := "http://" + httpAddrOf(t, stderr)

	if code, body := get(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	ready := waitStatus(t, base+"/readyz", 200)
	for _, want := range []string{"catalog: ok (1 statements)\n", "store: ok\n", "telegram: ok\n", "ready\n"} {
		if !strings.Contains(ready, want) {
			t.Errorf("/readyz lacks %q:\n%s", want, ready)
		}
	}

	user := telegramtest.User{ID: 42, FirstName: "Rana", LanguageCode: "en"}
	srv.SendText(user.PrivateChat(), user, "/figures")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if _, err := srv.WaitMessages(ctx, user.ID, 1); err != nil {
		t.Fatal(err)
	}
	var metrics string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, metrics = get(t, base+"/metrics"); strings.Contains(metrics, `briefbot_messages_sent_total{platform="telegram"} 1`) {
			break
		}
	}
	for _, want := range []string{
		`briefbot_commands_total{command="figures",lang="en",platform="telegram"} 1`,
		`briefbot_command_duration_seconds_count{command="figures",platform="telegram"} 1`,
		`briefbot_messages_sent_total{platform="telegram"} 1`,
		`briefbot_messages_failed_total{platform="telegram"} 0`,
		`briefbot_briefings_total{outcome="due"} 0`,
		"briefbot_outbox_pending 0",
		"briefbot_catalog_statements 1",
		"briefbot_catalog_last_reload_success 1",
		"go_goroutines ", "process_cpu_seconds_total ",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(metrics, srv.Token()) || strings.Contains(ready, srv.Token()) {
		t.Error("a probe shows the token")
	}

	addr := strings.TrimPrefix(base, "http://")
	out, _, err := runWith(t, map[string]string{"BRIEFBOT_HTTP_ADDR": addr}, "", "healthcheck")
	if err != nil || !strings.HasPrefix(out, "ok: ") {
		t.Errorf("healthcheck of a live bot: %v %q", err, out)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	if _, errOut, err := runWith(t, map[string]string{"BRIEFBOT_HTTP_ADDR": closed}, "", "healthcheck"); exitStatus(err) != 1 || !strings.Contains(errOut, "connection refused") {
		t.Errorf("healthcheck of nothing: status %d %q", exitStatus(err), errOut)
	}

	srv.Close() // the Bot API stops answering
	body := waitStatus(t, base+"/readyz", http.StatusServiceUnavailable)
	if !strings.Contains(body, "telegram: not ready: getUpdates is failing") || !strings.Contains(body, "store: ok") {
		t.Errorf("/readyz does not name the failing part:\n%s", body)
	}
	if strings.Contains(body, srv.Token()) {
		t.Error("/readyz shows the token")
	}
}

// heldService is a service whose Shutdown waits until it is released,
// as an adapter answering what it fetched does.
type heldService struct {
	stopping chan struct{}
	release  chan struct{}
	once     sync.Once
}

func (s *heldService) Run(ctx context.Context) error {
	select {
	case <-ctx.Done():
	case <-s.release:
	}
	return nil
}

func (s *heldService) Shutdown(ctx context.Context) error {
	s.once.Do(func() { close(s.stopping) })
	select {
	case <-s.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TestReadyzTurnsOffWhenShutdownBegins: from the signal on, /readyz
// answers 503 while the services finish what they hold, and the server
// still answers; it closes once they are done.
func TestReadyzTurnsOffWhenShutdownBegins(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var logs bottest.SyncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	h := &health{}
	h.add("store", func(ctx context.Context) (string, error) { return "", st.Ping(ctx) })
	svc := &heldService{stopping: make(chan struct{}), release: make(chan struct{})}
	lc := &lifecycle{log: log, lease: newSenderLease(st, log), health: h, now: []service{svc}}
	mux, err := httpRoutes(opsRoutes(h))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lc.srv, lc.ln = newHTTPServer(mux), ln
	base := "http://" + ln.Addr().String()
	sig, stop := context.WithCancel(context.Background())
	work, stopWork := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lc.run(sig, work, stopWork, 10*time.Second) }()

	waitStatus(t, base+"/readyz", 200)
	stop() // SIGTERM
	<-svc.stopping
	code, body := get(t, base+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "shutdown: stopping") {
		t.Errorf("/readyz during shutdown: %d\n%s", code, body)
	}
	if code, _ := get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz during shutdown: %d", code)
	}
	close(svc.release)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after the shutdown")
	}
}
