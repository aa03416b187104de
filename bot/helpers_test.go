package bot_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// testCatalog is the bundled statement plus a test fixture.
func testCatalog(t testing.TB) *summaries.Catalog { return bottest.Fixture(t) }

type harness struct {
	bot      *bot.Bot
	settings *store.Memory
	clock    *bottest.Clock
}

// newHarness builds the core over the test catalog on a fake clock; a
// message missing from a catalog fails the test.
func newHarness(t testing.TB, mod func(*bot.Config)) *harness {
	t.Helper()
	c := bottest.NewCore(t, bottest.Options{Catalog: testCatalog(t), FakeClock: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC), Config: mod})
	return &harness{bot: c.Bot, settings: c.Memory, clock: c.Clock}
}

// ask runs one command line as a private-chat user.
func (h *harness) ask(line string, lang summaries.Lang) *bot.Reply {
	req, ok := console.Request(line, lang)
	if !ok {
		panic("not a command: " + line)
	}
	req.Chat.Key, req.User.Key = "test-chat", "test-user"
	return h.bot.Handle(context.Background(), req)
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

// describe renders a reply for a golden file: its plain text, then its flags
// and buttons.
func describe(r *bot.Reply) string {
	if r == nil || r.Silent {
		return "(no reply)\n"
	}
	var b strings.Builder
	b.WriteString(console.Render(r))
	b.WriteString("----\n")
	b.WriteString("lang: " + string(r.Lang))
	if r.Error {
		b.WriteString(" error")
	}
	if r.Private {
		b.WriteString(" private")
	}
	b.WriteString("\n")
	if r.Title != "" {
		b.WriteString("title: " + r.Title + "\n")
	}
	if r.Footer != "" {
		b.WriteString("footer: " + r.Footer + "\n")
	}
	for _, btn := range r.Buttons {
		b.WriteString("button: " + btn.Label + " -> /" + btn.Command + " " + btn.Args + " [" + string(btn.Lang) + "]")
		if btn.Row != 0 {
			b.WriteString(" row " + strconv.Itoa(btn.Row))
		}
		if btn.Apart {
			b.WriteString(" apart")
		}
		if btn.Owner != "" {
			b.WriteString(" owner " + btn.Owner)
		}
		b.WriteString("\n")
	}
	return b.String()
}
