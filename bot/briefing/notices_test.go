package briefing_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

// inbox is a fake platform that keeps what each chat was sent, as text.
type inbox struct {
	mu  sync.Mutex
	got map[string][]string
}

func (in *inbox) Send(_ context.Context, to bot.Chat, r *bot.Reply) error {
	chat := to.Key
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.got == nil {
		in.got = map[string][]string{}
	}
	in.got[chat] = append(in.got[chat], console.Render(r))
	return nil
}

// count is how many messages chat got that contain marker.
func (in *inbox) count(chat, marker string) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := 0
	for _, m := range in.got[chat] {
		if strings.Contains(m, marker) {
			n++
		}
	}
	return n
}

// expectation is how many messages a chat should have got with a marker.
type expectation struct {
	chat, marker string
	want         int
}

// expect checks each expectation, and that total messages went out in
// all (2 briefings, 2 corrections and 2 instant posts in these tests).
func (in *inbox) expect(t *testing.T, when string, checks []expectation, total int) {
	t.Helper()
	for _, c := range checks {
		if n := in.count(c.chat, c.marker); n != c.want {
			t.Errorf("%s: %s got %d messages with %q, want %d", when, c.chat, n, c.marker, c.want)
		}
	}
	if n := in.total(); n != total {
		t.Errorf("%s: %d messages in all, want %d:\n%v", when, n, total, in.got)
	}
}

func (in *inbox) total() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := 0
	for _, ms := range in.got {
		n += len(ms)
	}
	return n
}

// desk is a data folder served live, with the scheduler, notifier and
// outbox over one database, all on a test clock.
type desk struct {
	t     *testing.T
	dir   string
	state *summaries.State
	live  *summaries.Live
	db    *store.SQLite
	clock *bottest.Clock
	in    *inbox
	sch   *briefing.Scheduler
	n     *briefing.Notifier
	core  *bot.Bot
}

func newDesk(t *testing.T, dbPath string) *desk {
	t.Helper()
	d := &desk{t: t, dir: bottest.DataDir(t), in: &inbox{}, clock: bottest.NewClock(time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC))}
	var err error
	if d.state, _, err = summaries.LoadState(context.Background(), summaries.DirFS(d.dir), summaries.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	d.live = summaries.NewLive(d.state.Catalog())
	d.open(dbPath)
	return d
}

// open (re)opens the database and builds the workers on it, as a start of
// the bot does.
func (d *desk) open(dbPath string) {
	t := d.t
	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = d.clock.Now
	if _, err := db.AcquireLease(context.Background(), "test", time.Hour); err != nil { // only the lease holder sends
		t.Fatal(err)
	}
	d.db = db
	c := bottest.NewCore(t, bottest.Options{Config: func(c *bot.Config) {
		c.Catalog, c.Settings, c.Subscriptions, c.Now = d.live, db, db, d.clock.Now
	}})
	log := slog.New(slog.DiscardHandler)
	d.core = c.Bot
	d.sch = &briefing.Scheduler{Store: db, Catalog: d.live, Max: 5, Catchup: 2 * time.Hour, Log: log}
	d.n = &briefing.Notifier{Store: db, Admins: []string{"telegram:-100900"}, Clock: d.clock.Now, Log: log, Catalog: d.live}
}

func (d *desk) outbox() *briefing.Outbox {
	return &briefing.Outbox{Store: d.db, Senders: map[string]bot.Sender{"telegram": d.in}, Clock: d.clock.Now,
		Log: slog.New(slog.DiscardHandler), Composer: &briefing.Composer{Core: d.core, Catalog: d.live}}
}

// reload rescans the folder and publishes the outcome as the bot does: the
// new catalog first, then the notices.
func (d *desk) reload() summaries.Update {
	d.t.Helper()
	u, err := d.state.Reload(context.Background(), summaries.Changes{Rescan: true})
	if err != nil {
		d.t.Fatal(err)
	}
	if u.Accepted {
		d.state = u.State
		d.live.Store(u.State.Catalog())
	}
	d.n.Reloaded(context.Background(), u)
	return u
}

// drain sends every row due now.
func (d *desk) drain() {
	d.t.Helper()
	if _, err := d.outbox().Drain(context.Background()); err != nil {
		d.t.Fatal(err)
	}
}

func (d *desk) subscribe(chat string, lang summaries.Lang, instant bool, due time.Time) {
	d.t.Helper()
	err := d.db.SaveSubscription(context.Background(), schedule.Subscription{Chat: chat, Hour: 7, Zone: "UTC", Lang: lang,
		Instant: instant, NextDue: due})
	if err != nil {
		d.t.Fatal(err)
	}
}

// TestCorrectionsAndInstantPosts edits a served data folder as a curator
// would: every chat that received the statement gets one correction, in its
// language; every instant subscriber one post of the new statement; and a
// restart sends nothing again.
func TestCorrectionsAndInstantPosts(t *testing.T) {
	dbPath := t.TempDir() + "/b.db"
	d := newDesk(t, dbPath)
	now := d.clock.Now()
	d.subscribe("telegram:1", summaries.EN, false, now)               // daily; receives the statement now
	d.subscribe("telegram:2", summaries.AR, true, now)                // daily and instant
	d.subscribe("telegram:3", summaries.EN, true, now.Add(time.Hour)) // instant; nothing received yet
	if _, err := d.sch.Tick(context.Background(), now); err != nil {
		t.Fatal(err)
	}
	d.drain()
	if d.in.count("telegram:1", "Daily briefing") != 1 || d.in.count("telegram:2", "الموجز اليومي") != 1 {
		t.Fatalf("briefings: %v", d.in.got)
	}

	d.clock.Advance(time.Minute)
	note := bottest.CorrectFigure(t, d.dir)
	bottest.AddFixture(t, d.dir)
	if u := d.reload(); !u.Accepted || len(u.Changed) != 1 || len(u.Added) != 1 {
		t.Fatalf("reload: accepted %v, changed %d, added %v, problems %v", u.Accepted, len(u.Changed), u.Added, u.Problems)
	}
	d.drain()
	checks := []expectation{
		{"telegram:1", "about 110,000 km² → about 111,000 km²", 1},
		{"telegram:1", "Curators' note: " + note, 1},
		{"telegram:1", "New statement", 0}, // not an instant subscriber
		{"telegram:2", "تصحيح: بيان مشترك", 1},
		{"telegram:2", "حوالي 110,000 كم² ← حوالي 111,000 كم²", 1},
		{"telegram:2", "بيان جديد", 1},
		{"telegram:2", "بيان اختباري للتحالف", 1},
		{"telegram:3", "Correction", 0}, // never received the corrected statement
		{"telegram:3", "New statement", 1},
		{"telegram:3", "nearly $2.3 billion", 1},
	}
	check := func(when string) { t.Helper(); d.in.expect(t, when, checks, 6) }
	check("after the edit")

	// A restart on the same database sends nothing again, and the next
	// briefing does not repeat the statement the instant posts carried.
	d.open(dbPath)
	if counts, _ := d.db.OutboxCounts(context.Background()); counts["sending"] != 0 {
		t.Errorf("%d rows in flight", counts["sending"])
	}
	d.drain()
	check("after a restart")
	if p, _ := d.core.Preview(context.Background(), bot.PreviewQuery{Chat: "telegram:3"}); strings.Contains(console.Render(p), "Coalition test statement") {
		t.Error("the next briefing would repeat what the instant post carried")
	}
	kinds, _ := d.db.OutboxKinds(context.Background())
	if kinds[schedule.KindCorrection]["sent"] != 2 || kinds[schedule.KindInstant]["sent"] != 2 || len(kinds[schedule.KindCorrection]) != 1 {
		t.Errorf("outbox %v", kinds)
	}
}

// TestEditsWhileStoppedAreTold: a figure corrected and a statement added
// while the bot was stopped are told at the next start, once, to the same
// chats a reload would tell; a later start tells nothing again.
func TestEditsWhileStoppedAreTold(t *testing.T) {
	dbPath := t.TempDir() + "/b.db"
	d := newDesk(t, dbPath)
	ctx := context.Background()
	if err := d.n.Reconcile(ctx); err != nil { // the first start: the record is written, nothing told
		t.Fatal(err)
	}
	now := d.clock.Now()
	d.subscribe("telegram:1", summaries.EN, false, now)
	d.subscribe("telegram:2", summaries.AR, true, now)
	d.subscribe("telegram:3", summaries.EN, true, now.Add(time.Hour))
	if _, err := d.sch.Tick(ctx, now); err != nil {
		t.Fatal(err)
	}
	d.drain()
	if d.in.total() != 2 {
		t.Fatalf("briefings: %v", d.in.got)
	}

	// Stopped, the data is edited; the next start loads it afresh.
	d.clock.Advance(time.Hour)
	note := bottest.CorrectFigure(t, d.dir)
	bottest.AddFixture(t, d.dir)
	start := func() {
		t.Helper()
		st, _, err := summaries.LoadState(ctx, summaries.DirFS(d.dir), summaries.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		d.state = st
		d.live.Store(st.Catalog())
		d.open(dbPath)
		if err := d.n.Reconcile(ctx); err != nil {
			t.Fatal(err)
		}
		d.drain()
	}
	start()
	checks := []expectation{
		{"telegram:1", "about 110,000 km² → about 111,000 km²", 1},
		{"telegram:1", "Curators' note: " + note, 1},
		{"telegram:1", "New statement", 0},
		{"telegram:2", "حوالي 110,000 كم² ← حوالي 111,000 كم²", 1},
		{"telegram:2", "بيان جديد", 1},
		{"telegram:3", "Correction", 0},
		{"telegram:3", "New statement", 1},
	}
	check := func(when string) { t.Helper(); d.in.expect(t, when, checks, 6) }
	check("after the start")
	if err := d.n.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	d.drain()
	check("reconciled again")
	start()
	check("after another start")
	// A reload after all this tells only what it changes.
	if u := d.reload(); !u.Accepted {
		t.Fatalf("reload: %v", u.Problems)
	}
	d.drain()
	check("after a reload that changed nothing")
}

// TestReloadBeforeTheFirstReconcile: a reload told before any start
// reconciled (the first reload of a release that keeps the record) leaves
// a whole record, so the next start does not take the statements the
// reload did not touch for new ones.
func TestReloadBeforeTheFirstReconcile(t *testing.T) {
	dbPath := t.TempDir() + "/b.db"
	d := newDesk(t, dbPath)
	d.subscribe("telegram:3", summaries.EN, true, d.clock.Now().Add(time.Hour)) // instant; no briefing yet
	bottest.AddFixture(t, d.dir)
	if u := d.reload(); !u.Accepted || len(u.Added) != 1 {
		t.Fatalf("reload: %+v", u)
	}
	d.drain()
	d.open(dbPath)
	if err := d.n.Reconcile(context.Background()); err != nil {
		t.Fatal(err)
	}
	d.drain()
	d.in.expect(t, "after a start", []expectation{{"telegram:3", "nearly $2.3 billion", 1}, {"telegram:3", "New statement", 1}}, 1)
}

// TestAdminNotices: a refused reload is told to the admin chats once per
// problem set, after a delay that lets a save in progress finish; a refusal
// fixed within the delay is never told.
func TestAdminNotices(t *testing.T) {
	dbPath := t.TempDir() + "/b.db"
	d := newDesk(t, dbPath)
	const admin = "telegram:-100900"
	bottest.BreakStatement(t, d.dir)
	if u := d.reload(); u.Accepted || len(u.Problems) == 0 {
		t.Fatalf("a broken file was accepted: %+v", u)
	}
	d.drain()
	if d.in.total() != 0 {
		t.Error("an admin notice went out before the delay")
	}
	d.clock.Advance(briefing.DefaultAdminDelay)
	d.drain()
	if n := d.in.count(admin, "broken.yaml:2: "); n != 1 {
		t.Errorf("admin notices naming broken.yaml:2: %d\n%v", n, d.in.got)
	}
	if n := d.in.count(admin, "رُفضت ملفات البيانات الجديدة"); n != 1 {
		t.Errorf("the notice is not in the bot's default language (Arabic), or missing: %v", d.in.got)
	}
	// The same problems again, also after a restart (a watcher that does
	// not remember the last refusal), are not told again.
	d.open(dbPath)
	d.reload()
	d.clock.Advance(briefing.DefaultAdminDelay)
	d.drain()
	if n := d.in.total(); n != 1 {
		t.Errorf("the same problems were told again: %d messages", n)
	}

	// Another problem set fixed before the delay ends is never told.
	if err := os.WriteFile(filepath.Join(d.dir, "broken.yaml"), []byte("id: broken\ndate: someday\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if u := d.reload(); u.Accepted || u.Repeated {
		t.Fatalf("another broken file: %+v", u)
	}
	d.clock.Advance(time.Second)
	os.Remove(filepath.Join(d.dir, "broken.yaml"))
	if u := d.reload(); !u.Accepted {
		t.Fatalf("the fix was refused: %v", u.Problems)
	}
	d.clock.Advance(briefing.DefaultAdminDelay)
	d.drain()
	if n := d.in.total(); n != 1 {
		t.Errorf("a refusal fixed within the delay was told: %d messages\n%v", n, d.in.got)
	}
}

// TestWithdrawnStatementIsNotRetried: an instant post whose statement was
// removed before it went out is dropped, not retried for a day.
func TestWithdrawnStatementIsNotRetried(t *testing.T) {
	d := newDesk(t, ":memory:")
	c := &briefing.Composer{Core: d.core, Catalog: d.live}
	_, err := c.Compose(context.Background(), schedule.Item{Kind: schedule.KindInstant, Chat: "telegram:1", Statements: []string{"gone"}})
	if !errors.Is(err, briefing.ErrNothingToSend) {
		t.Errorf("composing an instant post of a removed statement: %v", err)
	}
	d.subscribe("telegram:1", "", true, d.clock.Now().Add(time.Hour))
	bottest.AddFixture(t, d.dir)
	d.reload()
	os.Remove(filepath.Join(d.dir, bottest.FixtureID+".yaml"))
	d.state, _, _ = summaries.LoadState(context.Background(), summaries.DirFS(d.dir), summaries.LoadOptions{})
	d.live.Store(d.state.Catalog())
	d.drain()
	kinds, _ := d.db.OutboxKinds(context.Background())
	if d.in.total() != 0 || kinds[schedule.KindInstant]["failed"] != 1 {
		t.Errorf("sent %d; outbox %v", d.in.total(), kinds)
	}
}
