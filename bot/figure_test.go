package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// citationOf is the citation block of r, or "".
func citationOf(r *bot.Reply) string {
	for _, b := range r.Blocks {
		if c, ok := b.(bot.Citation); ok {
			return c.Text
		}
	}
	return ""
}

// TestFigureReadyToCite: /figure answers one figure, its quote exactly as
// the source has it, and a citation with the amount, label, title, place,
// date and the source's name and URL, in the reply's language, with no
// invisible character in it.
func TestFigureReadyToCite(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		line string
		lang summaries.Lang
		want []string
	}{
		{"/figure washington-2019 foreign-fighters", summaries.EN, []string{"more than 40,000 fighters", "Foreign terrorist fighters drawn to ISIS",
			"Joint Communiqué by Ministers of the Global Coalition to Defeat ISIS", "Washington", "14 November 2019", "Arabic translation of the communiqué as published by a news website"}},
		{"/figure foreign", summaries.AR, []string{"أكثر من 40,000 مقاتل", "المقاتلون الإرهابيون الأجانب الذين اجتذبهم داعش", "بيان مشترك لوزراء التحالف العالمي لهزيمة داعش", "واشنطن", "14 نوفمبر 2019"}},
		{"/figure fixture funds", summaries.EN, []string{"nearly $2.3 billion", "Test funding", "Coalition test statement", "Kuwait", "13 February 2018", "Test text", "https://example.org/statements/coalition-fixture-2018"}},
		{"/figure coalition-fixture-2018 funds", summaries.AR, []string{"قرابة 2.3 مليار دولار", "تمويل اختباري", "الكويت", "13 فبراير 2018", "نص اختباري", "https://example.org/statements/coalition-fixture-2018"}},
	}
	for _, tt := range tests {
		r := h.ask(tt.line, tt.lang)
		c := citationOf(r)
		if r.Error || c == "" {
			t.Fatalf("%s: %s", tt.line, describe(r))
		}
		for _, w := range tt.want {
			if !strings.Contains(c, w) {
				t.Errorf("%s: the citation lacks %q: %s", tt.line, w, c)
			}
		}
		if strings.IndexFunc(c, arabic.IsBidiControl) >= 0 {
			t.Errorf("%s: the citation holds an invisible character: %q", tt.line, c)
		}
		if figs := r.Blocks[0].(bot.Figures); len(figs.Items) != 1 || !strings.Contains(renderPlain(r), "«"+figs.Items[0].Quote+"»") {
			t.Errorf("%s: one figure with its quote as the source has it: %s", tt.line, describe(r))
		}
	}
	// With no figure named, or one the statement lacks, the figures are
	// offered to choose from, each a button that opens it.
	r := h.ask("/figure fixture", summaries.EN)
	if r.Error || len(r.Buttons) != 2 || r.Buttons[0].Command != "figure" || r.Buttons[1].Args != "coalition-fixture-2018 funds" {
		t.Errorf("/figure fixture: %s", describe(r))
	}
	if r := h.ask("/figure washington-2019 nonsense", summaries.EN); !r.Error || !strings.Contains(renderPlain(r), "“nonsense” is not a figure") || len(r.Buttons) != 9 {
		t.Errorf("an unknown figure: %s", describe(r))
	}
	// Typed options (Discord) are taken as they are.
	var o bot.Options
	o.Set("statement", bot.Value{Text: "coalition-fixture-2018"})
	o.Set("figure", bot.Value{Text: "pledges"})
	r = h.bot.Handle(context.Background(), &bot.Request{Command: "figure", Options: o, Lang: summaries.EN, Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "u"}})
	if !strings.Contains(citationOf(r), "at least 3") {
		t.Errorf("typed options: %s", describe(r))
	}
}

// TestFigureCompletion: completing /figure's figure offers the figures of
// the statement chosen, headline first, matching what is typed.
func TestFigureCompletion(t *testing.T) {
	h := newHarness(t, nil)
	complete := func(statement, typed string) []bot.Result {
		var o bot.Options
		o.Set("statement", bot.Value{Text: statement})
		o.Set("figure", bot.Value{Text: typed})
		r := h.bot.Handle(context.Background(), &bot.Request{Kind: bot.KindLookup, Command: "figure", Args: typed, Options: o,
			Lookup: bot.Lookup{Param: "figure", Limit: 25}, Lang: summaries.EN, Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "u"}})
		return r.Results
	}
	rs := complete("coalition-ministers-2019-11", "")
	if len(rs) != 9 || rs[0].Value != "foreign-fighters" || rs[1].Value != "people-liberated" || rs[2].Value != "aid-raised" {
		t.Errorf("all figures, headline first: %+v", rs)
	}
	if rs := complete("fixture", "fund"); len(rs) != 1 || rs[0].Value != "funds" || !strings.Contains(rs[0].Title, "nearly $2.3 billion") {
		t.Errorf("typing narrows: %+v", rs)
	}
	if rs := complete("no-such", ""); len(rs) != 0 {
		t.Errorf("an unknown statement offers nothing: %+v", rs)
	}
}

// TestHeadlineFiguresLead: the figures marked headline lead /figures and
// are the ones a briefing shows (not the first three of the file).
func TestHeadlineFiguresLead(t *testing.T) {
	h := newHarness(t, nil)
	figs := h.ask("/figures", summaries.EN).Blocks[2].(bot.Figures)
	var ids []string
	for _, it := range figs.Items {
		ids = append(ids, it.ID)
	}
	if got := strings.Join(ids[:3], " "); got != "foreign-fighters people-liberated aid-raised" {
		t.Errorf("/figures starts with %s", got)
	}
	cat := testCatalog(t)
	text := renderPlain(h.bot.DailyReply(summaries.EN, bot.WesternDigits, h.clock.Now(), cat.All()[:1]))
	for _, want := range []string{"more than 40,000 fighters", "about 7.7 million people", "more than $20 billion"} {
		if !strings.Contains(text, want) {
			t.Errorf("the briefing lacks the headline figure %q", want)
		}
	}
	for _, not := range []string{"5 years", "110,000 km²"} {
		if strings.Contains(text, not) {
			t.Errorf("the briefing shows %q, which is no headline figure", not)
		}
	}
}

// TestTranslationsAreLabelledTheCurators: a figure's translation is shown
// in the reply's language only, under the quote, labelled as the
// curators' and never in place of the source's words.
func TestTranslationsAreLabelledTheCurators(t *testing.T) {
	h := newHarness(t, nil)
	en := renderPlain(h.ask("/figure peak-territory", summaries.EN))
	want := "Curators' translation: At its peak, ISIS controlled nearly 110,000 square kilometers of territory"
	if !strings.Contains(en, want) || !strings.Contains(en, "«وفي ذروتها ، سيطرت داعش علي حوالي 110,000 كيلومتر مربع من الأراضي»") {
		t.Errorf("an English reply shows the quote and the curators' translation:\n%s", en)
	}
	if ar := renderPlain(h.ask("/figure peak-territory", summaries.AR)); strings.Contains(ar, "At its peak") || strings.Contains(ar, "ترجمة المحررين") {
		t.Errorf("an Arabic reply to an Arabic source shows no translation:\n%s", ar)
	}
	if ar := renderPlain(h.ask("/figures fixture", summaries.AR)); !strings.Contains(ar, "ترجمة المحررين: جمعوا قرابة 2.3 مليار دولار.") {
		t.Errorf("an Arabic reply to an English source shows the curators' Arabic:\n%s", ar)
	}
}

// TestInlineFigureIsTheFigureReply: choosing a figure in inline mode
// inserts the same reply as /figure, citation included, with buttons that
// open apart (the message lands in a chat the bot may not be in).
func TestInlineFigureIsTheFigureReply(t *testing.T) {
	h := newHarness(t, nil)
	for _, r := range quick(h, "110,000", summaries.EN, "", "") {
		if r.ID != "f:coalition-ministers-2019-11:peak-territory" {
			continue
		}
		want := h.ask("/figure washington-2019 peak-territory", summaries.EN)
		if renderPlain(r.Reply) != renderPlain(want) || citationOf(r.Reply) == "" {
			t.Errorf("inline:\n%s\n/figure:\n%s", describe(r.Reply), describe(want))
		}
		for _, b := range r.Reply.Buttons {
			if !b.Apart {
				t.Errorf("an inline result's button changes the message: %+v", b)
			}
		}
		return
	}
	t.Fatal("110,000 did not offer the territory figure")
}
