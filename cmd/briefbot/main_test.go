package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/search"
)

// runWith runs the program in-process with a fake environment.
func runWith(t *testing.T, env map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bottest.SyncBuffer // what the run leaves behind may still log
	err = run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func exitStatus(err error) int {
	var ec exitCode
	var ce configError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ec):
		return int(ec)
	case errors.As(err, &ce):
		return 2
	}
	return 1
}

func TestAsk(t *testing.T) {
	out, _, err := runWith(t, nil, "", "ask", "--lang", "en", "/figures")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"about 110,000 km²", "more than $20 billion", "more than 40,000 fighters"} {
		if !strings.Contains(out, want) {
			t.Errorf("ask /figures lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runWith(t, nil, "", "ask", "/figures")
	if err != nil || !strings.Contains(out, "حوالي") {
		t.Errorf("the default language is Arabic: %v\n%s", err, out)
	}
	out, _, err = runWith(t, map[string]string{"BRIEFBOT_DEFAULT_LANG": "en"}, "", "ask", "/summary")
	if err != nil || !strings.Contains(out, "Key points:") {
		t.Errorf("BRIEFBOT_DEFAULT_LANG=en not honoured: %v\n%s", err, out)
	}
	out, _, err = runWith(t, nil, "", "ask", "--lang", "en", "/summary", "no-such-statement")
	if exitStatus(err) != 1 || !strings.Contains(out, "No statement matches") {
		t.Errorf("unknown statement: status %d\n%s", exitStatus(err), out)
	}
	_, _, err = runWith(t, nil, "", "ask")
	if exitStatus(err) != 2 {
		t.Errorf("ask with no command: status %d", exitStatus(err))
	}
	_, _, err = runWith(t, map[string]string{"BRIEFBOT_DEFAULT_LANG": "fr"}, "", "ask", "/help")
	if err == nil || !strings.Contains(err.Error(), "BRIEFBOT_DEFAULT_LANG") {
		t.Errorf("a bad BRIEFBOT_DEFAULT_LANG must be refused: %v", err)
	}
}

// TestAskSearch: /search through the binary, which builds the index over
// the bundled data: the source's spelling اهميه and the correct أهمية
// find the same statement; nothing found exits 1 with a suggestion.
func TestAskSearch(t *testing.T) {
	for _, q := range []string{"/search أهمية", "/search اهميه"} {
		out, _, err := runWith(t, nil, "", "ask", q)
		if err != nil || !strings.Contains(out, "/summary coalition-ministers-2019-11") || !strings.Contains(out, "نتيجة واحدة") {
			t.Errorf("ask %q: %v\n%s", q, err, out)
		}
	}
	out, _, err := runWith(t, nil, "", "ask", "--lang", "en", "/search", "washingtn")
	if exitStatus(err) != 1 || !strings.Contains(out, "Did you mean /search Washington?") {
		t.Errorf("ask /search washingtn: status %d\n%s", exitStatus(err), out)
	}
}

func TestConsoleIsTheDefaultWithoutTokens(t *testing.T) {
	out, _, err := runWith(t, nil, "/lang en\n/figures\nlist\n\n")
	if err != nil {
		t.Fatal(err)
	}
	first, rest, _ := strings.Cut(out, "\n")
	if !strings.Contains(first, "no TELEGRAM_TOKEN or DISCORD_TOKEN") {
		t.Errorf("first line should say why the console runs: %q", first)
	}
	if !strings.HasPrefix(rest, "> ") || !strings.Contains(rest, "about 7.7 million people") || !strings.Contains(rest, "Statements") {
		t.Errorf("console output:\n%s", out)
	}
	out, _, err = runWith(t, nil, "/figures\n", "console", "--lang", "en")
	if err != nil || !strings.Contains(out, "more than $20 billion") {
		t.Errorf("console --lang en: %v\n%s", err, out)
	}
}

func TestValidate(t *testing.T) {
	out, _, err := runWith(t, nil, "", "validate")
	if err != nil || !strings.HasPrefix(out, "ok: 1 statement(s), 9 figure(s)") {
		t.Errorf("bundled data: %v %q", err, out)
	}
	out, _, err = runWith(t, nil, "", "validate", "../../data")
	if err != nil || !strings.HasPrefix(out, "ok:") {
		t.Errorf("validate ../../data: %v %q", err, out)
	}
	dir := t.TempDir()
	src, _ := os.ReadFile("../../data/statements/coalition-ministers-2019-11.ar.txt")
	yml, _ := os.ReadFile("../../data/statements/coalition-ministers-2019-11.yaml")
	bad := strings.Replace(string(yml), "value: 7700000", "value: 7600000", 1)
	bad = strings.Replace(bad, "date: 2019-11-14", "date: 2019-11-14\nurgent: yes", 1)
	os.WriteFile(filepath.Join(dir, "x.yaml"), []byte(bad), 0o644)
	os.WriteFile(filepath.Join(dir, "coalition-ministers-2019-11.ar.txt"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("id: a\n  title: : :\n"), 0o644)
	out, stderr, err := runWith(t, nil, "", "validate", dir)
	if exitStatus(err) != 1 {
		t.Fatalf("status %d, want 1", exitStatus(err))
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	lineOf := func(sub string) string {
		i := strings.Index(bad, sub)
		return strconv.Itoa(strings.Count(bad[:i], "\n") + 1)
	}
	want := []string{
		filepath.Join(dir, "broken.yaml") + ":2: yaml: ",
		filepath.Join(dir, "x.yaml") + ":" + lineOf("urgent: yes") + ": urgent: unknown field",
		filepath.Join(dir, "x.yaml") + ":" + lineOf("quote: وقد حررت") + ": figures[3].quote: the quote does not contain the value 7600000 (it states 7700000)",
	}
	if len(lines) != len(want) {
		t.Fatalf("problems:\n%s\nwant %d lines", out, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q, want prefix %q", i+1, lines[i], w)
		}
	}
	if !strings.Contains(stderr, "3 problem(s)") {
		t.Errorf("stderr = %q", stderr)
	}
	if _, _, err := runWith(t, nil, "", "validate", filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing directory must fail")
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"console", "--help"}, {"ask", "-h"}, {"validate", "--help"}, {"run", "--help"}} {
		out, _, err := runWith(t, nil, "", args...)
		if err != nil {
			t.Errorf("%v: %v", args, err)
		}
		for _, want := range []string{"TELEGRAM_TOKEN", "DISCORD_TOKEN", "BRIEFBOT_DEFAULT_LANG"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v help lacks %s:\n%s", args, want, out)
			}
		}
	}
	if _, _, err := runWith(t, nil, "", "frobnicate"); exitStatus(err) != 2 {
		t.Error("an unknown command must exit 2")
	}
}

// TestBinaryConsoleExitsZeroAtEndOfInput builds the real binary and runs it
// with no token and a piped input, as `go run ./cmd/briefbot` would.
func TestBinaryConsoleExitsZeroAtEndOfInput(t *testing.T) {
	bin := binary(t)
	cmd := exec.Command(bin)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()}
	cmd.Stdin = strings.NewReader("/figures\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("exit: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "حوالي") {
		t.Errorf("output:\n%s", out)
	}
	cmd = exec.Command(bin, "ask", "/summary", "nothing-like-this")
	cmd.Env = []string{"PATH=/usr/bin:/bin"}
	if err := cmd.Run(); err == nil {
		t.Error("ask for an unknown statement exited 0")
	}
}

// dataDir writes the bundled statement into a temporary BRIEFBOT_DATA and
// loads it as the bot does. logs is safe to read while the search index
// builds and logs in the background.
func dataDir(t *testing.T) (dir string, yml []byte, cfg config, st *summaries.State, log *slog.Logger, logs *bottest.SyncBuffer) {
	t.Helper()
	dir = bottest.DataDir(t)
	yml, _ = os.ReadFile(filepath.Join(dir, bottest.BundledID+".yaml"))
	os.Rename(filepath.Join(dir, bottest.BundledID+".yaml"), filepath.Join(dir, "s.yaml"))
	cfg, _ = loadConfig(func(k string) string { return map[string]string{"BRIEFBOT_DATA": dir}[k] })
	logs = &bottest.SyncBuffer{}
	log = slog.New(slog.NewTextHandler(logs, nil))
	st, err := loadState(context.Background(), cfg, log)
	if err != nil || st.Catalog().Len() != 1 {
		t.Fatal(err)
	}
	return dir, yml, cfg, st, log, logs
}

// testLive serves st's catalog with its search index, as the bot does.
func testLive(t *testing.T, st *summaries.State, log *slog.Logger) *search.Live {
	t.Helper()
	msgs, err := loadMessages(log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	live := serveCatalog(ctx, st, msgs, log)
	t.Cleanup(func() { cancel(); live.Wait() })
	return live
}

// rescan reloads like SIGHUP does and publishes the outcome.
func rescan(t *testing.T, st *summaries.State, live *search.Live, log *slog.Logger) (*summaries.State, bool) {
	t.Helper()
	u, err := st.Reload(context.Background(), summaries.Changes{Rescan: true})
	if err != nil {
		t.Fatal(err)
	}
	return u.State, publish(context.Background(), live, u, log, nil)
}

// TestReloadKeepsServingOnABadEdit: a reload with a broken file keeps the
// catalog being served; a good one replaces it.
func TestReloadKeepsServingOnABadEdit(t *testing.T) {
	dir, yml, _, st, log, logs := dataDir(t)
	cat := st.Catalog()
	live := testLive(t, st, log)
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(strings.Replace(string(yml), "value: 110000", "value: 111000", 1)), 0o644)
	st, ok := rescan(t, st, live, log)
	if ok || live.Catalog() != cat {
		t.Error("a bad edit replaced the catalog being served")
	}
	if !strings.Contains(logs.String(), "reload rejected") || !strings.Contains(logs.String(), "s.yaml:") || !strings.Contains(logs.String(), "111000") {
		t.Errorf("the problem is not logged as file:line:\n%s", logs.String())
	}
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(strings.Replace(string(yml), "aliases: [", "aliases: [new-alias, ", 1)), 0o644)
	if _, ok := rescan(t, st, live, log); !ok || live.Catalog().Get("new-alias") == nil {
		t.Error("a good edit was not taken")
	}
	// The search index came with it, updated for the edit.
	if err := live.Ready(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := live.Served()
	q, _ := search.ParseQuery("new-alias")
	if res, err := s.Index.Search(context.Background(), q); s.Index.Catalog() != s.Catalog || err != nil || res.Total != 1 {
		t.Errorf("the index does not follow the reload: %v %+v", err, res)
	}
}

// TestBriefingPreviewLanguage: the subscription's language is only the
// default of a preview; --lang wins (it did not: an Arabic subscription
// previewed in Arabic whatever --lang said).
func TestBriefingPreviewLanguage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "briefbot.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	err = st.SaveSubscription(context.Background(), schedule.Subscription{Chat: "telegram:-100", Hour: 7, Zone: "Asia/Baghdad",
		Lang: summaries.AR, NextDue: time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC)})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"BRIEFBOT_DB": db}
	out, _, err := runWith(t, env, "", "briefing", "preview", "--chat", "telegram:-100", "--lang", "en")
	if err != nil || !strings.Contains(out, "Daily briefing") || !strings.Contains(out, "Preview: the next briefing would carry this.") {
		t.Errorf("--lang en over an Arabic subscription: %v\n%s", err, out)
	}
	out, _, err = runWith(t, env, "", "briefing", "preview", "--chat", "telegram:-100")
	if err != nil || !strings.Contains(out, "الموجز اليومي") {
		t.Errorf("without --lang the subscription's Arabic: %v\n%s", err, out)
	}
}

// TestReloadRefusesAnEmptyFolder: a reload that finds no statements at all
// (a folder emptied by mistake, or a mount gone) keeps the catalog served
// and logs the refusal.
func TestReloadRefusesAnEmptyFolder(t *testing.T) {
	dir, _, _, st, log, logs := dataDir(t)
	cat := st.Catalog()
	live := testLive(t, st, log)
	os.Remove(filepath.Join(dir, "s.yaml"))
	if _, ok := rescan(t, st, live, log); ok || live.Catalog() != cat {
		t.Error("a reload that found no statements replaced the catalog being served")
	}
	if !strings.Contains(logs.String(), "no statements") {
		t.Errorf("the refusal is not logged:\n%s", logs.String())
	}
}

// TestSavingAFilePublishesIt: with BRIEFBOT_DATA set, saving a file is
// enough; no signal, no shell.
func TestSavingAFilePublishesIt(t *testing.T) {
	dir, yml, cfg, st, log, _ := dataDir(t)
	live := testLive(t, st, log)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watchData(ctx, cfg, st, live, log, nil)
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(strings.Replace(string(yml), "aliases: [", "aliases: [saved-alias, ", 1)), 0o644)
	deadline := time.Now().Add(10 * time.Second)
	for live.Catalog().Get("saved-alias") == nil {
		if time.Now().After(deadline) {
			t.Fatal("the saved file was not published")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
