package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// seedReports writes a database as a bot would leave it: a briefing sent,
// one failed (the chat blocked the bot), one waiting for a retry, and an
// ended subscription.
func seedReports(t *testing.T, db string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	due := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	for i, chat := range []string{"telegram:-1001", "telegram:42", "discord:200"} {
		sub := schedule.Subscription{Chat: chat, Hour: 7, Zone: "Asia/Baghdad", NextDue: due.Add(time.Duration(i) * time.Second), EveryDay: true, Instant: i == 1, Lang: "en"}
		if i == 2 {
			sub.Thread, sub.Zone, sub.Lang = "300", "Europe/London", ""
		}
		st.SaveSubscription(ctx, sub)
		if _, err := st.Enqueue(ctx, []schedule.Due{{Sub: sub, Date: "2026-12-01", Next: due.Add(24 * time.Hour)}}, nil, 5); err != nil {
			t.Fatal(err)
		}
	}
	st.SaveSubscription(ctx, schedule.Subscription{Chat: "telegram:7", Hour: 19, Minute: 30, Zone: "UTC", NextDue: due})
	st.EndSubscription(ctx, "telegram:7", "unsubscribed")
	st.AcquireLease(ctx, "seed", time.Minute)
	items, err := st.Claim(ctx, due.Add(time.Minute), 10)
	if err != nil || len(items) != 3 {
		t.Fatalf("claim: %v %v", items, err)
	}
	st.Sent(ctx, items[0].ID, due.Add(time.Minute))
	st.MarkInactive(ctx, "telegram:42", "Forbidden: bot was blocked by the user")
	st.Failed(ctx, items[1].ID, "Forbidden: bot was blocked by the user\nchat is gone")
	st.Retry(ctx, items[2].ID, due.Add(time.Hour), "discord: HTTP 502 Bad Gateway")
	st.ReleaseLease(ctx, "seed")
}

// TestSubscriptionsReport: every subscription with its chat, time, zone,
// language, mode, next run in its zone and the last delivery's result, as
// a table and as JSON.
func TestSubscriptionsReport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	seedReports(t, db)
	env := map[string]string{"BRIEFBOT_DB": db}
	out, _, err := runWith(t, env, "", "subscriptions")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "CHAT") || !strings.HasPrefix(lines[4], "telegram:7 ") { // ended last
		t.Fatalf("table:\n%s", out)
	}
	col := strings.Index(lines[0], "ZONE")
	for _, l := range lines[1:] {
		if len(l) < col || l[col-2:col] != "  " {
			t.Errorf("columns not aligned:\n%s", out)
			break
		}
	}
	for _, want := range []string{
		"telegram:-1001         07:00  Asia/Baghdad   en      daily ",
		"2026-12-02 07:00 +03  sent 2026-12-01 07:01 (briefing 2026-12-01)",
		"daily, instant",
		"failed (briefing 2026-12-01): Forbidden: bot was blocked by the user chat is gone",
		"discord:200 topic 300  07:00  Europe/London  chat's", "2026-12-02 04:00 GMT",
		"retrying at 2026-12-01 05:00 (briefing 2026-12-01): discord: HTTP 502 Bad Gateway",
		"ended: unsubscribed", "none yet",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}

	out, _, err = runWith(t, env, "", "subscriptions", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var subs []map[string]any
	if err := json.Unmarshal([]byte(out), &subs); err != nil || len(subs) != 4 {
		t.Fatalf("JSON: %v\n%s", err, out)
	}
	byChat := map[string]map[string]any{}
	for _, s := range subs {
		byChat[s["chat"].(string)] = s
	}
	first := byChat["telegram:-1001"]
	if first["chat"] != "telegram:-1001" || first["time"] != "07:00" || first["zone"] != "Asia/Baghdad" || first["lang"] != "en" ||
		first["mode"] != "daily" || first["active"] != true || first["next_run"] != "2026-12-02T07:00:00+03:00" {
		t.Errorf("first: %v", first)
	}
	if last, _ := first["last_delivery"].(map[string]any); last["status"] != "sent" || last["kind"] != "briefing" {
		t.Errorf("last delivery: %v", first["last_delivery"])
	}
	blocked := byChat["telegram:42"]
	if failed, _ := blocked["last_delivery"].(map[string]any); failed["status"] != "failed" || !strings.Contains(failed["last_error"].(string), "\nchat is gone") ||
		blocked["chat_inactive"] != "Forbidden: bot was blocked by the user" || blocked["mode"] != "daily, instant" {
		t.Errorf("the JSON keeps the whole reason: %v", blocked)
	}
	if ended := subs[3]; ended["active"] != false || ended["end_reason"] != "unsubscribed" || ended["last_delivery"] != nil {
		t.Errorf("ended: %v", ended)
	}
}

// TestOutboxReport: what is queued, in flight or failed, and why; the
// filters and their misuse.
func TestOutboxReport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	seedReports(t, db)
	env := map[string]string{"BRIEFBOT_DB": db}
	out, _, err := runWith(t, env, "", "outbox")
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("outbox:\n%s", out)
	}
	for _, want := range []string{"retrying after 1 attempt(s): discord: HTTP 502 Bad Gateway", "failed: Forbidden: bot was blocked by the user chat is gone", "2026-12-01 05:00Z"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	out, _, _ = runWith(t, env, "", "outbox", "--pending")
	if strings.Contains(out, "failed") || !strings.Contains(out, "discord:200") {
		t.Errorf("--pending:\n%s", out)
	}
	out, _, err = runWith(t, env, "", "outbox", "--failed", "--json")
	var rows []outboxJSON
	if err != nil || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 1 || rows[0].Chat != "telegram:42" || rows[0].Status != "failed" {
		t.Errorf("--failed --json: %v\n%s", err, out)
	}
	if _, errOut, err := runWith(t, env, "", "outbox", "--pending", "--failed"); exitStatus(err) != 2 || !strings.Contains(errOut, "exclude each other") {
		t.Errorf("both filters: status %d %q", exitStatus(err), errOut)
	}
	out, _, err = runWith(t, map[string]string{"BRIEFBOT_DB": filepath.Join(t.TempDir(), "empty.db")}, "", "outbox", "--json")
	if err == nil || exitStatus(err) != 1 || !strings.Contains(err.Error(), "no database") {
		t.Errorf("a missing database: status %d %v %q", exitStatus(err), err, out)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(db), "empty.db")); err == nil {
		t.Error("the report created a database")
	}
}

// TestReportsWhileTheBotRuns: the reports read the database of a running
// bot, which goes on serving; a /subscribe just made is listed.
func TestReportsWhileTheBotRuns(t *testing.T) {
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "b.db")
	stderr, _ := serveInProcess(t, map[string]string{"TELEGRAM_TOKEN": srv.Token(), "TELEGRAM_API_URL": srv.URL(), "BRIEFBOT_DB": db})
	httpAddrOf(t, stderr)
	user := telegramtest.User{ID: 42, FirstName: "Rana", LanguageCode: "en"}
	srv.SendText(user.PrivateChat(), user, "/subscribe 07:30 London")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if _, err := srv.WaitMessages(ctx, user.ID, 1); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		out, _, err := runWith(t, map[string]string{"BRIEFBOT_DB": db}, "", "subscriptions", "--json")
		var subs []subscriptionJSON
		if err != nil || json.Unmarshal([]byte(out), &subs) != nil || len(subs) != 1 || subs[0].Zone != "Europe/London" || subs[0].Time != "07:30" {
			t.Fatalf("report %d while the bot runs: %v\n%s", i, err, out)
		}
		if _, _, err := runWith(t, map[string]string{"BRIEFBOT_DB": db}, "", "outbox"); err != nil {
			t.Fatal(err)
		}
		srv.SendText(user.PrivateChat(), user, "/subscription")
	}
	if _, err := srv.WaitMessages(ctx, user.ID, 6); err != nil {
		t.Fatalf("the bot stopped answering while the reports read: %v", err)
	}
}
