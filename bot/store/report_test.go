package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
)

// seedOutbox writes a subscription per chat and a briefing for each, then
// sends the first, fails the second and leaves the third pending for a
// retry; a fourth subscription is ended with no delivery.
func seedOutbox(t *testing.T, s *store.SQLite, now time.Time) {
	t.Helper()
	ctx := context.Background()
	for i, chat := range []string{"telegram:1", "telegram:2", "discord:3"} {
		sub := schedule.Subscription{Chat: chat, Hour: 7, Zone: "Asia/Baghdad", NextDue: now.Add(time.Duration(i) * time.Second), EveryDay: true, Instant: i == 2}
		if err := s.SaveSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Enqueue(ctx, []schedule.Due{{Sub: sub, Date: "2026-12-01", Next: now.Add(24 * time.Hour)}}, nil, 5); err != nil {
			t.Fatal(err)
		}
	}
	s.SaveSubscription(ctx, schedule.Subscription{Chat: "telegram:4", Hour: 19, Minute: 30, Zone: "Europe/London", NextDue: now})
	s.EndSubscription(ctx, "telegram:4", "unsubscribed")
	if _, err := s.AcquireLease(ctx, "me", time.Minute); err != nil {
		t.Fatal(err)
	}
	items, err := s.Claim(ctx, now.Add(time.Minute), 10)
	if err != nil || len(items) != 3 {
		t.Fatalf("claim: %v %v", items, err)
	}
	s.Sent(ctx, items[0].ID, now.Add(time.Minute))
	s.Failed(ctx, items[1].ID, "Forbidden: bot was blocked by the user")
	s.Retry(ctx, items[2].ID, now.Add(time.Hour), "502 Bad Gateway")
}

// TestReportsReadWhileTheBotWrites: the operator's reports open the
// database read-only next to a bot writing it, see what it wrote, and
// neither block it nor write anything.
func TestReportsReadWhileTheBotWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	bot := open(t, path)
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	seedOutbox(t, bot, now)

	ro, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	subs, err := ro.SubscriptionRows(ctx)
	if err != nil || len(subs) != 4 {
		t.Fatalf("subscriptions: %+v %v", subs, err)
	}
	byChat := map[string]store.SubscriptionRow{}
	for _, r := range subs {
		byChat[r.Chat] = r
	}
	if r := byChat["telegram:1"]; r.Last == nil || r.Last.Status != store.StatusSent || r.Last.SentAt.IsZero() || !r.EveryDay {
		t.Errorf("telegram:1: %+v %+v", r, r.Last)
	}
	if r := byChat["telegram:2"]; r.Last == nil || r.Last.Status != store.StatusFailed || !strings.Contains(r.Last.LastError, "blocked") {
		t.Errorf("telegram:2: %+v", r.Last)
	}
	if r := byChat["discord:3"]; r.Last == nil || r.Last.Status != store.StatusPending || r.Last.Attempts != 1 || !r.Instant {
		t.Errorf("discord:3: %+v", r.Last)
	}
	if r := byChat["telegram:4"]; r.Last != nil || r.Ended.IsZero() || r.EndReason != "unsubscribed" || subs[3].Chat != "telegram:4" {
		t.Errorf("the ended subscription, listed last: %+v", subs)
	}

	all, err := ro.OutboxRows(ctx)
	if err != nil || len(all) != 2 {
		t.Fatalf("outbox (all but sent): %+v %v", all, err)
	}
	pending, _ := ro.OutboxRows(ctx, store.StatusPending, store.StatusSending)
	if len(pending) != 1 || pending[0].Chat != "discord:3" || pending[0].LastError != "502 Bad Gateway" || !pending[0].NextTry.Equal(now.Add(time.Hour)) {
		t.Errorf("pending: %+v", pending)
	}
	if n, err := ro.OutboxPending(ctx); err != nil || n != 1 {
		t.Errorf("pending count %d %v", n, err)
	}
	if err := ro.Ping(ctx); err != nil {
		t.Error(err)
	}

	// The bot writes on while reports read; a report never writes.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			sub := schedule.Subscription{Chat: "telegram:" + string(rune('a'+i%26)), Hour: 7, Zone: "Asia/Baghdad", NextDue: now}
			if err := bot.SaveSubscription(ctx, sub); err != nil {
				t.Errorf("the bot's write while a report reads: %v", err)
				return
			}
		}
	})
	for range 50 {
		if _, err := ro.SubscriptionRows(ctx); err != nil {
			t.Errorf("a report while the bot writes: %v", err)
			break
		}
	}
	close(stop)
	wg.Wait()
	if _, err := ro.OutboxRows(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ro.SaveSubscription(ctx, schedule.Subscription{Chat: "telegram:9", Zone: "UTC", NextDue: now}); err == nil {
		t.Error("a write through the read-only store succeeded")
	}
}

// TestOpenReadOnlyRefuses: a missing file is not created, and a file that
// is no briefbot database of this release is refused.
func TestOpenReadOnlyRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "none.db")
	if _, err := store.OpenReadOnly(ctx, missing); err == nil {
		t.Error("a missing database was opened")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("OpenReadOnly created the file")
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database at all"), 0o644)
	if _, err := store.OpenReadOnly(ctx, junk); err == nil {
		t.Error("a file that is no database was opened")
	}
	// A database closed by its bot (no -wal or -shm left) still reads.
	path := filepath.Join(dir, "closed#1.db")
	s := open(t, path)
	seedOutbox(t, s, time.Now())
	s.Close()
	ro, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if rows, err := ro.SubscriptionRows(ctx); err != nil || len(rows) != 4 {
		t.Errorf("%d rows, %v", len(rows), err)
	}
}
