package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/summaries"
)

// subsCore is a core with subscriptions on SQLite, on a clock at
// 2026-11-29 12:00 UTC (15:00 in Baghdad).
func subsCore(t *testing.T) *bottest.Core {
	return bottest.NewCore(t, bottest.Options{Catalog: testCatalog(t), SQLite: true,
		FakeClock: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)})
}

// askIn runs a command line in chat as a private-chat user of a platform
// with the console's capabilities.
func askIn(c *bottest.Core, chat, line string, lang summaries.Lang) *bot.Reply {
	req, _ := console.Request(line, lang)
	req.Chat.Key, req.User.Key = chat, "test-user"
	return c.Bot.Handle(context.Background(), req)
}

// TestSubscribeReadsTimesAndZonesAsTyped: every form of a time and a zone,
// in both languages and in any order, reaches the subscription.
func TestSubscribeReadsTimesAndZonesAsTyped(t *testing.T) {
	c := subsCore(t)
	tests := []struct {
		line         string
		hour, minute int
		zone         string
		lang         summaries.Lang
		daily        bool
	}{
		{"/subscribe", 7, 0, "Asia/Baghdad", "", false},
		{"/subscribe 7:00 بغداد", 7, 0, "Asia/Baghdad", "", false},
		{"/subscribe 7 صباحًا القاهرة", 7, 0, "Africa/Cairo", "", false},
		{"/subscribe 7 مساءً دبي", 19, 0, "Asia/Dubai", "", false},
		{"/subscribe ٧:٠٠ بيروت", 7, 0, "Asia/Beirut", "", false},
		{"/subscribe ٧ صباحا الرياض", 7, 0, "Asia/Riyadh", "", false},
		{"/subscribe عمّان 6:30", 6, 30, "Asia/Amman", "", false},
		{"/subscribe 07:00 بتوقيت مكة يوميًا", 7, 0, "Asia/Riyadh", "", true},
		{"/subscribe 19:30 New York en daily", 19, 30, "America/New_York", summaries.EN, true},
		{"/subscribe 7am London", 7, 0, "Europe/London", "", false},
		{"/subscribe 7 pm Washington", 19, 0, "America/New_York", "", false},
		{"/subscribe Baghdad 7", 7, 0, "Asia/Baghdad", "", false},
		{"/subscribe UTC+3 8", 8, 0, "UTC+03:00", "", false},
		{"/subscribe 7:30 +03:00 عربي", 7, 30, "UTC+03:00", summaries.AR, false},
		{"/subscribe 8 Europe/Berlin", 8, 0, "Europe/Berlin", "", false},
		{"/subscribe 6 الدار البيضاء", 6, 0, "Africa/Casablanca", "", false},
	}
	for _, tt := range tests {
		r := askIn(c, "telegram:1", tt.line, summaries.EN)
		sub, ok, err := c.SQLite.Subscription(context.Background(), "telegram:1")
		if r.Error || !ok || err != nil {
			t.Errorf("%s: %s", tt.line, describe(r))
			continue
		}
		if sub.Hour != tt.hour || sub.Minute != tt.minute || sub.Zone != tt.zone || sub.Lang != tt.lang || sub.EveryDay != tt.daily {
			t.Errorf("%s: stored %02d:%02d %s %q daily=%v", tt.line, sub.Hour, sub.Minute, sub.Zone, sub.Lang, sub.EveryDay)
		}
		loc, _ := schedule.LoadZone(sub.Zone)
		if got := sub.NextDue.In(loc).Format("15:04"); got != time.Date(0, 1, 1, tt.hour, tt.minute, 0, 0, time.UTC).Format("15:04") {
			t.Errorf("%s: next briefing at %s local", tt.line, got)
		}
	}
}

// TestSubscribeRefusalsSayWhichPart: a refusal names the wrong part and
// shows how to write it, in the user's language; nothing is saved.
func TestSubscribeRefusalsSayWhichPart(t *testing.T) {
	c := subsCore(t)
	tests := []struct {
		line   string
		en, ar []string
	}{
		{"/subscribe 25:00 Baghdad", []string{"the hour is wrong", "7am"}, []string{"الساعة في", "صباحًا أو"}},
		{"/subscribe 13 مساءً", []string{"the hour is wrong"}, []string{"الساعة في"}},
		{"/subscribe 7:75", []string{"the minutes are wrong", "19:30"}, []string{"الدقائق", "19:30"}},
		{"/subscribe 7:00 Atlantis", []string{"“Atlantis” is not a time zone", "Baghdad, Cairo, UTC+3"}, []string{"ليست منطقة زمنية", "بغداد أو القاهرة"}},
		{"/subscribe 7:00 بغدادستان", []string{"is not a time zone"}, []string{"ليست منطقة زمنية"}},
		{"/subscribe 7:00 عمان", []string{"more than one time zone", "Asia/Amman", "Asia/Muscat"}, []string{"أكثر من منطقة زمنية", "Asia/Amman"}},
		{"/subscribe 7:00 " + strings.Repeat("x", 150), []string{"is not a time zone"}, []string{"ليست منطقة زمنية"}},
	}
	for _, tt := range tests {
		for lang, want := range map[summaries.Lang][]string{summaries.EN: tt.en, summaries.AR: tt.ar} {
			r := askIn(c, "telegram:2", tt.line, lang)
			text := renderPlain(r)
			for _, w := range want {
				if !r.Error || !strings.Contains(text, w) {
					t.Errorf("%s (%s) lacks %q:\n%s", tt.line, lang, w, text)
				}
			}
		}
	}
	if _, ok, _ := c.SQLite.Subscription(context.Background(), "telegram:2"); ok {
		t.Error("a refused /subscribe saved a subscription")
	}
}

// TestSubscribeIsTruthfulAboutToday: when today's briefing has already been
// posted in the chat, a new time later today cannot post another, so
// /subscribe says the next is tomorrow's, and /briefing previews tomorrow's.
func TestSubscribeIsTruthfulAboutToday(t *testing.T) {
	c := subsCore(t) // 15:00 in Baghdad
	ctx := context.Background()
	baghdad, _ := time.LoadLocation("Asia/Baghdad")
	// The chat had its 07:00 briefing today.
	morning := time.Date(2026, 11, 29, 7, 0, 0, 0, baghdad)
	sub := schedule.Subscription{Chat: "telegram:3", Hour: 7, Zone: "Asia/Baghdad", NextDue: morning, EveryDay: true}
	if err := c.SQLite.SaveSubscription(ctx, sub); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SQLite.Enqueue(ctx, []schedule.Due{{Sub: sub, Date: "2026-11-29", Next: morning.AddDate(0, 0, 1)}}, []string{"coalition-ministers-2019-11"}, 5); err != nil {
		t.Fatal(err)
	}
	r := askIn(c, "telegram:3", "/subscribe 18:00", summaries.EN)
	text := renderPlain(r)
	if r.Error || !strings.Contains(text, "Monday 30 November 2026 18:00") || !strings.Contains(text, "Today's briefing was already posted") {
		t.Errorf("/subscribe after today's briefing:\n%s", text)
	}
	got, _, _ := c.SQLite.Subscription(ctx, "telegram:3")
	if want := time.Date(2026, 11, 30, 18, 0, 0, 0, baghdad); !got.NextDue.Equal(want) {
		t.Errorf("stored next %v, want %v", got.NextDue, want)
	}
	if text := renderPlain(askIn(c, "telegram:3", "/subscription", summaries.EN)); !strings.Contains(text, "Monday 30 November 2026 18:00") {
		t.Errorf("/subscription:\n%s", text)
	}
	text = renderPlain(askIn(c, "telegram:3", "/briefing", summaries.EN))
	if !strings.Contains(text, "tomorrow's would carry this") || !strings.Contains(text, "Daily briefing — Monday 30 November 2026") {
		t.Errorf("/briefing:\n%s", text)
	}
	// A chat that had no briefing today gets today's.
	text = renderPlain(askIn(c, "telegram:4", "/subscribe 18:00", summaries.AR))
	if !strings.Contains(text, "الأحد") || strings.Contains(text, "موجز الغد") {
		t.Errorf("/subscribe with nothing posted today:\n%s", text)
	}
}

// discordCaps are the capabilities the Discord adapter declares.
var discordCaps = []bot.Capability{bot.CapPrivateReplies, bot.CapUserSettings, bot.CapTypedOptions}

// TestOwnLanguageWhereUsersHaveSettings: /lang with the scope me sets the
// requester's own language, which their replies follow in any channel;
// where users have no settings, "me" is not a choice.
func TestOwnLanguageWhereUsersHaveSettings(t *testing.T) {
	h := newHarness(t, func(c *bot.Config) { c.DefaultLang = summaries.EN })
	ctx := context.Background()
	in := bot.Chat{Key: "discord:200", Kind: bot.Group, Parent: "discord-guild:100"}
	var o bot.Options
	o.Set("lang", bot.Value{Text: "ar"})
	o.Set("scope", bot.Value{Text: "me"})
	r := h.bot.Handle(ctx, &bot.Request{Command: "lang", Options: o, Chat: in, User: bot.User{Key: "discord-user:1"}, Caps: discordCaps})
	if r.Error || !strings.Contains(renderPlain(r), "الردود عليك بالعربية") {
		t.Fatalf("/lang ar scope:me: %s", describe(r))
	}
	if s, _ := h.settings.ChatSettings(ctx, "discord-user:1"); s.Lang != summaries.AR {
		t.Errorf("not saved under the user: %+v", s)
	}
	if s, _ := h.settings.ChatSettings(ctx, "discord:200"); s.Lang != "" {
		t.Errorf("the channel's language changed: %+v", s)
	}
	for user, want := range map[string]summaries.Lang{"discord-user:1": summaries.AR, "discord-user:2": summaries.EN} {
		r := h.bot.Handle(ctx, &bot.Request{Command: "list", Chat: bot.Chat{Key: "discord:201", Kind: bot.Group}, User: bot.User{Key: user}, Caps: discordCaps})
		if r.Lang != want {
			t.Errorf("%s gets %s, want %s", user, r.Lang, want)
		}
	}
	r = h.ask("/lang ar me", summaries.EN) // the console keeps no settings per user
	if text := renderPlain(r); !r.Error || !strings.Contains(text, "“me” is not one of the choices") || strings.Contains(text, "Only me") ||
		!strings.Contains(text, "server — Whole server") {
		t.Errorf("/lang ar me on the console: %s", describe(r))
	}
}

// TestChoicesAsPeopleTypeThem: a choice is its value or any of its names,
// in either language and spelling; anything else is refused with the list.
func TestChoicesAsPeopleTypeThem(t *testing.T) {
	for line, want := range map[string]summaries.Lang{
		"/lang English": summaries.EN, "/lang الإنجليزية": summaries.EN, "/lang الانجليزية": summaries.EN, "/lang انجليزي": summaries.EN,
		"/lang الإنكليزية": summaries.EN, "/lang EN": summaries.EN, "/lang العربية": summaries.AR, "/lang عربي": summaries.AR,
		"/lang Arabic": summaries.AR, "/lang العربيّة": summaries.AR,
	} {
		h := newHarness(t, nil)
		r := h.ask(line, "")
		if s, _ := h.settings.ChatSettings(context.Background(), "test-chat"); r.Error || s.Lang != want {
			t.Errorf("%s: %s (saved %q)", line, describe(r), s.Lang)
		}
	}
	for line, want := range map[string]bot.Digits{"/digits ١٢٣": bot.ArabicIndicDigits, "/digits 123": bot.WesternDigits, "/digits هندية": bot.ArabicIndicDigits} {
		h := newHarness(t, nil)
		h.ask(line, "")
		if s, _ := h.settings.ChatSettings(context.Background(), "test-chat"); s.Digits != want {
			t.Errorf("%s: saved %q, want %q", line, s.Digits, want)
		}
	}
	h := newHarness(t, nil)
	for _, line := range []string{"/lang fr", "/digits hindi", "/lang " + strings.Repeat("ف", 3000)} {
		r := h.ask(line, summaries.EN)
		if text := renderPlain(r); !r.Error || !strings.Contains(text, "is not one of the choices") && !strings.Contains(text, "too long") {
			t.Errorf("%.30s: %s", line, describe(r))
		}
	}
	if s, _ := h.settings.ChatSettings(context.Background(), "test-chat"); s != (bot.ChatSettings{}) {
		t.Errorf("a refused value was saved: %+v", s)
	}
}

// TestHelpFitsThePlatform: /help lists what the platform registers, in its
// syntax, and names only the language rules that apply there.
func TestHelpFitsThePlatform(t *testing.T) {
	h := newHarness(t, nil)
	help := func(caps []bot.Capability, chat bot.Chat) string {
		return renderPlain(h.bot.Handle(context.Background(), &bot.Request{Command: "help", Lang: summaries.EN, Chat: chat, User: bot.User{Key: "u"}, Caps: caps}))
	}
	discord := help(discordCaps, bot.Chat{Key: "discord:200", Kind: bot.Group, Parent: "discord-guild:100"})
	for _, want := range []string{"/lang lang:<English|العربية> [scope:<This channel|Whole server|Only me>]", "/figures [statement:<statement>] [lang:<English|العربية>] [private:<True|False>]",
		"/list [page:<number>]", "the lang option of the command", "your own language", "the server's language", "the bot's default: Arabic"} {
		if !strings.Contains(discord, want) {
			t.Errorf("Discord /help lacks %q:\n%s", want, discord)
		}
	}
	for _, not := range []string{"/start", "ar|en", "your app's language"} {
		if strings.Contains(discord, not) {
			t.Errorf("Discord /help claims %q:\n%s", not, discord)
		}
	}
	telegram := help([]bot.Capability{bot.CapStart, bot.CapUserLang}, bot.Chat{Key: "telegram:1", Kind: bot.Private})
	for _, want := range []string{"/start", "/lang ar|en", "this chat's language", "your app's language"} {
		if !strings.Contains(telegram, want) {
			t.Errorf("Telegram /help lacks %q:\n%s", want, telegram)
		}
	}
	for _, not := range []string{"lang:<", "your own language", "server's language", "/private"} {
		if strings.Contains(telegram, not) {
			t.Errorf("Telegram /help claims %q:\n%s", not, telegram)
		}
	}
}

// TestFreeTextIsASearch: text without a command in a private chat is a
// search, answered in the user's language; in a group, nothing.
func TestFreeTextIsASearch(t *testing.T) {
	h := newHarness(t, nil)
	text := func(kind bot.ChatKind, s, userLang string) *bot.Reply {
		return h.bot.Handle(context.Background(), &bot.Request{Kind: bot.KindText, Args: s, Chat: bot.Chat{Key: "c", Kind: kind},
			User: bot.User{Key: "u", Lang: userLang}})
	}
	if r := text(bot.Private, "what did the coalition say?", "en-GB"); r.Silent || !strings.Contains(renderPlain(r), "Search:") || r.Lang != summaries.EN {
		t.Errorf("private English text: %s", describe(r))
	}
	if r := text(bot.Private, "التحالف مليار", "ar"); !strings.Contains(renderPlain(r), "البحث:") || len(r.Buttons) == 0 {
		t.Errorf("private Arabic text: %s", describe(r))
	}
	if r := text(bot.Private, strings.Repeat("كلمة ", 2000), "ar"); strings.Contains(renderPlain(r), "طويل") || r.Silent {
		t.Errorf("long text is not an over-long argument: %s", describe(r))
	}
	if r := text(bot.Group, "good morning all", "en"); !r.Silent {
		t.Errorf("group chatter got an answer: %s", describe(r))
	}
}

// TestZoneCompletionOffersPlaces: completing a time zone offers places by
// their Arabic and English names, offsets and IANA names.
func TestZoneCompletionOffersPlaces(t *testing.T) {
	c := subsCore(t)
	complete := func(typed string) []bot.Result {
		return c.Bot.Handle(context.Background(), &bot.Request{Kind: bot.KindLookup, Command: "subscribe", Args: typed,
			Lookup: bot.Lookup{Param: "timezone", Limit: 25}, Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "u"}, Caps: discordCaps}).Results
	}
	for typed, want := range map[string][2]string{
		"بغ": {"بغداد", "Asia/Baghdad"}, "baghd": {"Baghdad", "Asia/Baghdad"}, "القاه": {"القاهرة", "Africa/Cairo"},
		"new y": {"New York", "America/New_York"}, "عمّ": {"عمّان", "Asia/Amman"}, "+3": {"UTC+03:00", "UTC+03:00"},
		"UTC-5": {"UTC-05:00", "UTC-05:00"}, "Europe/Ber": {"Europe/Berlin", "Europe/Berlin"}, "": {"Asia/Baghdad", "Asia/Baghdad"},
	} {
		rs := complete(typed)
		if len(rs) == 0 || rs[0].Title != want[0] || rs[0].Value != want[1] {
			t.Errorf("completing %q: %+v, want %v first", typed, rs, want)
		}
		for _, r := range rs {
			if _, err := schedule.LoadZone(r.Value); err != nil {
				t.Errorf("completing %q offers %q, which /subscribe refuses", typed, r.Value)
			}
		}
	}
	if rs := complete("zzzz"); len(rs) != 0 {
		t.Errorf("nonsense completes to %+v", rs)
	}
}
