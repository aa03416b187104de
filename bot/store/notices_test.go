package store_test

import (
	"cmp"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/summaries"
)

// byKind groups claimed items by kind, each by chat.
func byKind(items []schedule.Item) map[schedule.Kind][]schedule.Item {
	out := map[schedule.Kind][]schedule.Item{}
	for _, it := range items {
		out[it.Kind] = append(out[it.Kind], it)
	}
	for _, its := range out {
		slices.SortFunc(its, func(a, b schedule.Item) int { return cmp.Compare(a.Chat, b.Chat) })
	}
	return out
}

func chatsOf(items []schedule.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Chat)
	}
	return out
}

func TestReloadNoticesGoOnceToTheRightChats(t *testing.T) {
	ctx := context.Background()
	s := open(t, ":memory:")
	s.AcquireLease(ctx, "test", time.Hour) // only the lease holder claims
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	subscribe := func(chat string, instant bool, lang summaries.Lang, due time.Time) schedule.Subscription {
		t.Helper()
		sub := schedule.Subscription{Chat: chat, Hour: 7, Zone: "UTC", Lang: lang, Instant: instant, EveryDay: true, NextDue: due}
		if err := s.SaveSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
		return sub
	}
	// Chats 1, 2, 4 and 5 received s1 in a briefing; 1 and 3 are instant
	// subscribers; 4 is gone; 5 unsubscribed since; 6 was an instant
	// subscriber and unsubscribed.
	var due []schedule.Due
	for _, c := range []struct {
		chat    string
		instant bool
		lang    summaries.Lang
	}{{"telegram:1", true, summaries.EN}, {"telegram:2", false, ""}, {"telegram:4", false, ""}, {"telegram:5", false, summaries.AR}} {
		due = append(due, schedule.Due{Sub: subscribe(c.chat, c.instant, c.lang, now), Date: "2026-12-01", Next: now.Add(24 * time.Hour)})
	}
	if _, err := s.Enqueue(ctx, due, []string{"s1"}, 5); err != nil {
		t.Fatal(err)
	}
	subscribe("telegram:3", true, "", now.Add(24*time.Hour))
	subscribe("discord:6", true, "", now.Add(24*time.Hour))
	s.MarkInactive(ctx, "telegram:4", "blocked")
	s.EndSubscription(ctx, "telegram:5", "unsubscribed")
	s.EndSubscription(ctx, "discord:6", "unsubscribed")
	if sub, _, _ := s.Subscription(ctx, "telegram:3"); !sub.Instant {
		t.Error("Instant is not stored")
	}
	briefings, _ := s.Claim(ctx, now, 10)
	for _, it := range briefings {
		if it.Kind != schedule.KindBriefing {
			t.Errorf("a briefing of kind %q", it.Kind)
		}
		s.Sent(ctx, it.ID, now)
	}

	corr := schedule.Correction{Statement: "s1", Title: summaries.Text{EN: "S1"}, SourceLang: summaries.AR, Figures: []schedule.FigureChange{{
		ID: "a", Old: schedule.Amount{Value: 110000, Unit: summaries.UnitKM2, Qualifier: summaries.About},
		New: &schedule.Amount{Value: 111000, Unit: summaries.UnitKM2, Qualifier: summaries.Nearly}, Note: "misread",
	}}}
	reload := schedule.Reload{At: now.Add(time.Hour), Corrections: []schedule.Correction{corr}, Published: []string{"s2"}}
	out, err := s.EnqueueReload(ctx, reload)
	if err != nil {
		t.Fatal(err)
	}
	if out.Corrections != 3 || out.Posts != 2 {
		t.Errorf("outcome %+v, want 3 corrections (chats 1, 2 and 5) and 2 posts (chats 1 and 3)", out)
	}
	if early, _ := s.Claim(ctx, now, 10); len(early) != 0 {
		t.Errorf("notices claimed before the reload's time: %d", len(early))
	}
	items, _ := s.Claim(ctx, now.Add(time.Hour), 10)
	got := byKind(items)
	if c := chatsOf(got[schedule.KindCorrection]); !slices.Equal(c, []string{"telegram:1", "telegram:2", "telegram:5"}) {
		t.Errorf("corrections went to %v", c)
	}
	if c := chatsOf(got[schedule.KindInstant]); !slices.Equal(c, []string{"telegram:1", "telegram:3"}) {
		t.Errorf("instant posts went to %v", c)
	}
	first := got[schedule.KindCorrection][0]
	if p := first.Payload.Correction; p == nil || p.Statement != "s1" || p.Figures[0].New.Value != 111000 || p.Figures[0].Old.Qualifier != summaries.About || p.Figures[0].Note != "misread" {
		t.Errorf("the payload did not survive the store: %+v", first.Payload)
	}
	if first.Lang != summaries.EN || got[schedule.KindCorrection][2].Lang != summaries.AR {
		t.Error("a notice does not carry the subscription's language")
	}
	if it := got[schedule.KindInstant][1]; !slices.Equal(it.Statements, []string{"s2"}) || !it.DueAt.Equal(reload.At) {
		t.Errorf("instant post %+v", it)
	}
	for _, chat := range []string{"telegram:1", "telegram:3"} {
		if had, _ := s.Received(ctx, chat); !had["s2"] {
			t.Errorf("%s: the instant post is not recorded as received (the next briefing would repeat it)", chat)
		}
	}

	// The same reload written again (a retry) adds nothing.
	if again, err := s.EnqueueReload(ctx, reload); err != nil || again != (schedule.ReloadOutcome{}) {
		t.Errorf("the same reload again: %+v %v", again, err)
	}
	// The same change at a later reload (changed back, then again) is told
	// again; a statement already posted is not.
	reload.At = reload.At.Add(time.Minute)
	if later, _ := s.EnqueueReload(ctx, reload); later.Corrections != 3 || later.Posts != 0 {
		t.Errorf("a later reload: %+v", later)
	}
}

func TestAdminNoticesOncePerProblemSet(t *testing.T) {
	ctx := context.Background()
	s := open(t, ":memory:")
	s.AcquireLease(ctx, "test", time.Hour) // only the lease holder claims
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	admins := []string{"telegram:-100123", "discord:456"}
	a := schedule.NewRefusal([]string{"s.yaml:3: date: not a date"})
	b := schedule.NewRefusal([]string{"s.yaml:3: date: not a date", "s.yaml:9: quote: not in the source"})
	write := func(r schedule.Refusal, due time.Time) int {
		t.Helper()
		n, err := s.EnqueueRefusal(ctx, admins, r, due)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := write(a, now.Add(5*time.Second)); n != 2 {
		t.Fatalf("wrote %d", n)
	}
	// A new set before the first was told replaces it.
	if n := write(b, now.Add(6*time.Second)); n != 2 {
		t.Fatalf("wrote %d", n)
	}
	if early, _ := s.Claim(ctx, now, 10); len(early) != 0 {
		t.Error("an admin notice went out before its delay")
	}
	items, _ := s.Claim(ctx, now.Add(10*time.Second), 10)
	if len(items) != 2 || items[0].Kind != schedule.KindAdmin || items[0].Payload.Refusal == nil || items[0].Payload.Refusal.Total != 2 {
		t.Fatalf("claimed %+v", items)
	}
	for _, it := range items {
		s.Sent(ctx, it.ID, now)
	}
	// Told once: the same set again, also from a restarted process, writes nothing.
	if n := write(b, now.Add(time.Minute)); n != 0 {
		t.Errorf("the same set was written again: %d", n)
	}
	// A waiting notice is cancelled by an accepted reload: the problem is over.
	write(a, now.Add(time.Minute))
	out, err := s.EnqueueReload(ctx, schedule.Reload{At: now})
	if err != nil || out.Cancelled != 2 {
		t.Errorf("cancelled %+v %v", out, err)
	}
	kinds, _ := s.OutboxKinds(ctx)
	if kinds[schedule.KindAdmin]["sent"] != 2 || kinds[schedule.KindAdmin]["pending"] != 0 {
		t.Errorf("outbox %v", kinds)
	}
}

// TestServedRecord: a reload's record of what chats were told is written
// with its notices, read back whole, and forgotten for a removed statement.
func TestServedRecord(t *testing.T) {
	ctx := context.Background()
	s := open(t, ":memory:")
	st := &summaries.Statement{ID: "s1", Title: summaries.Text{EN: "One", AR: "واحد"}, Source: summaries.Source{Lang: summaries.AR},
		Figures: []summaries.Figure{{ID: "f1", Label: summaries.Text{EN: "Fighters"}, Value: 40000, Unit: summaries.UnitFighters,
			Qualifier: summaries.MoreThan, Correction: "first given as 30,000"}}}
	sv := schedule.ServedOf(st)
	if _, err := s.EnqueueReload(ctx, schedule.Reload{At: time.Now(), Serve: []schedule.Served{sv}}); err != nil {
		t.Fatal(err)
	}
	hashes, err := s.ServedHashes(ctx)
	if err != nil || len(hashes) != 1 || hashes["s1"] != sv.Hash || sv.Hash == "" {
		t.Fatalf("hashes %v %v, want s1: %q", hashes, err, sv.Hash)
	}
	recs, err := s.ServedRecords(ctx, []string{"s1", "unknown"})
	if err != nil || len(recs) != 1 {
		t.Fatalf("records %v %v", recs, err)
	}
	old := recs["s1"].Old()
	if f := old.Figures[0]; old.ID != "s1" || old.Title.AR != "واحد" || f.ID != "f1" || f.Value != 40000 || f.Qualifier != summaries.MoreThan ||
		f.Unit != summaries.UnitFighters || f.Correction != "first given as 30,000" || f.Label.EN != "Fighters" {
		t.Errorf("read back %+v", old)
	}
	if c := schedule.Corrections(old, st); len(c) != 0 {
		t.Errorf("the record of a statement corrects it: %+v", c)
	}
	if _, err := s.EnqueueReload(ctx, schedule.Reload{At: time.Now(), Unserve: []string{"s1"}}); err != nil {
		t.Fatal(err)
	}
	if hashes, _ := s.ServedHashes(ctx); len(hashes) != 0 {
		t.Errorf("a removed statement is still recorded: %v", hashes)
	}
}
