package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/desk/desktest"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/desk"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

func TestDeskAddAndDeleteCurators(t *testing.T) {
	env := map[string]string{"BRIEFBOT_DB": filepath.Join(t.TempDir(), "b.db")}
	out, _, err := runWith(t, env, "a long enough password\n", "desk", "adduser", "rana")
	if err != nil || !strings.Contains(out, "added curator rana") {
		t.Fatalf("adduser: %v %q", err, out)
	}
	out, _, err = runWith(t, env, "another long password\r\n", "desk", "adduser", "rana")
	if err != nil || !strings.Contains(out, "changed the password of curator rana") {
		t.Errorf("adduser again: %v %q", err, out)
	}
	if _, stderr, err := runWith(t, env, "short\n", "desk", "adduser", "omar"); exitStatus(err) != 1 || !strings.Contains(stderr, "at least 10 are needed") {
		t.Errorf("a short password: %d %q", exitStatus(err), stderr)
	}
	if _, _, err := runWith(t, env, "", "desk", "adduser", "omar"); exitStatus(err) != 1 {
		t.Errorf("no password on stdin: %d", exitStatus(err))
	}
	for _, args := range [][]string{{"desk", "adduser"}, {"desk", "adduser", "../x"}, {"desk", "adduser", "a", "b"}, {"desk"}, {"desk", "nope"}} {
		if _, _, err := runWith(t, env, "a long enough password\n", args...); exitStatus(err) != 2 {
			t.Errorf("%v: status %d, want 2", args, exitStatus(err))
		}
	}
	if out, _, err := runWith(t, env, "", "desk", "deluser", "rana"); err != nil || !strings.Contains(out, "removed curator rana") {
		t.Errorf("deluser: %v %q", err, out)
	}
	if _, stderr, err := runWith(t, env, "", "desk", "deluser", "rana"); exitStatus(err) != 1 || !strings.Contains(stderr, "no curator rana") {
		t.Errorf("deluser twice: %d %q", exitStatus(err), stderr)
	}
	if out, _, err := runWith(t, env, "", "desk", "--help"); err != nil || !strings.Contains(out, "briefbot desk adduser NAME") {
		t.Errorf("help: %v %q", err, out)
	}
	if out, _, _ := runWith(t, nil, "", "help"); !strings.Contains(out, "briefbot desk serve") {
		t.Error("briefbot help does not name the desk")
	}
}

func TestDeskServeAlone(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	data := bottest.DataDirFrom(t, bottest.FixtureOnly())
	if _, stderr, err := runWith(t, map[string]string{"BRIEFBOT_DB": db}, "", "desk", "serve"); exitStatus(err) != 2 || !strings.Contains(stderr, "BRIEFBOT_DATA") {
		t.Errorf("without BRIEFBOT_DATA: %d %q", exitStatus(err), stderr)
	}
	env := map[string]string{"BRIEFBOT_DB": db, "BRIEFBOT_DATA": data, "BRIEFBOT_HTTP_ADDR": "127.0.0.1:0"}
	if _, stderr, err := runWith(t, env, "", "desk", "serve"); exitStatus(err) != 1 || !strings.Contains(stderr, "briefbot desk adduser NAME") {
		t.Errorf("without a curator: %d %q", exitStatus(err), stderr)
	}
	if _, _, err := runWith(t, env, desktest.CuratorPassword+"\n", "desk", "adduser", desktest.Curator); err != nil {
		t.Fatal(err)
	}
	stderr, stop := runInBackground(t, env, "desk", "serve")
	url := waitForLog(t, stderr, regexp.MustCompile(`msg="serving the curators' desk" url=(\S+)`))
	res, err := http.Get(url + "signin")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `id="signin-form"`) {
		t.Errorf("sign-in page: %d", res.StatusCode)
	}
	stop()
}

// TestRunServesNoDeskWithoutACurator: with BRIEFBOT_DATA but no curator,
// "briefbot run" serves the platforms and its probes, and no desk; the
// first curator added while it runs opens the desk, with no restart.
func TestRunServesNoDeskWithoutACurator(t *testing.T) {
	tg := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer tg.Close()
	env := map[string]string{"TELEGRAM_TOKEN": tg.Token(), "TELEGRAM_API_URL": tg.URL(), "BRIEFBOT_CACHE": "off",
		"BRIEFBOT_DB": filepath.Join(t.TempDir(), "b.db"), "BRIEFBOT_DATA": bottest.DataDirFrom(t, bottest.FixtureOnly()),
		"BRIEFBOT_HTTP_ADDR": "127.0.0.1:0"}
	stderr, stop := runInBackground(t, env)
	base := "http://" + waitForLog(t, stderr, regexp.MustCompile(`msg="serving HTTP" addr=(\S+)`))
	for path, want := range map[string]int{"/healthz": http.StatusOK, "/desk/": http.StatusNotFound, "/desk/login": http.StatusNotFound} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	user := telegramtest.User{ID: 42, FirstName: "Rana", LanguageCode: "en"}
	tg.SendText(user.PrivateChat(), user, "/list")
	wctx, wcancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer wcancel()
	if _, err := tg.WaitMessages(wctx, user.ID, 1); err != nil {
		t.Fatalf("no reply: %v\n%s", err, stderr.String())
	}
	if strings.Contains(stderr.String(), "curators' desk") {
		t.Errorf("a desk was served with no curator:\n%s", stderr.String())
	}
	if _, _, err := runWith(t, env, desktest.CuratorPassword+"\n", "desk", "adduser", desktest.Curator); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(base + desk.Prefix + "signin")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `id="signin-form"`) {
		t.Errorf("the desk after the first curator was added: %d\n%s", resp.StatusCode, stderr.String())
	}
	stop()
}

// runInBackground runs the program with env until stop, or the end of the
// test; stop waits for it and reports an error it returns.
func runInBackground(t *testing.T, env map[string]string, args ...string) (logs *bottest.SyncBuffer, stop func()) {
	var stdout, stderr bottest.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("briefbot %v: %v", args, err)
				}
			case <-time.After(30 * time.Second):
				t.Errorf("briefbot %v did not stop", args)
			}
		})
	}
	t.Cleanup(stop)
	return &stderr, stop
}
