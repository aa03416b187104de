package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

// BenchmarkReloadNotices10k writes the notices of one reload that corrects
// a statement 10,000 chats received and publishes one they are all instant
// subscribers of: 20,000 rows in the transaction that follows the catalog
// swap.
func BenchmarkReloadNotices10k(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, b.TempDir()+"/b.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const chats = 10_000
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	var due []schedule.Due
	for i := range chats {
		sub := schedule.Subscription{Chat: fmt.Sprintf("telegram:%d", i+1), Hour: 7, Zone: "UTC", Instant: true, NextDue: now}
		if err := s.SaveSubscription(ctx, sub); err != nil {
			b.Fatal(err)
		}
		due = append(due, schedule.Due{Sub: sub, Date: "2026-12-01", Next: now.Add(24 * time.Hour)})
	}
	if _, err := s.Enqueue(ctx, due, []string{"s1"}, 5); err != nil {
		b.Fatal(err)
	}
	c := schedule.Correction{Statement: "s1", Title: summaries.Text{AR: "ع", EN: "S1"}, Figures: []schedule.FigureChange{{ID: "a",
		Old: schedule.Amount{Value: 1, Unit: summaries.UnitCount}, New: &schedule.Amount{Value: 2, Unit: summaries.UnitCount}}}}
	i := 0
	for b.Loop() {
		i++
		out, err := s.EnqueueReload(ctx, schedule.Reload{At: now.Add(time.Duration(i) * time.Second), Corrections: []schedule.Correction{c},
			Published: []string{fmt.Sprintf("new-%d", i)}})
		if err != nil || out.Corrections != chats || out.Posts != chats {
			b.Fatalf("%+v %v", out, err)
		}
	}
}
