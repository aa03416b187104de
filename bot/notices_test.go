package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/bot/internal/bidicheck"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/summaries"
)

// corrected returns the bundled statement and a copy whose peak territory
// is now "nearly 111,000 km²" with a curator's note, and whose next-meeting
// figure is removed.
func corrected(t *testing.T) (old, cur *summaries.Statement) {
	t.Helper()
	old = testCatalog(t).Get("coalition-ministers-2019-11")
	c := *old
	c.Figures = slices.Clone(old.Figures)
	i := slices.IndexFunc(c.Figures, func(f summaries.Figure) bool { return f.ID == "peak-territory" })
	c.Figures[i].Value, c.Figures[i].Qualifier = 111000, summaries.Nearly
	c.Figures[i].Quote = "وفي ذروتها ، سيطرت داعش علي نحو 111,000 كيلومتر مربع من الأراضي"
	c.Figures[i].Correction = "The source was misread: it says 111,000."
	c.Figures = slices.DeleteFunc(c.Figures, func(f summaries.Figure) bool { return f.ID == "next-meeting" })
	return old, &c
}

func TestNoticeReplies(t *testing.T) {
	h := newHarness(t, nil)
	old, cur := corrected(t)
	c, ok := schedule.NewCorrection(old, cur)
	if !ok {
		t.Fatal("no correction")
	}
	problems := []string{"statements/s.yaml:3: date: \"2019-13-01\" is not a date (want YYYY-MM-DD)"}
	for i := range 11 {
		problems = append(problems, fmt.Sprintf("statements/t.yaml:%d: figures[%d].quote: the quote is not in the source text", 40+i, i))
	}
	fixture := testCatalog(t).Get("coalition-fixture-2018")
	for _, lang := range summaries.Langs {
		golden(t, "notice-correction."+string(lang)+".txt", describe(h.bot.CorrectionReply(lang, "", c)))
		golden(t, "notice-instant."+string(lang)+".txt", describe(h.bot.InstantReply(lang, "", fixture)))
		golden(t, "notice-refusal."+string(lang)+".txt", describe(h.bot.RefusalReply(lang, "", schedule.NewRefusal(problems))))
	}
	en := renderPlain(h.bot.CorrectionReply(summaries.EN, "", c))
	for _, want := range []string{"Correction: Joint Communiqué", "about 110,000 km² → nearly 111,000 km²", "2020 → withdrawn",
		"Curators' note: The source was misread: it says 111,000.", "/figures coalition-ministers-2019-11", "نحو 111,000"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English correction lacks %q:\n%s", want, en)
		}
	}
	ar := renderPlain(h.bot.CorrectionReply(summaries.AR, bot.ArabicIndicDigits, c))
	if !strings.Contains(ar, "حوالي ١١٠٬٠٠٠ كم² ← قرابة ١١١٬٠٠٠ كم²") {
		t.Errorf("the Arabic correction does not render the amounts as every reply does:\n%s", ar)
	}
	if !strings.Contains(ar, "نحو 111,000 كيلومتر") {
		t.Error("the new quote's digits were rewritten")
	}
	// Arabic notices display right-to-left, Arabic-Indic digits or not.
	for _, digits := range []bot.Digits{"", bot.ArabicIndicDigits} {
		for name, r := range map[string]*bot.Reply{
			"correction": h.bot.CorrectionReply(summaries.AR, digits, c),
			"instant":    h.bot.InstantReply(summaries.AR, digits, fixture),
			"refusal":    h.bot.RefusalReply(summaries.AR, digits, schedule.NewRefusal(problems)),
		} {
			for _, bad := range bidicheck.Text(summaries.AR, renderPlain(r)) {
				t.Errorf("%s (%s digits): %s", name, digits, bad)
			}
			if name == "refusal" && !strings.Contains(renderPlain(r), `statements/s.yaml:3: date: "2019-13-01" is not a date (want YYYY-MM-DD)`) {
				t.Errorf("an Arabic admin notice must keep each problem one left-to-right run:\n%s", renderPlain(r))
			}
		}
	}
}

// TestInstantPostIsTheBriefingsDigest: an instant post shows a statement
// as a briefing does (one composition), with its headline figures.
func TestInstantPostIsTheBriefingsDigest(t *testing.T) {
	h := newHarness(t, nil)
	st := testCatalog(t).Get("coalition-ministers-2019-11")
	instant := renderPlain(h.bot.InstantReply(summaries.EN, "", st))
	daily := renderPlain(h.bot.DailyReply(summaries.EN, "", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), []*summaries.Statement{st}))
	_, digest, _ := strings.Cut(daily, "\n\n") // the briefing's own heading first
	if !strings.HasPrefix(instant, "New statement\n\n") || !strings.HasSuffix(instant, digest) {
		t.Errorf("the instant post is not the briefing's digest:\n%s\n--- briefing ---\n%s", instant, daily)
	}
	for _, f := range st.HeadlineFigures() {
		if !strings.Contains(instant, f.Label.EN) {
			t.Errorf("headline figure %s missing", f.ID)
		}
	}
	if strings.Contains(instant, "Territory held by ISIS") {
		t.Error("a figure that is not a headline figure is shown")
	}
	// A statement the served catalog does not hold is still composed, finished.
	other := *st
	if r := h.bot.InstantReply(summaries.AR, "", &other); len(bidicheck.Text(summaries.AR, renderPlain(r))) > 0 {
		t.Errorf("an uncached instant post is not isolated: %v", bidicheck.Text(summaries.AR, renderPlain(r)))
	}
}

func TestSubscribeInstant(t *testing.T) {
	c := bottest.NewCore(t, bottest.Options{SQLite: true, FakeClock: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)})
	ask := func(line string, lang summaries.Lang) string {
		req, _ := console.Request(line, lang)
		req.Chat.Key, req.User.Key = "telegram:42", "telegram:42"
		return console.Render(c.Bot.Handle(context.Background(), req))
	}
	for _, tc := range []struct {
		line    string
		lang    summaries.Lang
		instant bool
		want    string
	}{
		{"/subscribe 08:00 UTC instant", summaries.EN, true, "New statements: posted as soon as they are published"},
		{"/subscribe فوري", summaries.AR, true, "البيانات الجديدة: تُنشر فور صدورها"},
		{"/subscribe 08:00 UTC", summaries.EN, false, "Next briefing"},
	} {
		out := ask(tc.line, tc.lang)
		sub, ok, err := c.SQLite.Subscription(context.Background(), "telegram:42")
		if err != nil || !ok || sub.Instant != tc.instant {
			t.Errorf("%s: stored %+v %v %v", tc.line, sub, ok, err)
		}
		if !strings.Contains(out, tc.want) || !tc.instant && strings.Contains(out, "New statements") {
			t.Errorf("%s:\n%s", tc.line, out)
		}
	}
	if out := ask("/help", summaries.EN); !strings.Contains(out, "[daily] [instant]") {
		t.Errorf("/help does not show instant:\n%s", out)
	}
}
