package bot_test

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

func TestLanguageResolution(t *testing.T) {
	tests := []struct {
		name     string
		explicit summaries.Lang
		chat     summaries.Lang
		user     string
		def      summaries.Lang
		want     summaries.Lang
	}{
		{"explicit wins", summaries.EN, summaries.AR, "ar", summaries.AR, summaries.EN},
		{"chat setting next", "", summaries.EN, "ar-SA", summaries.AR, summaries.EN},
		{"user's Arabic", "", "", "ar-EG", summaries.EN, summaries.AR},
		{"user's English", "", "", "en-GB", summaries.AR, summaries.EN},
		{"other user language falls to default", "", "", "fr", summaries.EN, summaries.EN},
		{"default is Arabic", "", "", "", "", summaries.AR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(c *bot.Config) { c.DefaultLang = tt.def })
			if tt.chat != "" {
				h.settings.SaveChatSettings(context.Background(), "c", bot.ChatSettings{Lang: tt.chat})
			}
			r := h.bot.Handle(context.Background(), &bot.Request{Command: "help", Lang: tt.explicit,
				Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "u", Lang: tt.user}})
			if r.Lang != tt.want {
				t.Errorf("lang = %s, want %s", r.Lang, tt.want)
			}
		})
	}
}

func TestPerUserRateLimit(t *testing.T) {
	h := newHarness(t, func(c *bot.Config) { c.UserRate, c.UserBurst = bot.DefaultUserRate, 3 })
	ask := func(user string) *bot.Reply {
		return h.bot.Handle(context.Background(), &bot.Request{Command: "list", Lang: summaries.EN,
			Chat: bot.Chat{Key: "group", Kind: bot.Group}, User: bot.User{Key: user}})
	}
	for i := range 3 {
		if r := ask("flooder"); r == nil || r.Error {
			t.Fatalf("command %d within the burst was refused", i+1)
		}
	}
	r := ask("flooder")
	if r == nil || !r.Error || !r.Private || !strings.Contains(renderPlain(r), "too fast") {
		t.Fatalf("the first refused command gets a private notice, got %v", describe(r))
	}
	if r := ask("flooder"); r != nil {
		t.Errorf("further refused commands get no answer, got %v", describe(r))
	}
	if r := ask("someone-else"); r == nil || r.Error {
		t.Error("another user was limited too")
	}
	h.clock.Advance(2 * time.Second)
	if r := ask("flooder"); r == nil || r.Error {
		t.Error("the user is still limited after the bucket refilled")
	}
}

func TestOnlyAdminsChangeGroupSettings(t *testing.T) {
	h := newHarness(t, nil)
	group := bot.Chat{Key: "g", Kind: bot.Group}
	isAdmin := func(v bool, err error) func(context.Context) (bool, error) {
		return func(context.Context) (bool, error) { return v, err }
	}
	r := h.bot.Handle(context.Background(), &bot.Request{Command: "lang", Args: "en", Chat: group, IsAdmin: isAdmin(false, nil)})
	if !r.Error {
		t.Error("a member changed the group's language")
	}
	r = h.bot.Handle(context.Background(), &bot.Request{Command: "lang", Args: "en", Chat: group}) // adapter cannot tell
	if !r.Error {
		t.Error("an unverified sender changed the group's language")
	}
	r = h.bot.Handle(context.Background(), &bot.Request{Command: "lang", Args: "en", Chat: group, IsAdmin: isAdmin(false, errors.New("api down"))})
	if !r.Error || !strings.Contains(renderPlain(r), "تعذّر") {
		t.Errorf("a failed admin check must say so: %s", describe(r))
	}
	r = h.bot.Handle(context.Background(), &bot.Request{Command: "lang", Args: "en", Chat: group, IsAdmin: isAdmin(true, nil)})
	if r.Error || r.Lang != summaries.EN {
		t.Errorf("an admin could not change the language: %s", describe(r))
	}
	if s, _ := h.settings.ChatSettings(context.Background(), "g"); s.Lang != summaries.EN {
		t.Errorf("setting not saved: %+v", s)
	}
}

// panicky is a catalog source that fails once, to show a panicking handler
// becomes a short apology and the bot keeps serving.
type panicky struct {
	cat    *summaries.Catalog
	failed *bool
}

func (p panicky) Catalog() *summaries.Catalog {
	if !*p.failed {
		*p.failed = true
		panic("boom")
	}
	return p.cat
}

func TestRecoverFromPanic(t *testing.T) {
	h := newHarness(t, func(c *bot.Config) { c.Catalog = panicky{cat: testCatalog(t), failed: new(bool)} })
	r := h.ask("/figures", summaries.EN)
	if r == nil || !r.Error || !strings.Contains(renderPlain(r), "went wrong") {
		t.Fatalf("got %s", describe(r))
	}
	if r := h.ask("/help", summaries.EN); r == nil || r.Error {
		t.Error("the bot stopped serving after a panic")
	}
}

func TestEmptyCatalog(t *testing.T) {
	empty, _ := summaries.NewCatalog(nil)
	h := newHarness(t, func(c *bot.Config) { c.Catalog = summaries.NewLive(empty) })
	for _, line := range []string{"/summary", "/figures x", "/list"} {
		if r := h.ask(line, summaries.EN); !r.Error || !strings.Contains(renderPlain(r), "No statements") {
			t.Errorf("%s: %s", line, describe(r))
		}
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in, name, to, args string
		ok                 bool
	}{
		{"/figures", "figures", "", "", true},
		{"/Figures@BriefBot coalition 2019", "figures", "BriefBot", "coalition 2019", true},
		{"  /summary\nwashington", "summary", "", "washington", true},
		{"/lang   en  ", "lang", "", "en", true},
		{"figures", "", "", "", false},
		{"/", "", "", "", false},
		{"/@bot", "", "", "", false},
		{"/ملخص", "", "", "", false},
	}
	for _, tt := range tests {
		name, to, args, ok := bot.ParseCommand(tt.in)
		if name != tt.name || to != tt.to || args != tt.args || ok != tt.ok {
			t.Errorf("ParseCommand(%q) = %q %q %q %v, want %q %q %q %v", tt.in, name, to, args, ok, tt.name, tt.to, tt.args, tt.ok)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/figures@BriefBot x", "/summary\u200fواشنطن", "/\x00", "/a@", "/lang ar"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, _, args, ok := bot.ParseCommand(s)
		if ok && (name == "" || strings.ContainsAny(name, " /@") || args != strings.TrimSpace(args)) {
			t.Fatalf("ParseCommand(%q) = %q, %q", s, name, args)
		}
	})
}

// FuzzHandle drives any text through the whole core: it must answer or stay
// silent, never panic (a panic would be caught and logged as an apology,
// which the test also rejects).
func FuzzHandle(f *testing.F) {
	h := newHarness(f, nil)
	for _, s := range []string{"/figures coalition", "/list 0", "/lang عربي", "/digits ١٢٣", "/summary " + strings.Repeat("و", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, _, args, ok := bot.ParseCommand(s)
		if !ok {
			return
		}
		r := h.bot.Handle(context.Background(), &bot.Request{Command: name, Args: args, Chat: bot.Chat{Key: "f"}, User: bot.User{Key: "f"}})
		if r != nil && strings.Contains(renderPlain(r), "خطأ لدينا") {
			t.Fatalf("%q made a handler panic", s)
		}
	})
}

// TestCoreImportsNoPlatformLibrary keeps the core platform-neutral: bot and
// summaries (and what they import) must not import Telegram or Discord code.
func TestCoreImportsNoPlatformLibrary(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(goTool, "list", "-deps", "github.com/briefbot/briefbot/bot", "github.com/briefbot/briefbot/summaries/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list returned too little: %v", deps)
	}
	for _, d := range deps {
		for _, banned := range []string{"github.com/bwmarrin/discordgo", "github.com/go-telegram-bot-api", "github.com/briefbot/briefbot/bot/telegram", "github.com/briefbot/briefbot/bot/discord"} {
			if strings.HasPrefix(d, banned) {
				t.Errorf("the core imports %s", d)
			}
		}
	}
}

func quick(h *harness, q string, lang summaries.Lang, d bot.Digits) []bot.QuickResult {
	return h.bot.Quick(q, lang, d, false)
}

func TestQuickLookup(t *testing.T) {
	h := newHarness(t, nil)
	has := func(rs []bot.QuickResult, id string) bool {
		for _, r := range rs {
			if r.ID == id {
				return true
			}
		}
		return false
	}
	rs := quick(h, "110", summaries.EN, bot.WesternDigits)
	if !has(rs, "f:coalition-ministers-2019-11:peak-territory") {
		t.Errorf("110 does not find the territory figure: %v", rs)
	}
	if rs := quick(h, "نازحين", summaries.AR, bot.WesternDigits); !has(rs, "f:coalition-ministers-2019-11:displaced-iraq") {
		t.Errorf("نازحين does not find the displaced figure: %v", rs)
	}
	// Spelling variants fold: the source's "علي" spelling finds "على".
	if rs := quick(h, "التحالف لهزيمه", summaries.AR, bot.WesternDigits); !has(rs, "s:coalition-ministers-2019-11") {
		t.Errorf("folded Arabic does not find the statement: %v", rs)
	}
	rs = quick(h, "", summaries.EN, bot.WesternDigits)
	if len(rs) != 2 || rs[0].FigureID != "" {
		t.Errorf("an empty query lists the statements, got %d results", len(rs))
	}
	for _, r := range quick(h, "coalition", summaries.AR, bot.WesternDigits) {
		if rep := h.bot.QuickReply(r, summaries.AR, bot.WesternDigits); rep == nil || rep.Lang != summaries.AR || len(rep.Blocks) == 0 {
			t.Errorf("%s has no Arabic reply", r.ID)
		}
	}
	if rs := h.bot.Quick("coalition", summaries.EN, bot.WesternDigits, true); len(rs) != 2 {
		t.Errorf("statements only: %d results", len(rs))
	}
	if rs := quick(h, "zzzz", summaries.EN, bot.WesternDigits); len(rs) != 0 {
		t.Errorf("nonsense matched %d results", len(rs))
	}
}
