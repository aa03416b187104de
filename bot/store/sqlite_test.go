package store_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

func open(t *testing.T, path string) *store.SQLite {
	t.Helper()
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMigrationsApplyOnceAndPersist(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	s := open(t, path)
	if err := s.SaveChatSettings(ctx, "telegram:1", bot.ChatSettings{Lang: summaries.EN, Digits: bot.ArabicIndicDigits, Private: true}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2 := open(t, path) // migrations again: nothing to do, data kept
	got, err := s2.ChatSettings(ctx, "telegram:1")
	if err != nil || got != (bot.ChatSettings{Lang: summaries.EN, Digits: bot.ArabicIndicDigits, Private: true}) {
		t.Errorf("after reopening: %+v %v", got, err)
	}
	if none, _ := s2.ChatSettings(ctx, "telegram:2"); none != (bot.ChatSettings{}) {
		t.Errorf("unknown chat: %+v", none)
	}
}

func TestChatStatesAndMoves(t *testing.T) {
	ctx := context.Background()
	s := open(t, ":memory:")
	if changed, _ := s.MarkInactive(ctx, "telegram:5", "blocked"); !changed {
		t.Error("first mark not reported as a change")
	}
	if changed, _ := s.MarkInactive(ctx, "telegram:5", "blocked"); changed {
		t.Error("second mark reported as a change (would log twice)")
	}
	s.SaveChatSettings(ctx, "telegram:-1", bot.ChatSettings{Lang: summaries.EN})
	due := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	s.SaveSubscription(ctx, schedule.Subscription{Chat: "telegram:-1", Hour: 7, Zone: "Asia/Baghdad", NextDue: due})
	if err := s.MoveChat(ctx, "telegram:-1", "telegram:-1001"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ChatSettings(ctx, "telegram:-1001"); got.Lang != summaries.EN {
		t.Error("settings did not move")
	}
	if sub, ok, _ := s.Subscription(ctx, "telegram:-1001"); !ok || !sub.NextDue.Equal(due) {
		t.Errorf("subscription did not move: %+v %v", sub, ok)
	}
	if _, ok, _ := s.Subscription(ctx, "telegram:-1"); ok {
		t.Error("the old chat still has a subscription")
	}
}

func TestEnqueueIsOncePerDay(t *testing.T) {
	ctx := context.Background()
	s := open(t, ":memory:")
	due := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	sub := schedule.Subscription{Chat: "discord:9", Hour: 7, Zone: "Asia/Baghdad", NextDue: due}
	s.SaveSubscription(ctx, sub)
	next := due.Add(24 * time.Hour)
	enqueue := func(sub schedule.Subscription, date string, cands []string, next time.Time) schedule.Outcome {
		t.Helper()
		out, err := s.Enqueue(ctx, []schedule.Due{{Sub: sub, Date: date, Next: next}}, cands, 2)
		if err != nil {
			t.Fatal(err)
		}
		return out[0]
	}
	if out := enqueue(sub, "2026-12-01", []string{"c", "b", "a"}, next); out != schedule.Enqueued {
		t.Fatalf("first: %v", out)
	}
	// The same day again (a restart that read the old due time): nothing new.
	if out := enqueue(sub, "2026-12-01", []string{"c", "b", "a"}, next); out != schedule.Changed {
		t.Errorf("stale subscription: outcome %v", out)
	}
	sub.NextDue = next
	if out := enqueue(sub, "2026-12-02", []string{"c", "b", "a"}, next.Add(24*time.Hour)); out != schedule.Enqueued {
		t.Errorf("second day: %v", out)
	}
	s.AcquireLease(ctx, "test", time.Hour)
	items, _ := s.Claim(ctx, next.Add(time.Hour), 10)
	if len(items) != 2 || strings.Join(items[0].Statements, ",") != "c,b" || strings.Join(items[1].Statements, ",") != "a" {
		t.Errorf("the second day carries only what is new: %+v", items)
	}
	sub.NextDue = next.Add(24 * time.Hour)
	if out := enqueue(sub, "2026-12-03", []string{"c", "b", "a"}, next.Add(48*time.Hour)); out != schedule.NothingNew {
		t.Errorf("nothing new: outcome %v", out)
	}
	// Every-day subscriptions post anyway, once per day.
	sub.NextDue, sub.EveryDay = next.Add(48*time.Hour), true
	s.SaveSubscription(ctx, sub)
	if out := enqueue(sub, "2026-12-04", nil, next.Add(72*time.Hour)); out != schedule.Enqueued {
		t.Errorf("every day: %v", out)
	}
	// A row for a date that exists already is never written twice.
	sub.NextDue = next.Add(72 * time.Hour)
	s.SaveSubscription(ctx, sub)
	if out := enqueue(sub, "2026-12-04", nil, next.Add(96*time.Hour)); out != schedule.Duplicate {
		t.Errorf("same date twice: %v", out)
	}
	counts, _ := s.OutboxCounts(ctx)
	if counts["pending"] != 1 || counts["sending"] != 2 {
		t.Errorf("outbox: %v", counts)
	}
}

func TestOutboxLifecycle(t *testing.T) {
	ctx := context.Background()
	s := open(t, ":memory:")
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	for i, chat := range []string{"telegram:1", "telegram:2", "telegram:3"} {
		sub := schedule.Subscription{Chat: chat, Hour: 7, Zone: "Asia/Baghdad", NextDue: now.Add(time.Duration(i) * time.Second), EveryDay: true}
		s.SaveSubscription(ctx, sub)
		s.Enqueue(ctx, []schedule.Due{{Sub: sub, Date: "2026-12-01", Next: now.Add(24 * time.Hour)}}, nil, 5)
	}
	clock := now
	s.Now = func() time.Time { return clock }
	if _, err := s.AcquireLease(ctx, "first", time.Minute); err != nil {
		t.Fatal(err)
	}
	items, err := s.Claim(ctx, now.Add(time.Minute), 10)
	if err != nil || len(items) != 3 || items[0].Chat != "telegram:1" || items[0].Attempts != 1 {
		t.Fatalf("claim: %+v %v", items, err)
	}
	if again, _ := s.Claim(ctx, now.Add(time.Minute), 10); len(again) != 0 {
		t.Error("claimed rows were claimed twice")
	}
	s.Sent(ctx, items[0].ID, now)
	s.Retry(ctx, items[1].ID, now.Add(time.Hour), "502")
	// items[2] is "in flight" when its sender dies; the next takes over
	// once the lease has lapsed.
	clock = clock.Add(2 * time.Minute)
	if l, _ := s.AcquireLease(ctx, "second", time.Hour); !l.Held || l.Recovered != 1 {
		t.Errorf("take-over %+v, want the one in flight recovered", l)
	}
	got, _ := s.Claim(ctx, now.Add(time.Minute), 10)
	if len(got) != 1 || got[0].ID != items[2].ID || got[0].Attempts != 2 {
		t.Errorf("after recovery: %+v", got)
	}
	got, _ = s.Claim(ctx, now.Add(2*time.Hour), 10)
	if len(got) != 1 || got[0].ID != items[1].ID {
		t.Errorf("the retry is due after its wait: %+v", got)
	}
	counts, _ := s.OutboxCounts(ctx)
	if counts["sent"] != 1 || counts["sending"] != 2 {
		t.Errorf("counts %v", counts)
	}
}

// TestStoreImportsNoBriefingWorkers keeps the layering: the store shares
// the briefing's types through the leaf bot/schedule, and never imports
// the workers in bot/briefing that use it.
func TestStoreImportsNoBriefingWorkers(t *testing.T) {
	out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-deps", "github.com/briefbot/briefbot/bot/store").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "briefbot/bot/schedule") {
		t.Fatalf("go list returned too little:\n%s", out)
	}
	for _, d := range strings.Fields(string(out)) {
		if d == "github.com/briefbot/briefbot/bot/briefing" {
			t.Error("bot/store imports bot/briefing")
		}
	}
}

// TestBriefingsOfADayAndTheirTopic: the store tells whether a chat's
// briefing for a date is in the outbox, sent or not, and a subscription's
// topic travels with its briefings.
func TestBriefingsOfADayAndTheirTopic(t *testing.T) {
	ctx := context.Background()
	for _, st := range []bot.Subscriptions{open(t, ":memory:"), store.NewMemory()} {
		if had, err := st.HasBriefing(ctx, "telegram:-100", "2026-12-01"); had || err != nil {
			t.Errorf("%T: an empty store has a briefing: %v %v", st, had, err)
		}
	}
	s := open(t, ":memory:")
	due := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	sub := schedule.Subscription{Chat: "telegram:-100", Thread: "42", Hour: 7, Zone: "Asia/Baghdad", NextDue: due, EveryDay: true}
	if err := s.SaveSubscription(ctx, sub); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.Subscription(ctx, sub.Chat); got.Thread != "42" {
		t.Errorf("the topic is not kept: %+v", got)
	}
	if _, err := s.Enqueue(ctx, []schedule.Due{{Sub: sub, Date: "2026-12-01", Next: due.Add(24 * time.Hour)}}, []string{"a"}, 5); err != nil {
		t.Fatal(err)
	}
	for date, want := range map[string]bool{"2026-12-01": true, "2026-12-02": false} {
		if had, err := s.HasBriefing(ctx, sub.Chat, date); had != want || err != nil {
			t.Errorf("HasBriefing(%s) = %v %v, want %v", date, had, err, want)
		}
	}
	if had, _ := s.HasBriefing(ctx, "telegram:-101", "2026-12-01"); had {
		t.Error("another chat has the briefing")
	}
	s.AcquireLease(ctx, "test", time.Hour) // only the lease holder claims
	items, err := s.Claim(ctx, due, 5)
	if err != nil || len(items) != 1 || items[0].Thread != "42" {
		t.Fatalf("the briefing lost its topic: %+v %v", items, err)
	}
	s.Sent(ctx, items[0].ID, due)
	if had, _ := s.HasBriefing(ctx, sub.Chat, "2026-12-01"); !had {
		t.Error("a sent briefing is not reported")
	}
}
