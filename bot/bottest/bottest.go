// Package bottest builds briefbot's command core over test data for the
// tests of every package (the core's, the adapters', the briefing workers'
// and the binary's), so none keeps a harness of its own. It is imported by
// tests only.
package bottest

import (
	"bytes"
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/data"
	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/search"
)

//go:embed testdata/statements
var testFiles embed.FS

// TestData is the bundled statement plus a second, fixture statement, so
// lists, prefixes and suggestions have something to choose between.
func TestData() fs.FS {
	sub, _ := fs.Sub(testFiles, "testdata")
	return sub
}

// Load loads the statements of fsys and fails the test on any problem.
func Load(t testing.TB, fsys fs.FS) *summaries.Catalog {
	t.Helper()
	cat, problems, err := summaries.Load(fsys)
	if err != nil || len(problems) > 0 {
		t.Fatalf("loading statements: %v %v", err, problems)
	}
	return cat
}

// Bundled is the catalog the binary ships.
func Bundled(t testing.TB) *summaries.Catalog { return Load(t, data.FS()) }

// Fixture is the bundled statement and the fixture statement.
func Fixture(t testing.TB) *summaries.Catalog { return Load(t, TestData()) }

// Messages are the bot's catalogs; a message missing in a language fails
// the test.
func Messages(t testing.TB) *bot.Messages {
	t.Helper()
	msgs, err := bot.LoadMessages()
	if err != nil {
		t.Fatal(err)
	}
	msgs.OnMissing = func(lang summaries.Lang, id string, err error) {
		t.Errorf("message %q missing in %s: %v", id, lang, err)
	}
	return msgs
}

// Core is a command core with what the test needs to look into.
type Core struct {
	Bot    *bot.Bot
	Config bot.Config
	// Memory is the settings store, unless SQLite was asked for.
	Memory *store.Memory
	// SQLite is the store with subscriptions, when asked for.
	SQLite *store.SQLite
	// States is the chat-state store the adapters should use.
	States bot.ChatStates
	Logs   *SyncBuffer
	Log    *slog.Logger
	Clock  *Clock
	// Observer records the core's requests; adapters may report to it too.
	Observer *Observer
	// Live serves the catalog with its search index, as the binary does;
	// the index is ready when NewCore returns.
	Live *search.Live
}

// Options choose what the core is built over; the zero value is the
// bundled catalog, an in-memory store, no rate limits and the real clock.
type Options struct {
	Catalog *summaries.Catalog // default: Bundled
	SQLite  bool               // a SQLite store in t.TempDir(), with subscriptions, holding the sender lease
	// FakeClock starts a settable clock at this time (zero: real time).
	FakeClock time.Time
	// Config adjusts the core's configuration last.
	Config func(*bot.Config)
}

// NewCore builds the core; stores are closed when the test ends.
func NewCore(t testing.TB, o Options) *Core {
	t.Helper()
	c := &Core{Logs: &SyncBuffer{}, Observer: NewObserver()}
	c.Log = slog.New(slog.NewTextHandler(c.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cat := o.Catalog
	if cat == nil {
		cat = Bundled(t)
	}
	msgs := Messages(t)
	c.Live = Live(t, cat, msgs, c.Log)
	c.Config = bot.Config{Catalog: c.Live, Messages: msgs, DefaultLang: summaries.AR, Logger: c.Log, Observer: c.Observer}
	if !o.FakeClock.IsZero() {
		c.Clock = NewClock(o.FakeClock)
		c.Config.Now = c.Clock.Now
	}
	if o.SQLite {
		db, err := store.Open(context.Background(), t.TempDir()+"/briefbot.db")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if c.Clock != nil {
			db.Now = c.Clock.Now
		}
		if _, err := db.AcquireLease(context.Background(), "bottest", 24*time.Hour); err != nil {
			t.Fatal(err)
		}
		c.SQLite, c.States = db, db
		c.Config.Settings, c.Config.Subscriptions = db, db
	} else {
		c.Memory = store.NewMemory()
		c.States = c.Memory
		c.Config.Settings = c.Memory
	}
	if o.Config != nil {
		o.Config(&c.Config)
	}
	c.Bot = bot.New(c.Config)
	return c
}

// Live serves cat with its search index, built with the bot's amount
// wording from msgs, and waits until the index is ready; background work
// stops when the test ends.
func Live(t testing.TB, cat *summaries.Catalog, msgs *bot.Messages, log *slog.Logger) *search.Live {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	live := search.NewLive(ctx, cat, bot.Amounts(msgs), log)
	t.Cleanup(func() {
		cancel()
		live.Wait()
	})
	if err := live.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	return live
}

// Clock is a settable clock.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at now.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// SyncBuffer collects log output written from many goroutines.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// Reset forgets what was written (a fuzz target checks each input's lines).
func (s *SyncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}

// String returns everything written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Median is the middle of xs (the upper middle for an even count).
func Median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
