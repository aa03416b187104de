package bot_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/internal/bidicheck"
	"github.com/briefbot/briefbot/summaries"
)

// goldenCases are the commands every language is tested with.
var goldenCases = []struct{ name, line string }{
	{"start", "/start"},
	{"help", "/help"},
	{"list", "/list"},
	{"list-bad-page", "/list two"},
	{"list-no-page", "/list 9"},
	{"summary-latest", "/summary"},
	{"summary-alias", "/summary washington-2019"},
	{"summary-fixture", "/summary fixture"},
	{"figures-latest", "/figures"},
	{"figures-prefix", "/figures coalition-m"},
	{"figures-fixture", "/figures coalition-fixture-2018"},
	{"figures-ambiguous", "/figures coalition"},
	{"figures-unknown", "/figures zzzz"},
	{"figures-suggest", "/figures washingtn-2019"},
	{"lang-show", "/lang"},
	{"lang-bad", "/lang fr"},
	{"lang-name", "/lang الإنجليزية"},
	{"digits-show", "/digits"},
	{"digits-bad", "/digits hindi"},
	{"summary-spaces", "/summary coalition 2019"},
	{"summary-arabic-alias", "/summary التحالف ٢٠١٩"},
	{"summary-title-words", "/figures defeat isis"},
	{"summary-year", "/summary 2019"},
	{"text", "ما هي أرقام البيان؟"},
	{"unknown-command", "/frobnicate"},
	{"too-long", "/summary " + strings.Repeat("x", 5000)},
	{"figure", "/figure washington-2019 peak-territory"},
	{"figure-latest-prefix", "/figure aid"},
	{"figure-fixture", "/figure fixture funds"},
	{"figure-choice", "/figure fixture"},
	{"figure-unknown", "/figure fixture zzz"},
	{"start-link", "/start fe_coalition-fixture-2018"},
	{"start-link-figure", "/start ga_coalition-ministers-2019-11_aid-raised"},
	{"start-link-unknown", "/start xx_nothing-here"},
	{"search", "/search مليار"},
	{"search-english", "/search million"},
	{"search-quote", `/search "أكثر من 40,000 من المقاتلين"`},
	{"search-phrase", `/search "foreign terrorist fighters" -Syria`},
	{"search-source", "/search الديمغرافية"},
	{"search-nothing", "/search washingtn"},
	{"search-empty", "/search"},
	{"search-short", "/search a"},
	{"search-too-long", "/search " + strings.Repeat("مليار ", 1000)},
}

// TestGoldenBriefing covers the daily briefing of both statements, as the
// outbox sends it: headline figures, and buttons that open apart.
func TestGoldenBriefing(t *testing.T) {
	h := newHarness(t, nil)
	cat := testCatalog(t)
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	for _, lang := range summaries.Langs {
		golden(t, "briefing."+string(lang)+".txt", describe(h.bot.DailyReply(lang, bot.WesternDigits, day, cat.All())))
	}
}

func TestGoldenReplies(t *testing.T) {
	for _, lang := range summaries.Langs {
		for _, tc := range goldenCases {
			t.Run(string(lang)+"/"+tc.name, func(t *testing.T) {
				h := newHarness(t, nil)
				r := h.ask(tc.line, lang)
				golden(t, tc.name+"."+string(lang)+".txt", describe(r))
			})
		}
	}
}

// TestGoldenSettings covers the commands that change a chat's settings and
// their effect on later replies.
func TestGoldenSettings(t *testing.T) {
	h := newHarness(t, nil)
	var out strings.Builder
	for _, line := range []string{"/lang en", "/figures fixture", "/lang ar", "/digits arabic", "/figures", "/list", "/digits western", "/figures fixture"} {
		out.WriteString("> " + line + "\n")
		out.WriteString(describe(h.ask(line, "")))
	}
	golden(t, "settings-sequence.txt", out.String())
}

// TestRepliesDisplayInTheirDirection checks every golden reply, Arabic and
// English, with the bidi algorithm of golang.org/x/text/unicode/bidi: each
// line starts in the reply's direction (rule P2, skipping isolates), every
// left-to-right token (number, name, command, id) is laid out as one run,
// and isolates balance.
func TestRepliesDisplayInTheirDirection(t *testing.T) {
	h := newHarness(t, nil)
	check := func(name string, r *bot.Reply) {
		for _, bad := range bidicheck.Text(r.Lang, renderPlain(r)) {
			t.Errorf("%s %s: %s", r.Lang, name, bad)
		}
	}
	for _, lang := range summaries.Langs {
		for _, tc := range goldenCases {
			check(tc.name, h.ask(tc.line, lang))
		}
	}
	h.ask("/digits arabic", "")
	check("figures with Arabic-Indic digits", h.ask("/figures", summaries.AR))
}

func renderPlain(r *bot.Reply) string {
	s := describe(r)
	text, _, _ := strings.Cut(s, "----\n")
	return text
}

func TestFigureWording(t *testing.T) {
	h := newHarness(t, nil)
	en := renderPlain(h.ask("/figures", summaries.EN))
	ar := renderPlain(h.ask("/figures", summaries.AR))
	for _, want := range []string{"about 110,000 km²", "more than $20 billion", "about 7.7 million people", "more than 40,000 fighters", "more than 1.5 million people", "5 years", "• 2020 —"} {
		if !strings.Contains(en, want) {
			t.Errorf("English figures lack %q", want)
		}
	}
	// An Arabic amount needs no direction mark: the bidi algorithm lays
	// "أكثر من 40,000 مقاتل" out in order as it is, so an editor copies it clean.
	for _, want := range []string{"• حوالي 110,000 كم² —", "• أكثر من 20 مليار دولار —", "• حوالي 7.7 مليون شخص —", "• أكثر من 40,000 مقاتل —", "• عام 2020 —"} {
		if !strings.Contains(ar, want) {
			t.Errorf("Arabic figures lack %q (with no invisible character)", want)
		}
	}
	h.ask("/digits arabic", "")
	ar = renderPlain(h.ask("/figures", summaries.AR))
	if !strings.Contains(ar, "حوالي ٧٫٧ مليون شخص") {
		t.Errorf("Arabic-Indic digits not used: %s", ar)
	}
	// Quotes are never rewritten: the source's digits stay as written.
	if !strings.Contains(ar, "«وقد حررت حمله الائتلاف حوالي 7,700,000 شخص من سيطرة داعش.»") {
		t.Error("a quote was changed")
	}
	// English replies keep Western digits whatever the chat chose.
	if en := renderPlain(h.ask("/figures", summaries.EN)); !strings.Contains(en, "7.7 million") {
		t.Error("English reply lost Western digits")
	}
}

func TestArabicPluralForms(t *testing.T) {
	msgs, err := bot.LoadMessages()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		n          int
		statements string
		figures    string
	}{
		{0, "لا توجد بيانات", "لا أرقام رئيسية"},
		{1, "بيان واحد", "رقم رئيسي واحد"},
		{2, "بيانان", "رقمان رئيسيان"},
		{3, "3 بيانات", "3 أرقام رئيسية"},
		{11, "11 بيانًا", "11 رقمًا رئيسيًا"},
		{100, "100 بيان", "100 رقم رئيسي"},
	}
	for _, tt := range tests {
		if got := msgs.N(summaries.AR, "statement_count", tt.n, "N", tt.n); got != tt.statements {
			t.Errorf("statement_count(%d) = %q, want %q", tt.n, got, tt.statements)
		}
		if got := msgs.N(summaries.AR, "figure_count", tt.n, "N", tt.n); got != tt.figures {
			t.Errorf("figure_count(%d) = %q, want %q", tt.n, got, tt.figures)
		}
	}
	if got := msgs.N(summaries.EN, "statement_count", 1, "N", 1); got != "1 statement" {
		t.Errorf("en one = %q", got)
	}
	if got := msgs.N(summaries.EN, "statement_count", 0, "N", 0); got != "0 statements" {
		t.Errorf("en zero = %q", got)
	}
}

// TestCatalogsAreComplete: every English message exists in Arabic and the
// other way round, and every Arabic plural message has all six forms.
func TestCatalogsAreComplete(t *testing.T) {
	msgs, err := bot.LoadMessages()
	if err != nil {
		t.Fatal(err)
	}
	en, ar := msgs.IDs(summaries.EN), msgs.IDs(summaries.AR)
	for id := range en {
		if !ar[id] {
			t.Errorf("%q is missing in ar", id)
		}
	}
	for id := range ar {
		if !en[id] {
			t.Errorf("%q is missing in en", id)
		}
	}
	for _, u := range summaries.Units {
		if !en["unit_"+string(u)] || !ar["unit_"+string(u)] {
			t.Errorf("unit %q has no wording", u)
		}
	}
	for _, q := range summaries.Qualifiers {
		id := "qualifier_" + strings.ReplaceAll(string(q), " ", "_")
		if !en[id] || !ar[id] {
			t.Errorf("qualifier %q has no wording", q)
		}
	}
	// Every plural form renders without falling back (OnMissing fails).
	h := newHarness(t, nil)
	_ = h
	for _, n := range []int{0, 1, 2, 3, 11, 100, 101, 1000} {
		for _, id := range []string{"statement_count", "figure_count", "error_rate_limited", "error_too_long"} {
			msgs.OnMissing = func(lang summaries.Lang, id string, err error) { t.Errorf("%s %s(%d): %v", lang, id, n, err) }
			if s := msgs.N(summaries.AR, id, n, "N", n, "Max", 200); !utf8.ValidString(s) || s == "" {
				t.Errorf("%s(%d) empty", id, n)
			}
		}
	}
}
