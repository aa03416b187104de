package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAskServesTheBriefingCommands: ask keeps subscriptions in BRIEFBOT_DB
// (so a later ask sees them), exits 1 when it refuses, and without the
// variable keeps them in memory, writing no file.
func TestAskServesTheBriefingCommands(t *testing.T) {
	env := map[string]string{"BRIEFBOT_DB": filepath.Join(t.TempDir(), "b.db")}
	out, _, err := runWith(t, env, "", "ask", "/subscribe 07:00 بغداد")
	if err != nil || !strings.Contains(out, "Asia/Baghdad") {
		t.Fatalf("ask /subscribe 07:00 بغداد: %v\n%s", err, out)
	}
	out, _, err = runWith(t, env, "", "ask", "--lang", "en", "/subscription")
	if err != nil || !strings.Contains(out, "07:00 Asia/Baghdad") || !strings.Contains(out, "Next briefing") {
		t.Errorf("the subscription was not kept: %v\n%s", err, out)
	}
	out, _, err = runWith(t, env, "", "ask", "--lang", "en", "/briefing")
	if err != nil || !strings.Contains(out, "Daily briefing") || !strings.Contains(out, "about 7.7 million people") {
		t.Errorf("/briefing: %v\n%s", err, out)
	}
	out, _, err = runWith(t, env, "", "ask", "--lang", "en", "/subscribe 25:00 بغداد")
	if exitStatus(err) != 1 || !strings.Contains(out, "the hour is wrong") {
		t.Errorf("a refused /subscribe: status %d\n%s", exitStatus(err), out)
	}
	wd, _ := os.Getwd()
	if _, err := os.Stat(filepath.Join(wd, "briefbot.db")); err == nil {
		t.Skip("a briefbot.db exists in the test's folder")
	}
	out, _, err = runWith(t, nil, "", "ask", "--lang", "en", "/subscribe 7 صباحًا القاهرة")
	if err != nil || !strings.Contains(out, "07:00 Africa/Cairo") {
		t.Errorf("ask /subscribe in memory: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(wd, "briefbot.db")); err == nil {
		os.Remove(filepath.Join(wd, "briefbot.db"))
		t.Error("ask without BRIEFBOT_DB created briefbot.db")
	}
	if out, _, err := runWith(t, nil, "", "ask", "--lang", "en", "ما", "هي", "الأرقام؟"); exitStatus(err) != 1 || !strings.Contains(out, "Nothing matches") || !strings.Contains(out, "Send /help") {
		t.Errorf("ask with free text: status %d\n%s", exitStatus(err), out)
	}
}

// TestConsoleBriefingsAndText: the console serves the briefing commands
// with subscriptions in memory, and answers text through the core.
func TestConsoleBriefingsAndText(t *testing.T) {
	in := "/subscribe 7pm London\n/subscription\n/briefing\nما هي أرقام البيان؟\nمليار\n"
	out, _, err := runWith(t, nil, in, "console", "--lang", "en")
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(out, "\n"); !strings.Contains(first, "subscriptions in memory") {
		t.Errorf("the banner does not say where subscriptions are kept: %q", first)
	}
	for _, want := range []string{"This chat is subscribed", "19:00 Europe/London", "This chat's daily briefing", "Daily briefing", "Send /help", "1 result."} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Commands start with /") {
		t.Error("the console wrote a sentence of its own")
	}
}
