package bot_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/internal/bidicheck"
	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// show writes the invisible characters of s so that a failure reads.
func show(s string) string {
	return strings.NewReplacer("\u200e", "<LRM>", "\u200f", "<RLM>", "\u2066", "<LRI>", "\u2067", "<RLI>", "\u2069", "<PDI>").Replace(s)
}

// TestDirectedPlacesOnlyTheMarksNeeded keeps one case for each kind of
// place that needs a mark or an isolate, and cases that need none: each
// result must be exactly the line shown, and the bidi algorithm must lay
// it out in order (bidicheck.Line).
func TestDirectedPlacesOnlyTheMarksNeeded(t *testing.T) {
	q := func(text string, lang summaries.Lang) bot.Span {
		return bot.Span{Text: text, Kind: bot.SpanQuote, Lang: lang}
	}
	txt := func(text string) bot.Span { return bot.Span{Text: text} }
	tests := []struct {
		name string
		lang summaries.Lang
		line []bot.Span
		want string
	}{
		// Nothing needed: numbers in Arabic are laid out in order as they are.
		{"an Arabic amount", summaries.AR, []bot.Span{txt("• "), txt("أكثر من 40,000 مقاتل"), txt(" — المقاتلون")}, "• أكثر من 40,000 مقاتل — المقاتلون"},
		{"an Arabic amount in billions", summaries.AR, []bot.Span{txt("أكثر من 20 مليار دولار")}, "أكثر من 20 مليار دولار"},
		{"a line starting with a date", summaries.AR, []bot.Span{txt("14 نوفمبر 2019 · 9 أرقام رئيسية")}, "14 نوفمبر 2019 · 9 أرقام رئيسية"},
		{"an Arabic quote in an Arabic line", summaries.AR, []bot.Span{txt("نص المصدر (العربية): «"), q("واجتذبت أكثر من 40,000 من المقاتلين.", summaries.AR), txt("»")},
			"نص المصدر (العربية): «واجتذبت أكثر من 40,000 من المقاتلين.»"},
		{"an Arabic quote that holds together in English", summaries.EN, []bot.Span{txt("Source text (Arabic): «"), q("سيطرت داعش علي حوالي 110,000 كيلومتر مربع من الأراضي", summaries.AR), txt("»")},
			"Source text (Arabic): «سيطرت داعش علي حوالي 110,000 كيلومتر مربع من الأراضي»"},
		{"a link at the end of an Arabic line", summaries.AR, []bot.Span{txt("المصدر: نص (الإنجليزية) https://example.org/a-1")}, "المصدر: نص (الإنجليزية) https://example.org/a-1"},
		{"an English line", summaries.EN, []bot.Span{txt("Try /summary or /figures.")}, "Try /summary or /figures."},

		// A quote in the other direction, ending with its full stop: isolated
		// whole with its quotation marks, nothing inside.
		{"an English quote in Arabic", summaries.AR, []bot.Span{txt("نص المصدر (الإنجليزية): «"), q("They raised nearly $2.3 billion.", summaries.EN), txt("»")},
			"نص المصدر (الإنجليزية): \u2066«They raised nearly $2.3 billion.»\u2069"},
		{"an Arabic quote in English", summaries.EN, []bot.Span{txt("Source text (Arabic): «"), q("واجتذبت أكثر من 40,000 من المقاتلين.", summaries.AR), txt("»")},
			"Source text (Arabic): \u2067«واجتذبت أكثر من 40,000 من المقاتلين.»\u2069"},

		// A command after Arabic text: an LRM before its space, so its slash
		// stays with it and a space still comes just before it.
		{"a command after Arabic", summaries.AR, []bot.Span{txt("جرّب /summary أو /figures لأحدث بيان.")}, "جرّب\u200e /summary أو\u200e /figures لأحدث بيان."},
		{"a command after a colon", summaries.AR, []bot.Span{txt("الملخص: "), {Text: "/summary coalition-2019", Kind: bot.SpanCommand}}, "الملخص:\u200e /summary coalition-2019"},
		{"a command after a Latin word", summaries.AR, []bot.Span{txt("مرحبًا Tom /help")}, "مرحبًا Tom /help"},

		// A line that would start left-to-right: an RLM, then a space before
		// the word, never against it.
		{"a command starting an Arabic line", summaries.AR, []bot.Span{{Text: "/start", Kind: bot.SpanCommand}, txt(" — تعريف بالبوت")}, "\u200f\u200e /start — تعريف بالبوت"},
		{"an id alone on an Arabic line", summaries.AR, []bot.Span{{Text: "coalition-ministers-2019-11", Kind: bot.SpanID}}, "\u200f coalition-ministers-2019-11"},
		{"a Latin word starting an Arabic line", summaries.AR, []bot.Span{txt("Washington عاصمة")}, "\u200f Washington عاصمة"},
		{"a bullet before a Latin word", summaries.AR, []bot.Span{txt("• INTERPOL والإنتربول")}, "\u200f• INTERPOL والإنتربول"},
		{"an Arabic word starting an English line", summaries.EN, []bot.Span{txt("العربية is Arabic")}, "\u200e العربية is Arabic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bot.Plain(bot.Directed(tt.lang, tt.line))
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", show(got), show(tt.want))
			}
			if bad := bidicheck.Line(tt.lang, got); bad != "" {
				t.Errorf("%s: %s", show(got), bad)
			}
		})
	}
}

// TestDirectedNeverTouchesQuotesCommandsOrIDs: whatever the line, the
// spans that must stay whole come back whole, and no mark lands against
// a command or an id.
func TestDirectedNeverTouchesQuotesCommandsOrIDs(t *testing.T) {
	line := []bot.Span{
		{Text: "/figures", Kind: bot.SpanCommand}, {Text: " «"}, {Text: "The «quote», 3 words.", Kind: bot.SpanQuote, Lang: summaries.EN},
		{Text: "» "}, {Text: "2019-fixture", Kind: bot.SpanID}, {Text: " و /help."},
	}
	for _, lang := range summaries.Langs {
		out := bot.Directed(lang, line)
		checkWhole(t, lang, line, out)
	}
}

func checkWhole(t *testing.T, lang summaries.Lang, in, out []bot.Span) {
	t.Helper()
	var kept []bot.Span
	for _, s := range out {
		if s.Kind != bot.SpanMark && s.Kind != bot.SpanText {
			kept = append(kept, s)
		}
	}
	var want []bot.Span
	for _, s := range in {
		if s.Kind != bot.SpanText {
			want = append(want, s)
		}
	}
	if len(kept) != len(want) {
		t.Fatalf("%s: %d whole spans came back, want %d: %q", lang, len(kept), len(want), show(bot.Plain(out)))
	}
	for i := range want {
		if kept[i] != want[i] {
			t.Errorf("%s: span %q came back as %q", lang, want[i].Text, kept[i].Text)
		}
	}
	var words strings.Builder
	for _, s := range out {
		if s.Kind != bot.SpanMark {
			words.WriteString(s.Text)
		}
	}
	if words.String() != bot.Plain(in) {
		t.Errorf("%s: the text changed: %q", lang, words.String())
	}
	plain := bot.Plain(out)
	for i := range plain {
		if bot.IsCommandAt(plain, i) && i > 0 {
			if r, _ := utf8.DecodeLastRuneInString(plain[:i]); r != ' ' {
				t.Errorf("%s: a command does not follow a space: %s", lang, show(plain))
			}
		}
	}
	for i, s := range out {
		if s.Kind == bot.SpanCommand || s.Kind == bot.SpanID {
			if i > 0 && out[i-1].Kind == bot.SpanMark && !strings.HasSuffix(out[i-1].Text, " ") || i+1 < len(out) && out[i+1].Kind == bot.SpanMark {
				t.Errorf("%s: a mark touches %q in %s", lang, s.Text, show(plain))
			}
		}
	}
}

// FuzzDirected: on any line, Directed only adds marks between the spans'
// words, keeps quotes, commands and ids whole, and balances its isolates.
func FuzzDirected(f *testing.F) {
	f.Add("جرّب /summary أو", "They raised $2.3 billion.", "id-1", true)
	f.Add("/start", "وفي ذروتها.", "2019-x", false)
	f.Add("", "", "", true)
	f.Fuzz(func(t *testing.T, text, quote, id string, arabicReply bool) {
		if !utf8.ValidString(text + quote + id) {
			return
		}
		lang, qlang := summaries.EN, summaries.AR
		if arabicReply {
			lang, qlang = summaries.AR, summaries.EN
		}
		line := []bot.Span{{Text: text}, {Text: " «"}, {Text: quote, Kind: bot.SpanQuote, Lang: qlang}, {Text: "» "}, {Text: id, Kind: bot.SpanID}}
		out := bot.Directed(lang, line)
		var whole []bot.Span
		for _, s := range out {
			if s.Kind == bot.SpanQuote || s.Kind == bot.SpanID {
				whole = append(whole, s)
			}
		}
		if len(whole) != 2 || whole[0].Text != quote || whole[1].Text != id {
			t.Fatalf("a quote or an id was cut: %q", show(bot.Plain(out)))
		}
		var words strings.Builder
		added := ""
		for _, s := range out {
			if s.Kind == bot.SpanMark {
				added += s.Text
				continue
			}
			words.WriteString(s.Text)
		}
		if words.String() != bot.Plain(line) {
			t.Fatalf("the words changed: %q", words.String())
		}
		if strings.Count(added, "\u2066")+strings.Count(added, "\u2067") != strings.Count(added, "\u2069") {
			t.Fatalf("unbalanced isolates added: %q", show(added))
		}
		if strings.Trim(added, "\u200e\u200f\u2066\u2067\u2069 ") != "" {
			t.Fatalf("something else than marks and spaces added: %q", added)
		}
		if got := arabic.FirstStrong(bot.Plain(out)); strings.TrimSpace(bot.Plain(line)) != "" && arabicReply && got != arabic.RTL {
			t.Fatalf("an Arabic line does not start right-to-left: %q", show(bot.Plain(out)))
		}
	})
}
