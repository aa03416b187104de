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
	"github.com/briefbot/briefbot/summaries/arabic"
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
	if r := ask("flooder"); !r.Silent || !r.Private {
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

// TestAdmitJudgesWhenACommandArrives: Admit counts a request against the
// user's bucket when it arrives; the admitted request is not counted again
// when it is served later, however late.
func TestAdmitJudgesWhenACommandArrives(t *testing.T) {
	h := newHarness(t, func(c *bot.Config) { c.UserRate, c.UserBurst = bot.DefaultUserRate, 3 })
	ctx := context.Background()
	var admitted []*bot.Request
	var notices, silent int
	for range 30 {
		req := &bot.Request{Command: "list", Chat: bot.Chat{Key: "group", Kind: bot.Group}, User: bot.User{Key: "flooder", Lang: "en"}}
		switch r := h.bot.Admit(ctx, req); {
		case r == nil:
			if !req.Admitted {
				t.Fatal("an admitted request is not marked")
			}
			admitted = append(admitted, req)
		case r.Silent:
			silent++
		case r.Error && r.Private && strings.Contains(renderPlain(r), "too fast"):
			notices++
		default:
			t.Fatalf("refusal: %v", describe(r))
		}
	}
	if len(admitted) != 3 || notices != 1 || silent != 26 {
		t.Errorf("admitted %d, notices %d, silent %d; want 3, 1, 26", len(admitted), notices, silent)
	}
	for _, req := range admitted { // served now, with the bucket empty
		if r := h.bot.Handle(ctx, req); r.Error || r.Silent {
			t.Errorf("an admitted request was refused when served: %v", describe(r))
		}
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
		// Pasted back from a reply, with the marks and isolates around it.
		{"\u2066/summary coalition-2019\u2069", "summary", "", "coalition-2019", true},
		{"\u200f/figures", "figures", "", "", true},
		{"\u200f\u200e /figures \u2067واشنطن\u2069", "figures", "", "واشنطن", true},
		{"/figures\u200e@BriefBot", "figures", "BriefBot", "", true},
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
		if ok && (name == "" || strings.ContainsAny(name, " /@") || args != strings.TrimSpace(args) || strings.IndexFunc(args, arabic.IsBidiControl) >= 0) {
			t.Fatalf("ParseCommand(%q) = %q, %q", s, name, args)
		}
	})
}

// FuzzHandle drives any text through the whole core: it must answer or stay
// silent, never panic (a panic would be caught and logged as an apology,
// which the test also rejects).
func FuzzHandle(f *testing.F) {
	h := newHarness(f, nil)
	for _, s := range []string{"/figures coalition", "/list 0", "/lang عربي", "/digits ١٢٣", "/summary " + strings.Repeat("و", 300),
		"/lang fr server", "/summary التحالف ٢٠١٩", "/figures defeat isis"} {
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

// quick runs a lookup as inline mode does (no command) or as autocomplete
// of a command's parameter does.
func quick(h *harness, q string, lang summaries.Lang, command, param string) []bot.Result {
	r := h.bot.Handle(context.Background(), &bot.Request{Kind: bot.KindLookup, Command: command, Args: q, Lang: lang,
		Lookup: bot.Lookup{Param: param}, Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "u"}})
	return r.Results
}

// TestLookupsAndExpiredButtonsPassTheMiddleware: quick lookups and a press
// on an expired button are requests like any other, so the per-user limit
// applies to them and their answers come from the catalogs in the
// resolved language.
func TestLookupsAndExpiredButtonsPassTheMiddleware(t *testing.T) {
	h := newHarness(t, func(c *bot.Config) { c.UserRate, c.UserBurst = bot.DefaultUserRate, 1 })
	lookup := func() *bot.Reply {
		return h.bot.Handle(context.Background(), &bot.Request{Kind: bot.KindLookup, Args: "110,000",
			Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "typist", Lang: "en-GB"}})
	}
	n := 0
	for lookup().Results != nil {
		n++
		if n > 100 {
			t.Fatal("lookups are not rate limited")
		}
	}
	if r := lookup(); !r.Silent || len(r.Results) != 0 {
		t.Errorf("a flooding typist gets a silent, empty answer: %+v", r)
	}
	r := h.bot.Handle(context.Background(), &bot.Request{Kind: bot.KindExpired, Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "presser", Lang: "en"}})
	if !r.Error || !r.Private || !strings.Contains(renderPlain(r), "expired") {
		t.Errorf("an expired button: %s", describe(r))
	}
	h.settings.SaveChatSettings(context.Background(), "c", bot.ChatSettings{Lang: summaries.AR})
	r = h.bot.Handle(context.Background(), &bot.Request{Kind: bot.KindExpired, Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "another", Lang: "en"}})
	if r.Lang != summaries.AR || !strings.Contains(renderPlain(r), "انتهت") {
		t.Errorf("the expired notice follows the chat's language: %s", describe(r))
	}
}

// TestDecideLangOrder: one function decides every reply's language, in the
// order explicit choice, user setting, chat, server, platform, default.
func TestDecideLangOrder(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	save := func(key string, l summaries.Lang) { h.settings.SaveChatSettings(ctx, key, bot.ChatSettings{Lang: l}) }
	save("user-en", summaries.EN)
	save("chat-ar", summaries.AR)
	save("server-en", summaries.EN)
	tests := []struct {
		q    bot.LangQuery
		want summaries.Lang
		by   bot.LangSource
	}{
		{bot.LangQuery{Choices: []summaries.Lang{"", summaries.EN}, User: "user-en", Chat: "chat-ar"}, summaries.EN, bot.ByChoice},
		{bot.LangQuery{User: "user-en", Chat: "chat-ar"}, summaries.EN, bot.ByUser},
		{bot.LangQuery{User: "nobody", Chat: "chat-ar", Server: "server-en"}, summaries.AR, bot.ByChat},
		{bot.LangQuery{Chat: "new", Server: "server-en", Platform: "ar-EG"}, summaries.EN, bot.ByServer},
		{bot.LangQuery{Chat: "new", Platform: "en-US"}, summaries.EN, bot.ByPlatform},
		{bot.LangQuery{Chat: "new", Platform: "fr"}, summaries.AR, bot.ByDefault},
	}
	for _, tt := range tests {
		if d := h.bot.DecideLang(ctx, tt.q); d.Lang != tt.want || d.By != tt.by {
			t.Errorf("%+v: %s by %s, want %s by %s", tt.q, d.Lang, d.By, tt.want, tt.by)
		}
	}
}

// TestTypedOptionsAreNotParsedAgain: a platform with typed options (a
// Discord slash command) hands the core typed values; the core reads them
// as they are, and typed text through the same declaration.
func TestTypedOptionsAreNotParsedAgain(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	var o bot.Options
	o.Set("page", bot.Value{Int: 1})
	o.Set("lang", bot.Value{Text: "en"})
	r := h.bot.Handle(ctx, &bot.Request{Command: "list", Options: o, Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "u"}})
	if r.Error || r.Lang != summaries.EN {
		t.Errorf("typed page and reply language: %s", describe(r))
	}
	var bad bot.Options
	bad.Set("statement", bot.Value{Text: "fixture washington"}) // two statements' names, taken as one
	r = h.bot.Handle(ctx, &bot.Request{Command: "figures", Options: bad, Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "u"}})
	if !r.Error {
		t.Errorf("a typed statement name is taken whole: %s", describe(r))
	}
	if r := h.ask("/list ٢", summaries.EN); !r.Error || !strings.Contains(renderPlain(r), "does not exist") {
		t.Errorf("Arabic-Indic digits read as a page number: %s", describe(r))
	}
}
