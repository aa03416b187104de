package briefing_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

// post is one briefing a fake platform received.
type post struct {
	chat string
	at   time.Time
	date string
	sts  string
}

// recorder is a fake platform sender on the test clock.
type recorder struct {
	mu    sync.Mutex
	now   func() time.Time
	posts []post
	fail  func(chat string) error
}

func (r *recorder) Send(_ context.Context, to bot.Chat, rep *bot.Reply) error {
	chat := to.Key
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		if err := r.fail(chat); err != nil {
			return err
		}
	}
	// Read the briefing as a reader would: its dated title, then the
	// statements' headings (a test statement's title is its id).
	day, err := time.Parse("Monday 2 January 2006", strings.TrimPrefix(rep.Title, "Daily briefing — "))
	if err != nil {
		return fmt.Errorf("briefing title %q: %w", rep.Title, err)
	}
	var ids []string
	for _, b := range rep.Blocks[1:] {
		if h, ok := b.(bot.Heading); ok {
			ids = append(ids, h.Text)
		}
	}
	r.posts = append(r.posts, post{chat: chat, at: r.now(), date: day.Format(time.DateOnly), sts: strings.Join(ids, ",")})
	return nil
}

// candidates is a catalog of bare test statements whose ids are given
// newest first, as a briefing's candidates.
func candidates(ids ...string) *summaries.Catalog {
	var sts []*summaries.Statement
	for i, id := range ids {
		sts = append(sts, &summaries.Statement{ID: id, Title: summaries.Text{AR: id, EN: id},
			Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -i)})
	}
	cat, _ := summaries.NewCatalog(sts)
	return cat
}

type sim struct {
	t     *testing.T
	owner string // the sender lease it holds as
	st    *store.SQLite
	now   time.Time
	rec   *recorder
	sch   *briefing.Scheduler
	ob    *briefing.Outbox
	cands *summaries.Live
	logs  *bottest.SyncBuffer
}

func newSim(t *testing.T, start time.Time, dbPath string) *sim {
	t.Helper()
	st, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := &sim{t: t, st: st, now: start, logs: &bottest.SyncBuffer{}, cands: summaries.NewLive(candidates()), owner: fmt.Sprintf("sim-%p", st)}
	st.Now = func() time.Time { return s.now }
	s.rec = &recorder{now: func() time.Time { return s.now }}
	log := slog.New(slog.NewTextHandler(s.logs, nil))
	s.ob = &briefing.Outbox{Store: st, Senders: map[string]bot.Sender{"telegram": s.rec, "discord": s.rec},
		Clock: func() time.Time { return s.now }, Log: log,
		Composer: &briefing.Composer{Catalog: s.cands, Core: bottest.NewCore(t, bottest.Options{Catalog: candidates(),
			Config: func(c *bot.Config) { c.DefaultLang, c.Settings = summaries.EN, st }}).Bot}}
	s.sch = &briefing.Scheduler{Store: st, Max: 5, Catchup: 2 * time.Hour, Log: log, Catalog: s.cands}
	return s
}

func (s *sim) subscribe(chat string, hour, minute int, zone string, everyDay bool) {
	s.t.Helper()
	loc, err := schedule.LoadZone(zone)
	if err != nil {
		s.t.Fatal(err)
	}
	d := schedule.Daily{Hour: hour, Minute: minute, Loc: loc}
	if err := s.st.SaveSubscription(context.Background(), schedule.Subscription{Chat: chat, Hour: hour, Minute: minute, Zone: zone,
		EveryDay: everyDay, NextDue: d.Next(s.now)}); err != nil {
		s.t.Fatal(err)
	}
}

// hold takes or renews the sim's sender lease at the clock's time; it
// lapses 30 s after.
func (s *sim) hold() store.LeaseState {
	s.t.Helper()
	l, err := s.st.AcquireLease(context.Background(), s.owner, 30*time.Second)
	if err != nil || !l.Held {
		s.t.Fatalf("the sender lease: %+v %v", l, err)
	}
	return l
}

// step runs the scheduler and the outbox at the clock's time.
func (s *sim) step() {
	s.t.Helper()
	ctx := context.Background()
	s.hold()
	if _, err := s.sch.Tick(ctx, s.now); err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.ob.Drain(ctx); err != nil {
		s.t.Fatal(err)
	}
}

// runUntil jumps the clock from one due time to the next until end.
func (s *sim) runUntil(end time.Time) {
	s.t.Helper()
	for {
		due, err := s.st.DueSubscriptions(context.Background(), end, 1000)
		if err != nil {
			s.t.Fatal(err)
		}
		if len(due) == 0 {
			break
		}
		next := due[0].NextDue
		if next.After(s.now) {
			s.now = next
		}
		s.step()
	}
	s.now = end
	s.step()
}

func (s *sim) postsOf(chat string) []post {
	var out []post
	for _, p := range s.rec.posts {
		if p.chat == chat {
			out = append(out, p)
		}
	}
	return out
}

// TestAYearOfBriefings runs a year of daily briefings in three zones on a
// simulated clock: one post per local date, at the local time, across both
// daylight saving changes; no day missed, none posted twice.
func TestAYearOfBriefings(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newSim(t, start, ":memory:")
	subs := []struct {
		chat, zone   string
		hour, minute int
	}{
		{"telegram:1", "Europe/Berlin", 7, 0},
		{"telegram:2", "America/New_York", 7, 0},
		{"discord:3", "Asia/Baghdad", 7, 0},
		{"telegram:4", "Europe/Berlin", 2, 30}, // meets the spring gap
	}
	for _, sub := range subs {
		s.subscribe(sub.chat, sub.hour, sub.minute, sub.zone, true)
	}
	s.runUntil(start.AddDate(1, 0, 0))
	for _, sub := range subs {
		loc, _ := time.LoadLocation(sub.zone)
		posts := s.postsOf(sub.chat)
		if len(posts) != 365 {
			t.Errorf("%s: %d briefings in 2026, want 365", sub.chat, len(posts))
		}
		seen := map[string]bool{}
		for _, p := range posts {
			l := p.at.In(loc)
			if seen[p.date] {
				t.Errorf("%s: two briefings on %s", sub.chat, p.date)
			}
			seen[p.date] = true
			if l.Format(time.DateOnly) != p.date {
				t.Errorf("%s: the briefing for %s came on %s", sub.chat, p.date, l)
			}
			wantHM := sub.hour*60 + sub.minute
			if got := l.Hour()*60 + l.Minute(); got != wantHM && !(sub.chat == "telegram:4" && p.date == "2026-03-29" && got == 3*60) {
				t.Errorf("%s: briefing at %s local, want %02d:%02d", sub.chat, l.Format("2006-01-02 15:04 MST"), sub.hour, sub.minute)
			}
		}
	}
	// The day around each change in Berlin: 07:00 local before and after.
	for _, date := range []string{"2026-03-28", "2026-03-30", "2026-10-24", "2026-10-26"} {
		for _, p := range s.postsOf("telegram:1") {
			if p.date == date && p.at.In(mustLoc("Europe/Berlin")).Format("15:04") != "07:00" {
				t.Errorf("Berlin %s: %s", date, p.at)
			}
		}
	}
}

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

func TestNewStatementsOnlyAndOnce(t *testing.T) {
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	s := newSim(t, start, ":memory:")
	s.cands.Store(candidates("b", "a"))
	s.subscribe("telegram:1", 7, 0, "Asia/Riyadh", false)
	s.runUntil(start.AddDate(0, 0, 3)) // days 1-3: only day 1 has something new
	posts := s.postsOf("telegram:1")
	if len(posts) != 1 || posts[0].sts != "b,a" {
		t.Fatalf("posts: %+v", posts)
	}
	if !strings.Contains(s.logs.String(), "no new statement; no briefing posted") {
		t.Error("a day with nothing new is not logged")
	}
	s.cands.Store(candidates("c", "b", "a")) // a new statement appears
	s.runUntil(start.AddDate(0, 0, 5))
	posts = s.postsOf("telegram:1")
	if len(posts) != 2 || posts[1].sts != "c" {
		t.Errorf("posts: %+v", posts)
	}
}

func TestSubscriptionChangedBetweenRuns(t *testing.T) {
	start := time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC)
	s := newSim(t, start, ":memory:")
	s.subscribe("telegram:1", 7, 0, "Europe/Berlin", true)
	s.runUntil(time.Date(2026, 3, 28, 9, 0, 0, 0, time.UTC)) // 27th and 28th at 07:00
	// At 10:00 on the 28th the chat moves its briefing to 18:30 Asia/Riyadh.
	s.subscribe("telegram:1", 18, 30, "Asia/Riyadh", true)
	s.runUntil(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC))
	var got []string
	for _, p := range s.postsOf("telegram:1") {
		got = append(got, p.date+" "+p.at.In(mustLoc("Asia/Riyadh")).Format("15:04"))
	}
	want := []string{"2026-03-27 09:00", "2026-03-28 09:00", "2026-03-29 18:30", "2026-03-30 18:30"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("posts %v, want %v (the 28th, already posted, is not posted again)", got, want)
	}
}

func TestCatchupAfterDowntime(t *testing.T) {
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	s := newSim(t, start, ":memory:")
	s.subscribe("telegram:1", 7, 0, "UTC", true)
	s.subscribe("telegram:2", 8, 0, "UTC", true)
	// The bot was down from before 07:00 until 09:30: 07:00 is 2.5 h late
	// (skipped), 08:00 is 1.5 h late (sent now).
	s.now = time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)
	s.step()
	if n := len(s.postsOf("telegram:1")); n != 0 {
		t.Errorf("a briefing older than the catch-up window was sent")
	}
	if p := s.postsOf("telegram:2"); len(p) != 1 || p[0].date != "2026-06-01" {
		t.Errorf("the recent missed briefing: %+v", p)
	}
	if !strings.Contains(s.logs.String(), "briefing missed during downtime; skipped") {
		t.Error("the skip is not logged")
	}
	s.runUntil(time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC))
	if n := len(s.postsOf("telegram:1")); n != 1 {
		t.Errorf("the next day's briefing: %d", n)
	}
}

func TestRestartNeverRepeatsOrLoses(t *testing.T) {
	path := t.TempDir() + "/b.db"
	start := time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC)
	s := newSim(t, start, path)
	for _, chat := range []string{"telegram:1", "telegram:2", "telegram:3"} {
		s.subscribe(chat, 7, 0, "UTC", true)
	}
	s.now = time.Date(2026, 6, 1, 7, 0, 0, 0, time.UTC)
	if _, err := s.sch.Tick(context.Background(), s.now); err != nil { // enqueued, then "crash" before sending
		t.Fatal(err)
	}
	s.hold()
	items, _ := s.st.Claim(context.Background(), s.now, 1) // one was in flight at the crash
	if len(items) != 1 {
		t.Fatal("claim")
	}
	s.st.Close()
	// Restart on the same database.
	r := newSim(t, s.now, path)
	r.now = s.now.Add(time.Minute)
	if l := r.hold(); l.Recovered != 1 { // the crashed process's lease has lapsed
		t.Errorf("recovered %d", l.Recovered)
	}
	r.step()
	r.step()
	for _, chat := range []string{"telegram:1", "telegram:2", "telegram:3"} {
		if n := len(r.postsOf(chat)); n != 1 {
			t.Errorf("%s: %d briefings after the restart", chat, n)
		}
	}
	// And a later tick on the same day adds nothing.
	r.now = r.now.Add(time.Hour)
	r.step()
	if len(r.rec.posts) != 3 {
		t.Errorf("%d posts", len(r.rec.posts))
	}
}

func TestPermanentAndTransientFailures(t *testing.T) {
	start := time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC)
	s := newSim(t, start, ":memory:")
	s.subscribe("telegram:gone", 7, 0, "UTC", true)
	s.subscribe("telegram:flaky", 7, 0, "UTC", true)
	s.subscribe("matrix:nowhere", 7, 0, "UTC", true)
	flaky := 0
	s.rec.fail = func(chat string) error {
		switch chat {
		case "telegram:gone":
			return errors.Join(errors.New("Forbidden: bot was blocked by the user"), bot.ErrChatGone)
		case "telegram:flaky":
			if flaky < 2 {
				flaky++
				return errors.New("502 Bad Gateway")
			}
		}
		return nil
	}
	s.now = time.Date(2026, 6, 1, 7, 0, 0, 0, time.UTC)
	s.step()
	if _, ok, _ := s.st.Subscription(context.Background(), "telegram:gone"); ok {
		t.Error("a blocked chat keeps its subscription")
	}
	if n := strings.Count(s.logs.String(), "chat is gone; subscription ended"); n != 1 {
		t.Errorf("logged %d times", n)
	}
	// The flaky chat is retried with backoff until it gets through.
	for range 10 {
		s.now = s.now.Add(time.Minute)
		s.step()
	}
	if n := len(s.postsOf("telegram:flaky")); n != 1 {
		t.Errorf("flaky chat: %d posts", n)
	}
	counts, _ := s.st.OutboxCounts(context.Background())
	if counts["failed"] != 1 || counts["sent"] != 1 || counts["pending"] != 1 {
		t.Errorf("outbox %v (the chat with no adapter stays pending)", counts)
	}
}

// gate is a sender whose sends wait until it opens.
type gate struct {
	open    chan struct{}
	mu      sync.Mutex
	started int
	sent    []string
}

func (g *gate) Send(ctx context.Context, to bot.Chat, _ *bot.Reply) error {
	g.mu.Lock()
	g.started++
	g.mu.Unlock()
	select {
	case <-g.open:
	case <-ctx.Done():
		return ctx.Err()
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sent = append(g.sent, to.Key)
	return nil
}

func (g *gate) inFlight() int { g.mu.Lock(); defer g.mu.Unlock(); return g.started }

// TestShutdownFinishesOrReleasesSends: at shutdown the outbox claims
// nothing more, lets the sends in flight finish (and marks them sent), and
// returns the rows it had claimed but not started to pending.
func TestShutdownFinishesOrReleasesSends(t *testing.T) {
	start := time.Date(2026, 6, 1, 6, 59, 0, 0, time.UTC)
	s := newSim(t, start, t.TempDir()+"/b.db")
	for i := range 6 {
		s.subscribe(fmt.Sprintf("telegram:%d", i+1), 7, 0, "UTC", true)
	}
	s.now = start.Add(time.Minute)
	if _, err := s.sch.Tick(context.Background(), s.now); err != nil {
		t.Fatal(err)
	}
	s.hold()
	g := &gate{open: make(chan struct{})}
	s.ob.Senders = map[string]bot.Sender{"telegram": g}
	s.ob.Workers = 2
	done := make(chan error, 1)
	go func() { done <- s.ob.Run(context.Background()) }()
	for deadline := time.Now().Add(5 * time.Second); g.inFlight() < 2; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the sends did not start")
		}
	}
	stopped := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		stopped <- s.ob.Shutdown(ctx)
	}()
	time.Sleep(50 * time.Millisecond) // Shutdown has begun; the two sends still wait
	close(g.open)
	if err := <-stopped; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	counts, _ := s.st.OutboxCounts(context.Background())
	if len(g.sent) != 2 || counts["sent"] != 2 || counts["pending"] != 4 || counts["sending"] != 0 {
		t.Errorf("sent %v, outbox %v; want the 2 in flight sent and 4 pending", g.sent, counts)
	}
}
