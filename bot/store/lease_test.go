package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
)

// leaseClock is a settable clock shared by two stores on one file.
type leaseClock struct{ now time.Time }

func (c *leaseClock) Now() time.Time { return c.now }

// TestOneSenderPerDatabase: two processes on one database; only the
// lease holder claims rows, a standby cannot take a live lease, and takes
// a lapsed one over with its holder's in-flight rows.
func TestOneSenderPerDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	clock := &leaseClock{now: time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)}
	a, b := open(t, path), open(t, path)
	a.Now, b.Now = clock.Now, clock.Now
	for i, chat := range []string{"telegram:1", "telegram:2", "telegram:3"} {
		sub := schedule.Subscription{Chat: chat, Hour: 7, Zone: "Asia/Baghdad", NextDue: clock.now.Add(time.Duration(i) * time.Second), EveryDay: true}
		a.SaveSubscription(ctx, sub)
		a.Enqueue(ctx, []schedule.Due{{Sub: sub, Date: "2026-12-01", Next: clock.now.Add(24 * time.Hour)}}, nil, 5)
	}
	if _, err := a.Claim(ctx, clock.now.Add(time.Minute), 10); !errors.Is(err, store.ErrNotHolder) {
		t.Fatalf("claim without the lease: %v", err)
	}
	la, err := a.AcquireLease(ctx, "process-a", 10*time.Second)
	if err != nil || !la.Held || la.Holder != "process-a" {
		t.Fatalf("first acquire: %+v %v", la, err)
	}
	items, err := a.Claim(ctx, clock.now.Add(time.Minute), 2)
	if err != nil || len(items) != 2 {
		t.Fatalf("holder's claim: %d %v", len(items), err)
	}
	// B starts while A sends: it waits, and A's rows stay A's.
	lb, err := b.AcquireLease(ctx, "process-b", 10*time.Second)
	if err != nil || lb.Held || lb.Holder != "process-a" || lb.Recovered != 0 {
		t.Fatalf("a standby took a live lease: %+v %v", lb, err)
	}
	if got, err := b.Claim(ctx, clock.now.Add(time.Minute), 10); !errors.Is(err, store.ErrNotHolder) || len(got) != 0 {
		t.Fatalf("the standby claimed %d rows: %v", len(got), err)
	}
	if counts, _ := a.OutboxCounts(ctx); counts["sending"] != 2 {
		t.Errorf("a standby's start touched the rows in flight: %v", counts)
	}
	// A renews; later it stops renewing (it hangs or was killed).
	clock.now = clock.now.Add(8 * time.Second)
	if err := a.RenewLease(ctx, "process-a", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(9 * time.Second)
	if lb, _ := b.AcquireLease(ctx, "process-b", 10*time.Second); lb.Held {
		t.Fatal("taken over before the renewed lease lapsed")
	}
	clock.now = clock.now.Add(2 * time.Second)
	if _, err := a.Claim(ctx, clock.now, 10); !errors.Is(err, store.ErrNotHolder) {
		t.Errorf("a holder whose lease lapsed still claims: %v", err)
	}
	lb, err = b.AcquireLease(ctx, "process-b", 10*time.Second)
	if err != nil || !lb.Held || lb.TookOver != "process-a" || lb.Recovered != 2 {
		t.Fatalf("take-over: %+v %v", lb, err)
	}
	got, err := b.Claim(ctx, clock.now, 10)
	if err != nil || len(got) != 3 {
		t.Errorf("the new holder claims what is due, the recovered rows too: %d %v", len(got), err)
	}
	if err := a.RenewLease(ctx, "process-a", 10*time.Second); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("the old holder renewed a lease taken over: %v", err)
	}
	// A clean exit releases the lease: the standby takes it at once.
	if err := b.ReleaseLease(ctx, "process-b"); err != nil {
		t.Fatal(err)
	}
	if la, _ := a.AcquireLease(ctx, "process-a2", 10*time.Second); !la.Held || la.TookOver != "process-b" {
		t.Errorf("after a release: %+v", la)
	}
}
